"""Factories for incidents. Demo data and tests build them the same way."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.incidents.choices import Category, ReportSource, Severity, StepRole
from lantoa.incidents.models import Fact, Incident, Playbook, PlaybookStep, Report
from lantoa.org.tests.factories import OrgUnitFactory


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    unit = factory.SubFactory(OrgUnitFactory)
    source = ReportSource.OFFICER
    source_key = factory.Sequence(lambda n: f"officer:test-{n}")
    text = "Trang mạo danh công đoàn đăng tin sai về Đại hội"
    received_at = factory.LazyFunction(timezone.now)


class IncidentFactory(DjangoModelFactory):
    class Meta:
        model = Incident

    unit = factory.SubFactory(OrgUnitFactory)
    handling_unit = factory.SelfAttribute("unit")
    title = factory.Sequence(lambda n: f"Tin sai về Đại hội số {n}")
    claim = "Đại hội Công đoàn bị hoãn vô thời hạn"
    category = Category.FALSE_CLAIM
    severity = Severity.MEDIUM
    detected_at = factory.LazyFunction(timezone.now)


class FactFactory(DjangoModelFactory):
    class Meta:
        model = Fact

    unit = factory.SubFactory(OrgUnitFactory)
    statement = factory.Sequence(lambda n: f"Dữ kiện đã kiểm chứng số {n}")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    sources = factory.LazyFunction(lambda: [{"title": "Nghị quyết Đại hội", "url": ""}])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from lantoa.incidents.services.facts import fact_search_text

        obj = model_class(*args, **kwargs)
        obj.search_text = fact_search_text(obj)
        obj.save()
        return obj


class PlaybookFactory(DjangoModelFactory):
    class Meta:
        model = Playbook

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Kịch bản tin sai số {n}")
    category = Category.FALSE_CLAIM


class PlaybookStepFactory(DjangoModelFactory):
    class Meta:
        model = PlaybookStep

    playbook = factory.SubFactory(PlaybookFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Bước {n + 1}")
    role = StepRole.OFFICER
    due_minutes = 60


RUMOUR = {
    "title": "Tin đồn hoãn Đại hội",
    "category": Category.FALSE_CLAIM,
    "severity": Severity.MEDIUM,
}


def rumour_open(actor, unit, **fields):
    """An incident opened through the service, by default the rumour the
    incidents tests meet ("Đại hội bị hoãn", a false claim, medium severity)."""
    from lantoa.incidents.services import incidents

    return incidents.incident_open(actor=actor, unit=unit, **{**RUMOUR, **fields})
