"""An honour round may belong to a campaign its organising unit sees
(Workers' Month, the safety month): tied when created or later, refused when
the campaign is not addressed to the organiser."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.campaigns.tests.factories import CampaignFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.honours.exceptions import RoundStateInvalid
from lantoa.honours.models import HonourRound
from lantoa.honours.services import rounds
from lantoa.honours.tests.factories import round_open
from lantoa.org import services as org_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(tree):
    """The industry union's Workers' Month for the whole tree, PV GAS's own
    safety month, and BSR's (a branch beside PV GAS)."""
    return {
        "root": CampaignFactory(unit=tree.root, name="Tháng Công nhân 2026"),
        "parent": CampaignFactory(unit=tree.parent, name="Tháng hành động ATVSLĐ PV GAS"),
        "uncle": CampaignFactory(unit=tree.uncle, name="Tháng Công nhân BSR"),
    }


def test_a_round_is_tied_only_to_a_campaign_its_organiser_sees(tree, campaigns):
    from_above = round_open(tree.unit, campaign_ref=campaigns["root"].public_id)
    own_branch = round_open(
        tree.unit, title="Tôn vinh ATVSLĐ", campaign_ref=campaigns["parent"].public_id
    )
    assert (from_above.campaign_ref, own_branch.campaign_ref) == (
        campaigns["root"].public_id,
        campaigns["parent"].public_id,
    )
    with pytest.raises(ValidationError) as refused:
        rounds.round_create(
            actor=SYSTEM,
            unit=tree.unit,
            title="Tôn vinh của nhánh khác",
            nominations_close_on=from_above.nominations_close_on,
            campaign_ref=campaigns["uncle"].public_id,
        )
    assert "campaign_ref" in refused.value.error_dict
    # A campaign of PV GAS is not seen by the industry union's round either
    # way round: it is run inside the organiser's subtree, so it is.
    assert round_open(
        tree.root, title="Tôn vinh toàn ngành", campaign_ref=campaigns["parent"].public_id
    )


def test_a_round_is_tied_later_untied_and_frozen_once_published(tree, campaigns, people):
    round_ = round_open(tree.parent)
    tied = rounds.round_campaign_set(
        actor=people.parent_officer, round_=round_, campaign_ref=campaigns["root"].public_id
    )
    assert tied.campaign_ref == campaigns["root"].public_id
    entry = AuditLogEntry.objects.get(action="honours.round_campaign_set")
    assert (entry.actor, entry.data) == (
        people.parent_officer,
        {"campaign_ref": str(tied.campaign_ref)},
    )
    with pytest.raises(ValidationError):
        rounds.round_campaign_set(
            actor=people.parent_officer, round_=round_, campaign_ref=campaigns["uncle"].public_id
        )
    assert (
        rounds.round_campaign_set(
            actor=people.parent_officer, round_=round_, campaign_ref=None
        ).campaign_ref
        is None
    )
    rounds.round_close(actor=SYSTEM, round_=round_)
    rounds.round_publish(actor=SYSTEM, round_=round_)
    with pytest.raises(RoundStateInvalid):
        rounds.round_campaign_set(
            actor=people.parent_officer, round_=round_, campaign_ref=campaigns["root"].public_id
        )


def test_the_officer_ties_the_round_in_the_back_office(client, tree, campaigns, people):
    org_services.sync_admin_access(people.parent_officer)
    client.force_login(people.parent_officer)
    add = reverse("honours_rounds:add")
    form = client.get(add).content.decode()
    assert "Tháng Công nhân 2026" in form
    assert "Tháng Công nhân BSR" not in form  # not in the officer's view
    client.post(
        add,
        {
            "unit": tree.parent.pk,
            "title": "Đoàn viên tiêu biểu Tháng Công nhân",
            "theme": "workers_month",
            "description": "",
            "criteria": "",
            "nominations_close_on": "2026-05-20",
            "quota_per_unit": "3",
            "campaign_ref": str(campaigns["root"].public_id),
        },
    )
    round_ = HonourRound.objects.get()
    assert round_.campaign_ref == campaigns["root"].public_id
    detail = reverse("honours_rounds:detail", args=[round_.pk])
    assert f'data-campaign="{round_.campaign_ref}"' in client.get(detail).content.decode()
    action = reverse("honours_rounds:action", args=[round_.pk])
    client.post(action, {"action": "campaign", "campaign": str(campaigns["uncle"].public_id)})
    round_.refresh_from_db()
    assert round_.campaign_ref == campaigns["root"].public_id  # refused, unchanged
    client.post(action, {"action": "campaign", "campaign": "not-a-uuid"})
    client.post(action, {"action": "campaign", "campaign": str(campaigns["parent"].public_id)})
    round_.refresh_from_db()
    assert round_.campaign_ref == campaigns["parent"].public_id
