import pytest
from django.core.management import CommandError, call_command

from devstack.demo.contests import (
    CONTEST_TITLE,
    HONOURS_TITLE,
    ContestDemoLoader,
    HonoursDemoLoader,
)
from lantoa.contests.choices import EntryStatus, RoundState
from lantoa.contests.models import Contest, Juror, Score, Vote
from lantoa.honours.choices import NominationState
from lantoa.honours.models import Honour, HonourRound
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def union(settings, tree):
    settings.DEBUG = True
    demo_user = UserFactory(username="doanvien.khicamau")
    demo = MemberFactory(
        unit=tree.grandchild, email="doanvien.khicamau@example.com", user=demo_user
    )
    for n in range(30):
        MemberFactory(
            unit=[tree.unit, tree.child, tree.sibling, tree.uncle][n % 4],
            user=UserFactory(username=f"dv-{n}") if n % 2 else None,
        )
    return demo


def test_commands_refuse_without_debug(settings, tree):
    settings.DEBUG = False
    for name in ("load_demo_contests", "load_demo_honours"):
        with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
            call_command(name)
    assert not Contest.objects.exists()


def test_a_photo_contest_in_its_jury_round(union):
    counts = ContestDemoLoader().load()
    contest = Contest.objects.get(title=CONTEST_TITLE)
    statuses = sorted(contest.entries.values_list("status", flat=True))
    assert statuses.count(EntryStatus.REJECTED) == 1
    assert statuses.count(EntryStatus.SUBMITTED) == 2
    assert contest.rounds.get(number=1).state == RoundState.OPEN
    assert Juror.objects.filter(contest=contest, member=union).exists()
    assert Score.objects.count() == counts["Score"] > 0
    assert Vote.objects.count() == counts["Vote"] > 0
    assert ContestDemoLoader().load() == {}


def test_an_honours_round_at_every_stage(union):
    HonoursDemoLoader().load()
    round_ = HonourRound.objects.get(title=HONOURS_TITLE)
    states = sorted(round_.nominations.values_list("state", flat=True))
    assert states == sorted(
        [
            NominationState.AWARDED,
            NominationState.IN_REVIEW,
            NominationState.IN_REVIEW,
            NominationState.RETURNED,
        ]
    )
    assert Honour.objects.get().member == union
    assert HonoursDemoLoader().load() == {}


def test_the_honours_round_belongs_to_the_workers_month_campaign(union):
    from devstack.demo.campaigns import WORKERS_MONTH, CampaignDemoLoader
    from lantoa.campaigns.models import Campaign
    from lantoa.campaigns.selectors import campaign_progress
    from lantoa.core.actors import SYSTEM

    CampaignDemoLoader().load()
    HonoursDemoLoader().load()
    campaign = Campaign.objects.get(name=WORKERS_MONTH)
    round_ = HonourRound.objects.get(title=HONOURS_TITLE)
    assert round_.campaign_ref == campaign.public_id
    assert campaign_progress(campaign, viewer=SYSTEM).honours.actual == 1


def test_a_round_loaded_before_the_campaigns_is_tied_on_the_next_run(union):
    from devstack.demo.campaigns import WORKERS_MONTH, CampaignDemoLoader
    from lantoa.campaigns.models import Campaign

    HonoursDemoLoader().load()
    assert HonourRound.objects.get(title=HONOURS_TITLE).campaign_ref is None
    CampaignDemoLoader().load()
    assert HonoursDemoLoader().load() == {"HonourRound campaign": 1}
    assert (
        HonourRound.objects.get(title=HONOURS_TITLE).campaign_ref
        == Campaign.objects.get(name=WORKERS_MONTH).public_id
    )
    assert HonoursDemoLoader().load() == {}
