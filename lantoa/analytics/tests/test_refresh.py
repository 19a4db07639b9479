"""The incremental refresh: what it notices, what it leaves to the rebuild."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.analytics.models import (
    DirtyMonth,
    PendingDelivery,
    RefreshState,
    UnitFacts,
    UnitMonthFacts,
)
from lantoa.analytics.services.refresh import FAILED_WATCH, analytics_refresh
from lantoa.analytics.services.state_facts import STALE_DAYS
from lantoa.analytics.tests.factories import DeliveryFactory, MetricSnapshotFactory
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.tests.factories import IssueFactory
from lantoa.campaigns.choices import RequiredAction
from lantoa.campaigns.services.adoption import task_proof_add
from lantoa.campaigns.tests.factories import DirectiveTaskFactory
from lantoa.channels.choices import DeliveryStatus, Platform
from lantoa.channels.models import Delivery
from lantoa.channels.services.credentials import account_mark_broken
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.newsroom.tests.factories import (
    ArticlePageFactory,
    SectionIndexFactory,
    UnitSiteHomeFactory,
)
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, UserFactory


def _month_total(field: str) -> int:
    return sum(UnitMonthFacts.objects.values_list(field, flat=True))


@pytest.fixture
def channel(tree):
    return ChannelAccountFactory(unit=tree.unit, platform=Platform.TELEGRAM_CHANNEL)


def test_first_run_is_a_rebuild(tree):
    result = analytics_refresh()

    assert result.full is True
    assert UnitFacts.objects.count() == 7
    state = RefreshState.objects.get()
    assert state.rebuilt_at is not None
    assert state.finished_at == state.rebuilt_at


def test_new_delivery_marks_only_its_unit(tree, channel):
    analytics_refresh(full=True)
    DeliveryFactory(account=channel)

    result = analytics_refresh()

    assert (result.full, result.dirty_units) == (False, 1)
    assert UnitMonthFacts.objects.get().deliveries_sent == 1
    assert not DirtyMonth.objects.exists()


def test_queued_delivery_counts_once_it_is_sent(tree, channel):
    analytics_refresh(full=True)
    delivery = DeliveryFactory(account=channel, status=DeliveryStatus.QUEUED, sent_at=None)
    analytics_refresh()
    assert list(PendingDelivery.objects.values_list("delivery_id", flat=True)) == [delivery.pk]
    assert _month_total("deliveries_sent") == 0
    # Two refreshes later its id lies below both watermarks: only the pending
    # list still knows about it.
    analytics_refresh()
    assert RefreshState.objects.get().marks["delivery"]["prev"] >= delivery.pk

    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    result = analytics_refresh()

    assert result.dirty_units == 1
    assert _month_total("deliveries_sent") == 1
    assert not PendingDelivery.objects.exists()


def test_cancelled_delivery_leaves_the_pending_list_uncounted(tree, channel):
    analytics_refresh(full=True)
    delivery = DeliveryFactory(account=channel, status=DeliveryStatus.SCHEDULED, sent_at=None)
    analytics_refresh()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.CANCELLED)

    result = analytics_refresh()

    assert result.dirty_units == 0
    assert not PendingDelivery.objects.exists()
    assert _month_total("deliveries_sent") == 0


def test_late_commit_below_the_watermark_is_still_seen(tree, channel):
    analytics_refresh(full=True)
    analytics_refresh()
    delivery = DeliveryFactory(account=channel)
    # As if the last refresh had read this id as the newest one while its
    # transaction was still open, so that it saw (and counted) no row.
    state = RefreshState.objects.get()
    state.marks["delivery"] = {"prev": delivery.pk - 1, "mark": delivery.pk, "seen": 0}
    state.save(update_fields=["marks"])

    analytics_refresh()

    assert _month_total("deliveries_sent") == 1


def test_rows_below_the_watermark_are_not_read_again(tree, channel):
    DeliveryFactory(account=channel)
    analytics_refresh(full=True)

    first = analytics_refresh()
    second = analytics_refresh()

    # The rebuild counted what it saw; nothing committed late since.
    assert (first.dirty_units, second.dirty_units) == (0, 0)


def test_new_snapshot_updates_reach_of_an_old_delivery(tree, channel):
    delivery = DeliveryFactory(account=channel)
    MetricSnapshotFactory(delivery=delivery, reach=10)
    analytics_refresh(full=True)
    analytics_refresh()
    assert _month_total("reach") == 10

    MetricSnapshotFactory(delivery=delivery, reach=25)
    analytics_refresh()

    assert _month_total("reach") == 25


def test_published_article_is_counted_through_wagtails_log(tree, pages):
    home = UnitSiteHomeFactory(unit=tree.unit)
    section = SectionIndexFactory(parent=home)
    analytics_refresh(full=True)
    article = ArticlePageFactory(parent=section, live=False, first_published_at=None)

    article.save_revision().publish()
    result = analytics_refresh()

    assert result.dirty_units == 1
    assert _month_total("articles") == 1
    assert UnitFacts.objects.get(unit=tree.unit).has_site is True

    article.refresh_from_db()
    article.unpublish()
    analytics_refresh()
    assert _month_total("articles") == 0


def test_sent_issue_is_counted(tree):
    analytics_refresh(full=True)
    IssueFactory(
        bulletin__unit=tree.parent,
        state=IssueState.SENT,
        sent_at=timezone.now(),
        recipients_total=40,
    )

    analytics_refresh()

    facts = UnitMonthFacts.objects.get()
    assert (facts.unit_id, facts.issues_sent, facts.issue_recipients) == (tree.parent.pk, 1, 40)
    assert UnitFacts.objects.get(unit=tree.parent).bulletin_recipients == 40


def test_channel_turns_stale_with_time_alone(tree, channel):
    now = timezone.now()
    channel.last_success_at = now
    channel.save(update_fields=["last_success_at"])
    analytics_refresh(full=True, now=now)
    assert UnitFacts.objects.get(unit=tree.unit).social_live == 1

    analytics_refresh(now=now + dt.timedelta(days=STALE_DAYS + 1))

    facts = UnitFacts.objects.get(unit=tree.unit)
    assert (facts.social_live, facts.stale_channels) == (0, 1)


def test_deleted_channel_leaves_the_facts_at_the_rebuild(tree, channel):
    analytics_refresh(full=True)
    channel.delete()

    # Nothing marks a deleted row: the daily rebuild catches it.
    analytics_refresh()
    assert UnitFacts.objects.get(unit=tree.unit).channels == 1

    analytics_refresh(full=True)
    assert UnitFacts.objects.get(unit=tree.unit).channels == 0


def test_channel_state_change_is_seen_by_the_next_refresh(tree, channel):
    analytics_refresh(full=True)
    account_mark_broken(account_id=channel.pk, message="Token hết hạn")

    analytics_refresh()

    facts = UnitFacts.objects.get(unit=tree.unit)
    assert (facts.channels, facts.channels_active, facts.social_live) == (1, 0, 0)


def test_new_unit_gets_its_facts_row(tree):
    analytics_refresh(full=True)
    new = OrgUnitFactory(parent=tree.parent, code="NEW")
    ChannelAccountFactory(unit=new, platform=Platform.ZALO_OA)

    analytics_refresh()

    assert UnitFacts.objects.get(unit=new).social_live == 1


def test_members_are_counted_by_the_rebuild_only(tree):
    analytics_refresh(full=True)
    MemberFactory(unit=tree.unit)

    analytics_refresh()
    assert UnitFacts.objects.get(unit=tree.unit).members == 0

    analytics_refresh(full=True)
    assert UnitFacts.objects.get(unit=tree.unit).members == 1


def test_deleted_delivery_waits_for_the_rebuild(tree, channel):
    delivery = DeliveryFactory(account=channel)
    analytics_refresh(full=True)
    delivery.delete()

    analytics_refresh()
    assert _month_total("deliveries_sent") == 1

    analytics_refresh(full=True)
    assert _month_total("deliveries_sent") == 0


def test_refresh_is_idempotent(tree, channel):
    DeliveryFactory(account=channel)
    analytics_refresh(full=True)
    facts = list(UnitFacts.objects.order_by("pk").values())
    months = list(UnitMonthFacts.objects.order_by("pk").values("unit", "month", "deliveries_sent"))

    analytics_refresh()
    analytics_refresh()

    assert list(UnitFacts.objects.order_by("pk").values()) == facts
    assert list(UnitMonthFacts.objects.values("unit", "month", "deliveries_sent")) == months


def test_task_done_through_the_service_is_seen_by_the_next_refresh(tree):
    task = DirectiveTaskFactory(
        unit=tree.unit,
        directive__sender_unit=tree.root,
        directive__required_actions=[RequiredAction.REPORT_RESULT],
        due_at=timezone.now() + dt.timedelta(days=3),
    )
    analytics_refresh(full=True)
    analytics_refresh()
    assert _month_total("tasks_open") == 1

    task_proof_add(
        actor=UserFactory(is_superuser=True),
        task=task,
        action=RequiredAction.REPORT_RESULT,
        note="Đã tổ chức hội nghị.",
    )
    result = analytics_refresh()

    assert result.dirty_units == 1
    assert (_month_total("tasks_done"), _month_total("tasks_on_time")) == (1, 1)
    assert _month_total("tasks_open") == 0


def test_open_task_turns_late_when_its_due_time_passes(tree):
    now = timezone.now()
    DirectiveTaskFactory(unit=tree.unit, due_at=now + dt.timedelta(hours=1))
    analytics_refresh(full=True, now=now)
    assert (_month_total("tasks_open"), _month_total("tasks_late")) == (1, 0)

    result = analytics_refresh(now=now + dt.timedelta(hours=2))

    assert result.dirty_units == 1
    assert (_month_total("tasks_open"), _month_total("tasks_late")) == (0, 1)


def test_a_failed_delivery_retried_by_hand_is_counted_when_it_goes_out(tree, channel):
    analytics_refresh(full=True)
    delivery = DeliveryFactory(account=channel, status=DeliveryStatus.FAILED, sent_at=None)
    analytics_refresh()
    analytics_refresh()
    assert PendingDelivery.objects.filter(delivery_id=delivery.pk).exists()

    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), updated_at=timezone.now()
    )
    analytics_refresh()

    assert _month_total("deliveries_sent") == 1


def test_old_dead_letters_are_not_watched(tree, channel):
    delivery = DeliveryFactory(account=channel, status=DeliveryStatus.FAILED, sent_at=None)
    Delivery.objects.filter(pk=delivery.pk).update(
        updated_at=timezone.now() - FAILED_WATCH - dt.timedelta(days=1)
    )

    analytics_refresh(full=True)

    assert not PendingDelivery.objects.exists()
