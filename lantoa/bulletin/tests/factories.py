"""Factories of the bulletin. Articles are the newsroom's pages, reached
through the app registry: the bulletin (layer 2) never imports the newsroom."""

import datetime as dt
import io

import factory
import wagtail_factories
from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from wagtail.models import Page

from lantoa.bulletin.choices import SubscriberState
from lantoa.bulletin.models import Bulletin, ExternalSubscriber, Issue, IssueArticle
from lantoa.org.tests.factories import OrgUnitFactory


def jpeg_bytes(width: int = 1200, height: int = 800, color: str = "#2b5d8a") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Ảnh bản tin {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(jpeg_bytes(), name="anh.jpg"))


class ArticleFactory(wagtail_factories.PageFactory):
    """A live newsroom article of `unit`, under Wagtail's root page by default."""

    class Meta:
        model = apps.get_model("newsroom", "ArticlePage")

    title = factory.Sequence(lambda n: f"Tin bài bản tin số {n}")
    slug = factory.Sequence(lambda n: f"tin-bai-ban-tin-{n}")
    lead = "Công đoàn chăm lo đời sống, việc làm của người lao động."
    author = "Ban Tuyên giáo"
    unit = factory.SubFactory(OrgUnitFactory)
    parent = factory.LazyFunction(Page.get_first_root_node)
    live = True
    first_published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    last_published_at = factory.SelfAttribute("first_published_at")


class BulletinFactory(DjangoModelFactory):
    class Meta:
        model = Bulletin

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.LazyAttribute(lambda o: f"Bản tin {o.unit.name}")
    tagline = "Tiếng nói của người lao động Dầu khí"


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = Issue

    bulletin = factory.SubFactory(BulletinFactory)
    number = factory.Sequence(lambda n: n + 1)
    year = 2023
    period_start = dt.date(2023, 10, 1)
    period_end = dt.date(2023, 10, 31)
    title = "Người lao động Dầu khí vững vàng vượt khó"
    editorial = "<p>Số bản tin tháng Mười gửi đến đoàn viên những hoạt động nổi bật.</p>"


class IssueArticleFactory(DjangoModelFactory):
    class Meta:
        model = IssueArticle

    issue = factory.SubFactory(IssueFactory)
    section = "Hoạt động công đoàn"
    page = factory.SubFactory(ArticleFactory)
    sort_order = factory.Sequence(lambda n: n)


class ExternalSubscriberFactory(DjangoModelFactory):
    class Meta:
        model = ExternalSubscriber

    bulletin = factory.SubFactory(BulletinFactory)
    email = factory.Sequence(lambda n: f"bandoc{n}@example.org")
    name = "Bạn đọc"
    state = SubscriberState.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
