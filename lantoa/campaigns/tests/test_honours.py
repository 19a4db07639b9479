"""A campaign's honour rounds (Workers' Month, the safety month): its page
lists them and the members they honoured, and its progress counts those
honours and the units that nominated, each viewer within its own scope."""

import pytest
from django.urls import reverse

from lantoa.campaigns import selectors
from lantoa.campaigns.tests.factories import CampaignFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.api.testing import bearer_headers
from lantoa.honours.choices import NominationState
from lantoa.honours.services import nominations
from lantoa.honours.tests.factories import nominate, round_open
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _honoured(round_, unit, name):
    nomination = nominate(round_, unit, MemberFactory(unit=unit, full_name=name))
    while nomination.state == NominationState.IN_REVIEW:
        nomination = nominations.nomination_approve(actor=SYSTEM, nomination=nomination)
    assert nomination.state == NominationState.AWARDED
    return nomination


@pytest.fixture
def campaign(tree):
    """The industry union's Workers' Month and its honour round: a member of
    Khí Vũng Tàu and one of BSR honoured; Khí Cà Mau's nomination still a
    draft; another round, not the campaign's, honours someone else."""
    campaign = CampaignFactory(unit=tree.root, name="Tháng Công nhân 2026")
    round_ = round_open(tree.root, campaign_ref=campaign.public_id)
    _honoured(round_, tree.unit, "Trần Quốc Việt")
    _honoured(round_, tree.uncle, "Lê Thị Hoa")
    nominate(round_, tree.sibling, MemberFactory(unit=tree.sibling), submit=False)
    other = round_open(tree.root, title="Tôn vinh nhà giáo")
    _honoured(other, tree.child, "Phạm Văn Nam")
    return campaign


@pytest.fixture
def bsr(tree):
    user = UserFactory(username="tuyengiao.bsr")
    RoleAssignmentFactory(user=user, unit=tree.uncle, role=Role.OFFICER)
    return user


def test_progress_counts_the_honours_and_the_nominating_units(campaign, people, bsr):
    whole = selectors.campaign_progress(campaign, viewer=people.root_approver)
    assert (whole.honours.actual, whole.honours.goal) == (2, None)
    assert whole.units_taking_part == 2  # Khí Vũng Tàu and BSR; a draft is not taking part
    branch = selectors.campaign_progress(campaign, viewer=bsr)
    assert (branch.honours.actual, branch.units_taking_part) == (1, 1)


def test_the_campaign_page_lists_its_rounds_and_honours_in_the_viewers_scope(
    client, campaign, people, bsr
):
    url = reverse("campaigns_campaigns:inspect", args=[campaign.pk])
    sync_admin_access(people.root_approver)
    client.force_login(people.root_approver)
    html = client.get(url).content.decode()
    assert 'data-honoured="2"' in html
    assert "Tôn vinh đoàn viên tiêu biểu Tháng Công nhân" in html
    assert "Trần Quốc Việt" in html
    assert "Lê Thị Hoa" in html
    assert "Phạm Văn Nam" not in html
    assert "Tôn vinh nhà giáo" not in html
    assert 'data-goal="honours" data-actual="2"' in html

    sync_admin_access(bsr)
    client.force_login(bsr)
    html = client.get(url).content.decode()
    assert 'data-honoured="1"' in html
    assert "Lê Thị Hoa" in html
    assert "Trần Quốc Việt" not in html


def test_the_api_reports_the_honours(client, campaign, bsr):
    response = client.get(
        f"/api/v1/campaigns/{campaign.public_id}/progress/", headers=bearer_headers(bsr)
    )
    assert response.status_code == 200
    assert response.json()["honours"] == {"goal": None, "actual": 1, "percent": None}
