"""Factories of the campaigns app. The demo loader builds data the same way
(through the services); tests use these for the rest."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.campaigns.choices import (
    CalendarChannel,
    DirectiveStatus,
    PhaseKind,
    RequiredAction,
    TaskState,
)
from lantoa.campaigns.models import (
    Campaign,
    CampaignPhase,
    Directive,
    DirectiveTask,
    PlanItem,
)
from lantoa.org.tests.factories import OrgUnitFactory


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"Tháng Công nhân {2026 + n}")
    description = "Chăm lo đời sống, việc làm của người lao động."
    starts_on = dt.date(2026, 5, 1)
    ends_on = dt.date(2026, 5, 31)
    key_messages = "Tháng Công nhân vì người lao động\nAn toàn để sản xuất"
    hashtags = "#ThangCongNhan2026 #AnToanLaoDong"


class CampaignPhaseFactory(DjangoModelFactory):
    class Meta:
        model = CampaignPhase

    campaign = factory.SubFactory(CampaignFactory)
    kind = PhaseKind.WORKERS_MONTH
    starts_on = factory.SelfAttribute("campaign.starts_on")
    ends_on = factory.SelfAttribute("campaign.ends_on")
    sort_order = factory.Sequence(int)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"Bài về gương người lao động tiêu biểu số {n}")
    channel = CalendarChannel.WEBSITE
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))


class DirectiveFactory(DjangoModelFactory):
    """A draft directive; `DirectiveFactory(sent=True)` is marked sent
    (tasks are made with DirectiveTaskFactory or the service)."""

    class Meta:
        model = Directive

    sender_unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"Định hướng tuyên truyền Tháng Công nhân số {n}")
    instructions = "Đăng tin trên trang tin và fanpage của đơn vị, báo cáo ý kiến đoàn viên."
    site_title = "Phát động Tháng Công nhân năm 2026"
    site_lead = "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân với chủ đề vì người lao động."
    site_body = "<p>Các công đoàn cơ sở tổ chức thăm hỏi, tặng quà đoàn viên khó khăn.</p>"
    post_text = "Hưởng ứng Tháng Công nhân 2026 #ThangCongNhan2026"
    required_actions = factory.LazyFunction(lambda: [RequiredAction.PUBLISH_SITE])
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))

    class Params:
        sent = factory.Trait(
            status=DirectiveStatus.SENT, sent_at=factory.LazyFunction(timezone.now)
        )


class DirectiveTaskFactory(DjangoModelFactory):
    class Meta:
        model = DirectiveTask

    directive = factory.SubFactory(DirectiveFactory, sent=True)
    unit = factory.SubFactory(OrgUnitFactory)
    state = TaskState.NEW
    due_at = factory.SelfAttribute("directive.due_at")
