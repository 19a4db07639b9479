"""The public reading API: compliance overall, by level and by branch (with
pinned query counts and a property test on random trees), campaign progress
and content, and who sees which campaign."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.campaigns import selectors
from lantoa.campaigns.choices import ItemKind, RequiredAction, TaskState
from lantoa.campaigns.models import CampaignItem, DirectiveTask, TaskProof
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
)
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import Delivery, MetricSnapshot
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.newsroom.tests.factories import ArticlePageFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def directive(tree):
    """Sent from the root to all six units below it, in mixed states."""
    directive = DirectiveFactory(sender_unit=tree.root, sent=True, task_count=6)
    due = directive.due_at
    states = {
        tree.parent: (TaskState.NEW, None),
        tree.uncle: (TaskState.NEW, None),
        tree.sibling: (TaskState.ACKNOWLEDGED, None),
        tree.unit: (TaskState.DONE, due - dt.timedelta(days=1)),
        tree.grandchild: (TaskState.DONE, due + dt.timedelta(days=1)),
        tree.child: (TaskState.LATE, None),
    }
    for unit, (state, done_at) in states.items():
        DirectiveTaskFactory(directive=directive, unit=unit, state=state, done_at=done_at)
    DirectiveTask.objects.filter(unit=tree.unit).update(adopted_at=NOW)
    return directive


def _row(counts):
    return (
        counts.total,
        counts.new,
        counts.acknowledged,
        counts.done,
        counts.done_late,
        counts.late,
    )


def test_overall_counts(directive, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = selectors.directive_compliance(directive)
    assert _row(counts) == (6, 2, 1, 2, 1, 1)
    assert (counts.adopted, counts.open, counts.done_on_time) == (1, 3, 1)
    assert (counts.done_pct, counts.on_time_pct) == (33.3, 16.7)


def test_by_level(directive, django_assert_num_queries):
    with django_assert_num_queries(1):
        levels = selectors.directive_compliance_by_level(directive)
    assert [(lv.relative_level, _row(lv.counts)) for lv in levels] == [
        (1, (2, 2, 0, 0, 0, 0)),
        (2, (2, 0, 1, 1, 0, 0)),
        (3, (1, 0, 0, 0, 0, 1)),
        (4, (1, 0, 0, 1, 1, 0)),
    ]


def test_by_branch_adds_up_and_drills_down(tree, directive, django_assert_num_queries):
    with django_assert_num_queries(2):
        branches = selectors.directive_compliance_by_branch(directive)
    assert [(b.unit.code, b.own, _row(b.counts)) for b in branches] == [
        ("PVGAS", False, (5, 1, 1, 2, 1, 1)),
        ("BSR", False, (1, 1, 0, 0, 0, 0)),
    ]
    total = branches[0].counts + branches[1].counts
    assert total == selectors.directive_compliance(directive)

    below_parent = selectors.directive_compliance_by_branch(directive, within=tree.parent)
    assert [(b.unit.code, b.own, _row(b.counts)) for b in below_parent] == [
        ("PVGAS", True, (1, 1, 0, 0, 0, 0)),
        ("KVT", False, (3, 0, 0, 2, 1, 1)),
        ("KCM", False, (1, 0, 1, 0, 0, 0)),
    ]


def test_counts_can_be_limited_to_what_a_user_sees(tree, directive):
    officer = UserFactory(username="tuyengiao.kvt")
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    tasks = selectors.tasks_for(officer)
    assert _row(selectors.directive_compliance(directive, tasks=tasks)) == (3, 0, 0, 2, 1, 1)
    branches = selectors.directive_compliance_by_branch(directive, tasks=tasks)
    assert [(b.unit.code, b.counts.total) for b in branches] == [("PVGAS", 3)]


def test_subtree_compliance_over_a_period(tree, directive, django_assert_num_queries):
    older = DirectiveFactory(sender_unit=tree.parent, sent=True)
    DirectiveTask.objects.create(directive=older, unit=tree.unit, due_at=older.due_at)
    type(older).objects.filter(pk=older.pk).update(sent_at=NOW - dt.timedelta(days=400))

    with django_assert_num_queries(1):
        all_time = selectors.subtree_compliance(tree.parent)
    this_year = selectors.subtree_compliance(tree.parent, since=NOW - dt.timedelta(days=30))
    with django_assert_num_queries(2):
        by_child = selectors.subtree_compliance_by_child(tree.parent)

    assert (all_time.total, this_year.total) == (6, 5)
    assert [(b.unit.code, b.counts.total) for b in by_child] == [
        ("PVGAS", 1),
        ("KVT", 4),
        ("KCM", 1),
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    shape=st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=10),
    states=st.lists(st.sampled_from(TaskState.values), min_size=11, max_size=11),
    base_pick=st.integers(min_value=0, max_value=10),
)
def test_branches_always_add_up_to_the_whole(db, shape, states, base_pick):
    """On random trees: a unit's figure is its own task's plus its children's,
    and every share stays in [0, 100]."""
    with transaction.atomic():
        root = OrgUnitFactory()
        units = [root]
        for parent_index in shape:
            units.append(OrgUnitFactory(parent=units[parent_index % len(units)]))
        directive = DirectiveFactory(sender_unit=root, sent=True)
        for unit, state in zip(units[1:], states, strict=False):
            unit.refresh_from_db()
            DirectiveTaskFactory(directive=directive, unit=unit, state=state)
        base = units[base_pick % len(units)]
        base.refresh_from_db()

        whole = selectors.directive_compliance(directive, within=base)
        branches = selectors.directive_compliance_by_branch(directive, within=base)
        levels = selectors.directive_compliance_by_level(directive, within=base)

        summed = sum((b.counts for b in branches), start=selectors.ComplianceCounts())
        assert summed == whole
        assert sum((lv.counts for lv in levels), start=selectors.ComplianceCounts()) == whole
        for counts in [whole, *(b.counts for b in branches)]:
            assert 0.0 <= counts.done_pct <= 100.0
            assert 0.0 <= counts.on_time_pct <= counts.done_pct
        transaction.set_rollback(True)


# -------------------------------------------------------------------- campaigns


def test_campaign_progress_against_goals(tree, news, django_assert_num_queries):
    campaign = CampaignFactory(
        unit=tree.root, goal_articles=4, goal_posts=1, goal_reach=1000, goal_unit_share=50
    )
    live = ArticlePageFactory(parent=news.section, title="Tin đã đăng")
    live.unit = tree.unit
    live.save()
    draft = ArticlePageFactory(parent=news.section, title="Bản nháp", live=False)
    for article in (live, draft):
        CampaignItem.objects.create(
            campaign=campaign, unit=tree.unit, kind=ItemKind.ARTICLE,
            content_type_id=_ct(article), object_id=article.pk,
        )  # fmt: skip
    account = ChannelAccountFactory(unit=tree.sibling)
    sent_post, draft_post = PostFactory(unit=tree.sibling), PostFactory(unit=tree.sibling)
    delivery = Delivery.objects.create(
        post=sent_post, account=account, status=DeliveryStatus.SENT, sent_at=NOW, marker="m1"
    )
    MetricSnapshot.objects.create(
        account=account, delivery=delivery, reach=100, taken_at=NOW - dt.timedelta(hours=5)
    )
    MetricSnapshot.objects.create(account=account, delivery=delivery, reach=600, taken_at=NOW)
    for post in (sent_post, draft_post):
        CampaignItem.objects.create(
            campaign=campaign, unit=tree.sibling, kind=ItemKind.POST,
            content_type_id=_ct(post), object_id=post.pk,
        )  # fmt: skip
    directive = DirectiveFactory(sender_unit=tree.root, sent=True, campaign=campaign)
    task = DirectiveTaskFactory(directive=directive, unit=tree.uncle, state=TaskState.DONE)
    TaskProof.objects.create(
        task=task, action=RequiredAction.REPORT_RESULT, reach=250, participants=40
    )

    viewer = UserFactory()
    RoleAssignmentFactory(user=viewer, unit=tree.root, role=Role.OFFICER)
    with django_assert_num_queries(8):  # seven, and the viewer's roles once
        progress = selectors.campaign_progress(campaign, viewer=viewer)

    assert (progress.articles.actual, progress.articles.percent) == (1, 25.0)
    assert (progress.posts.actual, progress.posts.percent) == (1, 100.0)
    assert (progress.reach_channels, progress.reach_reported, progress.reach.actual) == (
        600,
        250,
        850,
    )
    assert progress.reach.percent == 85.0
    assert (progress.participants.actual, progress.participants.percent) == (40, None)
    # unit (article), sibling (posts), uncle (done task) of the 5 counted units
    # (the two trade-union groups are not counted, as in every unit figure).
    assert (progress.units_taking_part, progress.units_total) == (3, 5)
    assert (progress.unit_share.actual, progress.unit_share.percent) == (60, 100.0)
    assert progress.whole is True
    assert list(selectors.campaign_articles(campaign)) == [live]


def _ct(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_who_sees_which_campaign(tree):
    def officer(username, unit):
        user = UserFactory(username=username)
        RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
        return user

    industry = CampaignFactory(unit=tree.root, name="Cả ngành")
    pv_gas = CampaignFactory(unit=tree.parent, name="PV GAS")
    only_sibling = CampaignFactory(unit=tree.root, target_unit=tree.sibling, name="Riêng Cà Mau")
    own = CampaignFactory(unit=tree.unit, name="Của Khí Vũng Tàu")

    def names(user):
        return sorted(selectors.campaigns_for(user).values_list("name", flat=True))

    assert names(officer("kvt", tree.unit)) == sorted([industry.name, pv_gas.name, own.name])
    assert names(officer("kcm", tree.sibling)) == sorted(
        [industry.name, pv_gas.name, only_sibling.name]
    )
    assert names(officer("bsr", tree.uncle)) == [industry.name]
    assert names(officer("pvgas", tree.parent)) == sorted(
        [industry.name, pv_gas.name, only_sibling.name, own.name]
    )
    assert names(UserFactory(username="member")) == []
