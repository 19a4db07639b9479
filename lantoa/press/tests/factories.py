"""Factories for press relations. Demo data and tests build them the same way."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.org.tests.factories import OrgUnitFactory
from lantoa.press.choices import Beat, ReleaseState, Tone
from lantoa.press.models import Clipping, Journalist, Outlet, PressRelease, ReleaseRecipient


class OutletFactory(DjangoModelFactory):
    class Meta:
        model = Outlet

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Báo Lao Động số {n}")
    website = factory.Sequence(lambda n: f"https://bao{n}.example.vn/")
    reach = 50_000


class JournalistFactory(DjangoModelFactory):
    class Meta:
        model = Journalist

    unit = factory.SubFactory(OrgUnitFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.Sequence(lambda n: f"phongvien{n}@bao.example.vn")
    beats = factory.LazyFunction(lambda: [Beat.LABOUR, Beat.ENERGY])
    consent = True
    consent_at = factory.LazyFunction(timezone.now)
    consent_note = "Đồng ý qua điện thoại"


class PressReleaseFactory(DjangoModelFactory):
    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"Thông cáo báo chí số {n}")
    summary = "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân."
    body = "<p>Nội dung thông cáo.</p>"
    contact_name = "Trần Thị Hoa"
    contact_email = "hoa.tran@example.vn"

    class Params:
        submitted = factory.Trait(
            state=ReleaseState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            state=ReleaseState.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def to(obj, create, extracted, **kwargs):
        """`to=[journalist, …]`: the recipients."""
        for journalist in extracted or []:
            ReleaseRecipient.objects.create(release=obj, journalist=journalist)


class ClippingFactory(DjangoModelFactory):
    class Meta:
        model = Clipping

    unit = factory.SubFactory(OrgUnitFactory)
    outlet = factory.SubFactory(OutletFactory, unit=factory.SelfAttribute("..unit"))
    url = factory.Sequence(lambda n: f"https://bao.example.vn/bai-{n}.html")
    title = factory.Sequence(lambda n: f"Người lao động dầu khí hưởng ứng phong trào {n}")
    published_on = factory.LazyFunction(lambda: dt.date(2026, 5, 4))
    tone = Tone.POSITIVE
