"""Indicators on a hand-built tree, each figure worked out by hand.

root (industry union, site, bulletin: 3 confirmed + 1 pending subscriber,
│     last sent issue to 120 recipients)
├── parent (direct union, e-mail list channel, unpublished site)
│   ├── unit (grassroots, site; Telegram posting, Facebook stale with 500
│   │   │     followers; 2 active members)
│   │   └── child (group; Telegram posting, 20 followers; 1 active member)
│   │       └── grandchild (group)
│   └── sibling (grassroots; paused Zalo; 1 member who left)
└── uncle (direct union; Facebook connected 5 days ago, never posted)
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lantoa.analytics.figures import Compliance, Coverage, Output, percent
from lantoa.analytics.periods import Period, add_months
from lantoa.analytics.selectors import dashboard_for, term_figures
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.analytics.tests.factories import DeliveryFactory, MetricSnapshotFactory
from lantoa.bulletin.choices import IssueState, SubscriberState
from lantoa.bulletin.tests.factories import (
    BulletinFactory,
    ExternalSubscriberFactory,
    IssueFactory,
)
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
)
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.newsroom.tests.factories import (
    ArticlePageFactory,
    SectionIndexFactory,
    UnitSiteHomeFactory,
)
from lantoa.org.choices import MemberStatus, UnitKind
from lantoa.org.services import unit_update
from lantoa.org.tests.factories import MemberFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(month: dt.date, day: int = 15, hour: int = 10) -> dt.datetime:
    return dt.datetime(month.year, month.month, day, hour, tzinfo=HCM)


@pytest.fixture
def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def world(tree, pages, this_month):
    now = timezone.now()
    last_month = add_months(this_month, -1)
    t = tree
    # Channels
    tg = ChannelAccountFactory(unit=t.unit, platform=Platform.TELEGRAM_CHANNEL)
    fb = ChannelAccountFactory(
        unit=t.unit,
        platform=Platform.FACEBOOK_PAGE,
        followers=500,
        last_success_at=now - dt.timedelta(days=40),
    )
    fb.created_at = now - dt.timedelta(days=400)
    fb.save(update_fields=["created_at"])
    ChannelAccountFactory(unit=t.sibling, platform=Platform.ZALO_OA, state=AccountState.PAUSED)
    ChannelAccountFactory(unit=t.uncle, platform=Platform.FACEBOOK_PAGE)
    ChannelAccountFactory(unit=t.parent, platform=Platform.EMAIL_LIST)
    child_tg = ChannelAccountFactory(
        unit=t.child, platform=Platform.TELEGRAM_CHANNEL, followers=20, last_success_at=now
    )
    # Output: post A on both of unit's channels this month, post B on
    # Telegram last month, one failed delivery, one of the child's.
    post_a = PostFactory(unit=t.unit)
    d_tg = DeliveryFactory(account=tg, post=post_a, sent_at=_at(this_month, 2))
    d_fb = DeliveryFactory(account=fb, post=post_a, sent_at=_at(this_month, 3))
    DeliveryFactory(account=tg, sent_at=_at(last_month, 20))
    DeliveryFactory(account=tg, status=DeliveryStatus.FAILED, sent_at=None)
    # 31st/30th 20:00 UTC is already the 1st in Vietnam: it counts this month.
    month_end_utc = dt.datetime.combine(this_month, dt.time(20), tzinfo=dt.UTC) - dt.timedelta(
        days=1
    )
    DeliveryFactory(account=child_tg, sent_at=month_end_utc)
    MetricSnapshotFactory(delivery=d_tg, reach=50, taken_at=now - dt.timedelta(hours=5))
    MetricSnapshotFactory(delivery=d_tg, reach=80, taken_at=now - dt.timedelta(hours=1))
    MetricSnapshotFactory(delivery=d_fb, reach=30)
    # Sites and articles
    root_home = UnitSiteHomeFactory(unit=t.root)
    UnitSiteHomeFactory(unit=t.parent, parent=root_home, live=False)
    unit_home = UnitSiteHomeFactory(unit=t.unit, parent=root_home)
    section = SectionIndexFactory(parent=unit_home)
    ArticlePageFactory(parent=section, first_published_at=_at(this_month, 1))
    ArticlePageFactory(parent=section, first_published_at=_at(last_month, 1))
    ArticlePageFactory(parent=section, first_published_at=None, live=False)
    # Bulletins
    bulletin = BulletinFactory(unit=t.root)
    for _ in range(3):
        ExternalSubscriberFactory(bulletin=bulletin)
    ExternalSubscriberFactory(bulletin=bulletin, state=SubscriberState.PENDING)
    IssueFactory(
        bulletin=bulletin,
        state=IssueState.SENT,
        sent_at=_at(this_month, 5),
        recipients_total=120,
    )
    IssueFactory(bulletin=bulletin, state=IssueState.DRAFT)
    BulletinFactory(unit=t.unit, is_active=False)
    # Members
    MemberFactory.create_batch(2, unit=t.unit)
    MemberFactory(unit=t.child)
    MemberFactory(unit=t.sibling, status=MemberStatus.LEFT)
    analytics_refresh(full=True)
    return t


def test_root_coverage_counts_every_level_but_groups(world):
    dash = dashboard_for(world.root, Period.last_months(12))

    assert dash.coverage == Coverage(
        units=5,
        units_social=2,  # unit (Telegram) and uncle (new Facebook page)
        units_site=2,  # root and unit; parent's home is not published
        units_bulletin=1,  # unit's bulletin is not being issued
        all_units=7,
        members=3,
        channels=6,
        channels_active=5,
        social_live=3,
        stale_channels=1,
        followers=520,
        followers_channels=2,
        bulletin_subscribers=3,
        bulletin_recipients=120,
    )
    assert (dash.coverage.pct_social, dash.coverage.pct_site, dash.coverage.pct_bulletin) == (
        40.0,
        40.0,
        20.0,
    )
    assert dash.coverage.reachable == 643


def test_root_breakdowns_by_level_child_and_platform(world):
    dash = dashboard_for(world.root, Period.last_months(12))

    assert [(k.kind, k.coverage.units, k.coverage.units_social) for k in dash.kinds] == [
        (UnitKind.INDUSTRY_UNION, 1, 0),
        (UnitKind.DIRECT_UNION, 2, 1),
        (UnitKind.GRASSROOTS_UNION, 2, 1),
        (UnitKind.UNION_GROUP, 0, 0),
    ]
    assert [k.counted for k in dash.kinds] == [True, True, True, False]
    assert [(b.unit.code, b.coverage.units, b.coverage.pct_social) for b in dash.children] == [
        ("PVGAS", 3, 33.3),
        ("BSR", 1, 100.0),
    ]
    assert (dash.own.coverage.units, dash.own.coverage.units_site) == (1, 1)
    assert [
        (p.platform, p.channels, p.active, p.live, p.stale, p.followers) for p in dash.platforms
    ] == [
        (Platform.FACEBOOK_PAGE, 2, 2, 1, 1, 500),
        (Platform.ZALO_OA, 1, 0, 0, 0, 0),
        (Platform.TELEGRAM_CHANNEL, 2, 2, 2, 0, 20),
        (Platform.EMAIL_LIST, 1, 1, 1, 0, 0),
    ]


def test_output_by_month_in_local_time(world, this_month):
    dash = dashboard_for(world.root, Period.last_months(12))
    months = {row.month: row.output for row in dash.months}

    assert months[this_month] == Output(
        articles=1,
        posts_sent=2,  # post A (two channels) and the child's post
        deliveries_sent=3,
        reach=110,  # newest Telegram snapshot (80) + Facebook (30)
        issues_sent=1,
        issue_recipients=120,
    )
    assert months[add_months(this_month, -1)] == Output(articles=1, posts_sent=1, deliveries_sent=1)
    assert len(dash.months) == 12
    assert sum((r.output for r in dash.months), Output()) == dash.output
    assert dash.own.output == Output(issues_sent=1, issue_recipients=120)


def test_grassroots_unit_dashboard_counts_itself_and_its_groups(world, this_month):
    dash = dashboard_for(world.unit, Period(this_month, this_month))

    assert (dash.coverage.units, dash.coverage.all_units, dash.coverage.units_social) == (1, 3, 1)
    assert dash.coverage.members == 3
    assert [b.unit.code for b in dash.children] == ["KVT-KC"]
    assert dash.children[0].output.deliveries_sent == 1
    assert dash.own.output.deliveries_sent == 2
    assert dash.output.deliveries_sent == 3


def test_inactive_units_leave_coverage_but_keep_their_output(world, this_month):
    assert dashboard_for(world.root, Period(this_month, this_month)).from_cache

    unit_update(actor=UserFactory(is_superuser=True), unit=world.unit, is_active=False)

    # The change is audited, so the refresh's cache of the top levels no
    # longer answers; the live figures show it at once.
    dash = dashboard_for(world.root, Period(this_month, this_month))
    assert dash.from_cache is False
    assert dash.coverage.units == 4
    assert dash.coverage.units_social == 1
    assert dash.output.deliveries_sent == 3


def test_term_figures_sum_the_period(world, this_month):
    figures = term_figures(world.root, Period(add_months(this_month, -1), this_month))

    assert figures.output == Output(
        articles=2, posts_sent=3, deliveries_sent=4, reach=110, issues_sent=1, issue_recipients=120
    )
    assert figures.coverage.channels_active == 5
    assert (figures.compliance, figures.participants) == (Compliance(), 0)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 0, None), (1, 3, 33.3), (3, 3, 100.0), (5, 3, 100.0), (-1, 3, 0.0)],
)
def test_percent_stays_within_bounds(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.fixture
def directive_tasks(tree, this_month):
    """A directive of the root due two days ago, one due in five days, and
    one due long before the period."""
    now = timezone.now()
    due = now - dt.timedelta(days=2)
    directive = DirectiveFactory(sender_unit=tree.root, sent=True, due_at=due)
    DirectiveTaskFactory(
        directive=directive,
        unit=tree.parent,
        state=TaskState.DONE,
        done_at=due - dt.timedelta(days=1),
    )
    DirectiveTaskFactory(
        directive=directive,
        unit=tree.unit,
        state=TaskState.DONE,
        done_at=due + dt.timedelta(days=1),
    )
    DirectiveTaskFactory(directive=directive, unit=tree.sibling, state=TaskState.LATE)
    # Past due and not yet swept to "late" by campaigns: late all the same.
    DirectiveTaskFactory(directive=directive, unit=tree.uncle, state=TaskState.NEW)
    upcoming = DirectiveFactory(sender_unit=tree.root, sent=True, due_at=now + dt.timedelta(days=5))
    DirectiveTaskFactory(directive=upcoming, unit=tree.child, state=TaskState.ACKNOWLEDGED)
    old = DirectiveFactory(
        sender_unit=tree.root, sent=True, due_at=_at(add_months(this_month, -14))
    )
    DirectiveTaskFactory(directive=old, unit=tree.uncle, state=TaskState.DONE)
    return directive


def test_directive_compliance_by_level_and_branch(tree, directive_tasks, this_month):
    analytics_refresh(full=True)

    dash = dashboard_for(tree.root, Period(add_months(this_month, -11), add_months(this_month, 1)))

    assert dash.compliance == Compliance(tasks=5, done=2, done_on_time=1, late=2, open=1)
    assert (dash.compliance.pct_done, dash.compliance.pct_on_time) == (40.0, 20.0)
    assert [(k.kind, k.compliance.tasks, k.compliance.done) for k in dash.kinds] == [
        (UnitKind.INDUSTRY_UNION, 0, 0),
        (UnitKind.DIRECT_UNION, 2, 1),
        (UnitKind.GRASSROOTS_UNION, 2, 1),
        (UnitKind.UNION_GROUP, 1, 0),
    ]
    assert [(b.unit.code, b.compliance.tasks, b.compliance.done) for b in dash.children] == [
        ("PVGAS", 4, 2),
        ("BSR", 1, 0),
    ]
    assert dash.own.compliance == Compliance()


def test_campaigns_of_the_unit_show_progress_against_goals(tree, this_month):
    CampaignFactory(
        unit=tree.root,
        starts_on=this_month,
        ends_on=add_months(this_month, 1),
        goal_articles=10,
        goal_unit_share=50,
    )
    CampaignFactory(unit=tree.root, starts_on=dt.date(2001, 1, 1), ends_on=dt.date(2001, 2, 1))
    CampaignFactory(unit=tree.parent, starts_on=this_month, ends_on=this_month)
    analytics_refresh(full=True)

    dash = dashboard_for(tree.root, Period.last_months(12))

    assert len(dash.campaigns) == 1
    progress = dash.campaigns[0].progress
    assert (progress.articles.goal, progress.articles.actual, progress.articles.percent) == (
        10,
        0,
        0.0,
    )
    assert progress.units_total == 5  # counted units, as coverage counts them
