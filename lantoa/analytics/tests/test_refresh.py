"""The incremental refresh: what it hears from the other apps' domain events,
what it finds by time, what it leaves to the rebuild."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.analytics.models import (
    ChangedMonth,
    ChangedUnit,
    RefreshState,
    UnitFacts,
    UnitMonthFacts,
)
from lantoa.analytics.services.refresh import analytics_refresh, months_changed_by_deliveries
from lantoa.analytics.services.state_facts import STALE_DAYS
from lantoa.analytics.tests.factories import DeliveryFactory, MetricSnapshotFactory
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.tests.factories import IssueFactory
from lantoa.campaigns.choices import RequiredAction
from lantoa.campaigns.services.adoption import task_proof_add
from lantoa.campaigns.services.reminders import tasks_mark_late
from lantoa.campaigns.tests.factories import DirectiveTaskFactory
from lantoa.channels.choices import DeliveryStatus, Platform
from lantoa.channels.events import METRICS_PULLED
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services.credentials import account_mark_broken
from lantoa.channels.services.outbox import delivery_sent_announce
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import events
from lantoa.core.actors import SYSTEM
from lantoa.core.models import EventDelivery
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


@pytest.fixture
def heard(django_capture_on_commit_callbacks):
    """Run a block as the apps do: its events are heard after commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _sent(heard, **fields):
    """A delivery that went out, announced as the outbox announces it."""
    with heard():
        delivery = DeliveryFactory(**fields)
        delivery_sent_announce(delivery)
    return delivery


def _pulled(heard, account, deliveries=(), followers=False):
    with heard():
        events.announce(
            METRICS_PULLED,
            account_id=account.pk,
            unit_id=account.unit_id,
            delivery_ids=[d.pk for d in deliveries],
            followers=followers,
            taken_at=timezone.now().isoformat(),
        )


def test_first_run_is_a_rebuild(tree):
    result = analytics_refresh()

    assert result.full is True
    assert UnitFacts.objects.count() == 7
    state = RefreshState.objects.get()
    assert state.rebuilt_at is not None
    assert state.finished_at == state.rebuilt_at


def test_a_delivery_heard_going_out_marks_only_its_unit(tree, channel, heard):
    analytics_refresh(full=True)
    _sent(heard, account=channel)
    assert ChangedMonth.objects.count() == 1

    result = analytics_refresh()

    assert (result.full, result.dirty_units) == (False, 1)
    assert UnitMonthFacts.objects.get().deliveries_sent == 1
    assert not ChangedMonth.objects.exists()


def test_a_queued_delivery_counts_once_it_is_heard_going_out(tree, channel, heard):
    analytics_refresh(full=True)
    delivery = DeliveryFactory(account=channel, status=DeliveryStatus.QUEUED, sent_at=None)
    assert analytics_refresh().dirty_units == 0
    assert _month_total("deliveries_sent") == 0

    # Retried by hand days later, say: it goes out and says so.
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    with heard():
        delivery_sent_announce(Delivery.objects.get(pk=delivery.pk))
    result = analytics_refresh()

    assert result.dirty_units == 1
    assert _month_total("deliveries_sent") == 1


def test_a_change_heard_twice_is_recomputed_once(tree, channel, heard):
    delivery = _sent(heard, account=channel)
    (subscriber,) = EventDelivery.objects.filter(subscriber="analytics.facts_follow")
    assert subscriber.status == EventDelivery.Status.DONE
    # Replayed, re-announced, or the same change heard from another event.
    assert events.event_delivery_run(delivery_id=subscriber.pk) is False
    with heard():
        delivery_sent_announce(delivery)
    months_changed_by_deliveries([delivery.pk])
    assert ChangedMonth.objects.count() == 1
    analytics_refresh()
    assert _month_total("deliveries_sent") == 1


def test_nothing_heard_nothing_recomputed(tree, channel):
    DeliveryFactory(account=channel)
    analytics_refresh(full=True)

    first = analytics_refresh()
    second = analytics_refresh()

    assert (first.dirty_units, second.dirty_units) == (0, 0)


def test_changes_heard_before_a_rebuild_are_covered_by_it(tree, channel, heard):
    analytics_refresh(full=True)
    _sent(heard, account=channel)
    analytics_refresh(full=True)
    assert not ChangedMonth.objects.exists()
    assert _month_total("deliveries_sent") == 1
    assert analytics_refresh().dirty_units == 0


def test_pulled_figures_update_the_reach_of_an_old_delivery(tree, channel, heard):
    delivery = DeliveryFactory(account=channel)
    MetricSnapshotFactory(delivery=delivery, reach=10)
    analytics_refresh(full=True)
    analytics_refresh()
    assert _month_total("reach") == 10

    MetricSnapshotFactory(delivery=delivery, reach=25)
    _pulled(heard, channel, [delivery])
    analytics_refresh()

    assert _month_total("reach") == 25


def test_followers_read_update_the_units_state(tree, channel, heard):
    analytics_refresh(full=True)
    ChannelAccount.objects.filter(pk=channel.pk).update(followers=500)
    _pulled(heard, channel, followers=True)
    assert list(ChangedUnit.objects.values_list("unit_id", flat=True)) == [tree.unit.pk]

    analytics_refresh()

    assert UnitFacts.objects.get(unit=tree.unit).followers == 500
    assert not ChangedUnit.objects.exists()


def test_published_and_unpublished_articles_are_heard(tree, pages, heard):
    home = UnitSiteHomeFactory(unit=tree.unit)
    section = SectionIndexFactory(parent=home)
    analytics_refresh(full=True)
    article = ArticlePageFactory(parent=section, live=False, first_published_at=None)

    with heard():
        article.save_revision().publish()
    result = analytics_refresh()

    assert result.dirty_units == 1
    assert _month_total("articles") == 1
    assert UnitFacts.objects.get(unit=tree.unit).has_site is True

    article.refresh_from_db()
    with heard():
        article.unpublish()
    assert analytics_refresh().dirty_units == 1
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


def test_a_task_done_through_the_service_is_heard(tree, heard):
    task = DirectiveTaskFactory(
        unit=tree.unit,
        directive__sender_unit=tree.root,
        directive__required_actions=[RequiredAction.REPORT_RESULT],
        due_at=timezone.now() + dt.timedelta(days=3),
    )
    analytics_refresh(full=True)
    analytics_refresh()
    assert _month_total("tasks_open") == 1

    with heard():
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


def test_an_open_task_turns_late_when_it_is_heard_overdue(tree, heard):
    now = timezone.now()
    DirectiveTaskFactory(unit=tree.unit, due_at=now + dt.timedelta(hours=1))
    analytics_refresh(full=True, now=now)
    assert (_month_total("tasks_open"), _month_total("tasks_late")) == (1, 0)

    later = now + dt.timedelta(hours=2)
    with heard():
        assert tasks_mark_late(actor=SYSTEM, now=later) == 1
    result = analytics_refresh(now=later)

    assert result.dirty_units == 1
    assert (_month_total("tasks_open"), _month_total("tasks_late")) == (0, 1)


def test_event_attendance_and_programme_sessions_roll_up_by_unit_and_month(tree, heard):
    """An approved event counts for its organiser in the month it starts, a
    check-in for the member's unit in the month of the check-in, a session
    for the reporting unit in the month it was held; each is heard from the
    events app, and the dashboard rolls them up the tree (cached and live)
    as the events app counts them itself."""
    from lantoa.analytics.periods import Period, add_months, month_start
    from lantoa.analytics.selectors import dashboard_for
    from lantoa.events.selectors import participation_figures
    from lantoa.events.services import attendance
    from lantoa.events.tests.factories import event_approved, programme, register, session

    analytics_refresh(full=True)
    now = timezone.now()
    with heard():
        event = event_approved(
            tree.parent,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=2),
            registration_closes_at=now + dt.timedelta(hours=1),
        )
    codes = [register(event, MemberFactory(unit=unit)).code for unit in (tree.child, tree.sibling)]
    register(event, MemberFactory(unit=tree.child))  # registered, never came
    for code in codes:
        with heard():
            attendance.checkin_record(actor=SYSTEM, event=event, code=code)
    exercise = programme(tree.parent, days_before=120)
    this_month = month_start(timezone.localdate())
    held_before = add_months(this_month, -2) + dt.timedelta(days=14)
    with heard():
        session(exercise, tree.unit, participants=30)
        session(
            exercise, tree.unit, participants=12, days_ago=(timezone.localdate() - held_before).days
        )
        session(exercise, tree.sibling, participants=25)
    assert set(ChangedMonth.objects.values_list("unit_id", "month")) == {
        (tree.parent.pk, this_month),  # the event
        (tree.unit.pk, this_month),  # a session
        (tree.child.pk, this_month),
        (tree.sibling.pk, this_month),
        (tree.unit.pk, add_months(this_month, -2)),
    }

    result = analytics_refresh()

    assert (result.full, result.dirty_units) == (False, 4)
    facts = {
        (f.unit_id, f.month): (
            f.events_held,
            f.attendees,
            f.programme_sessions,
            f.session_participants,
        )
        for f in UnitMonthFacts.objects.all()
    }
    assert facts == {
        (tree.parent.pk, this_month): (1, 0, 0, 0),
        (tree.unit.pk, this_month): (0, 0, 1, 30),
        (tree.unit.pk, add_months(this_month, -2)): (0, 0, 1, 12),
        (tree.child.pk, this_month): (0, 1, 0, 0),
        (tree.sibling.pk, this_month): (0, 1, 1, 25),
    }
    period = Period(add_months(this_month, -2), this_month)
    for unit in (tree.root, tree.parent, tree.unit):
        for use_cache in (True, False):
            dash = dashboard_for(unit, period, use_cache=use_cache)
            live = participation_figures(unit, period.starts_at, period.ends_at)
            out = dash.output
            assert (out.events_held, out.attendees, out.programme_sessions) == (
                live.events_held,
                live.attendees,
                live.sessions,
            )
            assert out.session_participants == live.session_participants
    dash = dashboard_for(tree.parent, period)
    assert (dash.output.attendees, dash.output.session_participants) == (2, 67)
    by_child = {b.unit.pk: b.output for b in dash.children}
    assert (by_child[tree.unit.pk].attendees, by_child[tree.unit.pk].session_participants) == (
        1,
        42,
    )
    assert [r.output.session_participants for r in dash.months] == [12, 0, 55]
    assert (
        dashboard_for(tree.uncle, period).output.attendees,
        dashboard_for(tree.uncle, period).output.events_held,
    ) == (0, 0)


def test_an_approved_event_cancelled_is_no_longer_held(tree, heard):
    from lantoa.events.services import gatherings
    from lantoa.events.tests.factories import event_approved

    analytics_refresh(full=True)
    with heard():
        event = event_approved(tree.unit, days=1)
    analytics_refresh()
    assert _month_total("events_held") == 1

    with heard():
        gatherings.event_cancel(actor=SYSTEM, event=event, note="Hoãn vì bão")
    assert ChangedMonth.objects.count() == 1
    analytics_refresh()

    assert _month_total("events_held") == 0
