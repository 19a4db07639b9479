"""A campaign's progress counts only the units its viewer may read: a unit
addressed by the industry union's campaign never sees what a sibling
branch (PV GAS's units, for BSR) reported, in the admin or the API."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lantoa.campaigns import selectors
from lantoa.campaigns.choices import ItemKind, RequiredAction, TaskState
from lantoa.campaigns.models import CampaignItem, TaskProof
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
)
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import Delivery, MetricSnapshot
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.core.api.testing import bearer_headers
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def bsr(tree):
    """The officer of BSR, a sibling of PV GAS under the industry union."""
    user = UserFactory(username="tuyengiao.bsr")
    RoleAssignmentFactory(user=user, unit=tree.uncle, role=Role.OFFICER)
    return user


@pytest.fixture
def campaign(tree):
    """The industry union's campaign, addressed to the whole tree: PV GAS's
    units (its own office, the grassroots unit and its sibling) and BSR
    (`uncle`) each report figures and post once."""
    campaign = CampaignFactory(unit=tree.root, goal_reach=10_000, goal_unit_share=50)
    directive = DirectiveFactory(sender_unit=tree.root, sent=True, campaign=campaign)
    reported = {
        tree.parent: (1000, 100),
        tree.unit: (2000, 200),
        tree.sibling: (4000, 400),
        tree.uncle: (30, 7),
    }
    for unit, (reach, participants) in reported.items():
        task = DirectiveTaskFactory(directive=directive, unit=unit, state=TaskState.DONE)
        TaskProof.objects.create(
            task=task,
            action=RequiredAction.REPORT_RESULT,
            reach=reach,
            participants=participants,
        )
    for marker, (unit, reach) in enumerate([(tree.sibling, 500), (tree.uncle, 60)]):
        post = PostFactory(unit=unit)
        delivery = Delivery.objects.create(
            post=post,
            account=ChannelAccountFactory(unit=unit),
            status=DeliveryStatus.SENT,
            sent_at=NOW,
            marker=f"m{marker}",
        )
        MetricSnapshot.objects.create(
            account=delivery.account,
            delivery=delivery,
            reach=reach,
            taken_at=NOW - dt.timedelta(hours=1),
        )
        CampaignItem.objects.create(
            campaign=campaign,
            unit=unit,
            kind=ItemKind.POST,
            content_type=ContentType.objects.get_for_model(post),
            object_id=post.pk,
        )
    return campaign


def _figures(progress):
    return {
        "reach_reported": progress.reach_reported,
        "reach_channels": progress.reach_channels,
        "participants": progress.participants.actual,
        "posts": progress.posts.actual,
        "units": (progress.units_taking_part, progress.units_total),
        "whole": progress.whole,
    }


BSR_ONLY = {
    "reach_reported": 30,
    "reach_channels": 60,
    "participants": 7,
    "posts": 1,
    "units": (1, 1),
    "whole": False,
}


def test_each_viewer_counts_only_the_units_in_its_scope(campaign, people, bsr):

    assert _figures(selectors.campaign_progress(campaign, viewer=bsr)) == BSR_ONLY
    assert _figures(selectors.campaign_progress(campaign, viewer=people.parent_officer)) == {
        "reach_reported": 7000,
        "reach_channels": 500,
        "participants": 700,
        "posts": 1,
        "units": (3, 3),  # PV GAS, KVT and KCM: PV GAS's three counted units
        "whole": False,
    }
    assert _figures(selectors.campaign_progress(campaign, viewer=people.root_approver)) == {
        "reach_reported": 7030,
        "reach_channels": 560,
        "participants": 707,
        "posts": 2,
        "units": (4, 5),  # of the five counted units (not the trade-union groups)
        "whole": True,
    }


def test_a_sibling_branch_sees_only_its_own_figures_in_the_admin(client, campaign, bsr):
    sync_admin_access(bsr)
    client.force_login(bsr)
    response = client.get(reverse("campaigns_campaigns:inspect", args=[campaign.pk]))
    assert response.status_code == 200
    goals = {goal.key: goal.actual for _, goal in response.context["goals"]}
    assert goals["reach"] == 90
    assert goals["participants"] == 7
    assert _figures(response.context["progress"]) == BSR_ONLY
    html = response.content.decode()
    assert 'data-goal="reach" data-actual="90"' in html
    assert 'data-progress="partial"' in html


def test_a_sibling_branch_sees_only_its_own_figures_in_the_api(client, campaign, bsr):
    response = client.get(
        f"/api/v1/campaigns/{campaign.public_id}/progress/", headers=bearer_headers(bsr)
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["reach_reported"], body["reach_channels"], body["reach"]["actual"]) == (
        30,
        60,
        90,
    )
    assert body["participants"]["actual"] == 7
    assert (body["units_taking_part"], body["units_total"], body["whole"]) == (1, 1, False)
