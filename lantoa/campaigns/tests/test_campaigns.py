"""Campaigns and plan items: services (validation, scope, audit, content
links) and their admin screens."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lantoa.campaigns.choices import CalendarChannel, ItemKind, PhaseKind, PlanState
from lantoa.campaigns.models import Campaign, CampaignItem, PlanItem
from lantoa.campaigns.services import calendar as calendar_service
from lantoa.campaigns.services.campaigns import (
    PhaseData,
    campaign_create,
    campaign_item_add,
    campaign_item_remove,
    campaign_save,
)
from lantoa.campaigns.tests.factories import CampaignFactory, PlanItemFactory
from lantoa.channels.tests.factories import PostFactory
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.services import sync_admin_access

pytestmark = pytest.mark.django_db

D = dt.date


def _congress(tree, actor, **extra):
    return campaign_create(
        actor=actor,
        unit=tree.parent,
        name="Đại hội Công đoàn PV GAS",
        starts_on=D(2026, 6, 1),
        ends_on=D(2026, 9, 30),
        phases=[
            PhaseData(PhaseKind.BEFORE_CONGRESS, D(2026, 6, 1), D(2026, 8, 14)),
            PhaseData(PhaseKind.DURING_CONGRESS, D(2026, 8, 15), D(2026, 8, 17), "Ba ngày Đại hội"),
            PhaseData(PhaseKind.AFTER_CONGRESS, D(2026, 8, 18), D(2026, 9, 30)),
        ],
        key_messages="Dân chủ — Đoàn kết\nĐổi mới — Phát triển",
        hashtags="DaiHoiPVGAS #CongDoan",
        goal_articles=40,
        goal_unit_share=100,
        **extra,
    )


def test_a_campaign_with_ordered_phases(tree, people):
    campaign = _congress(tree, people.parent_officer, target_unit=tree.unit)

    stored = Campaign.objects.get(pk=campaign.pk)
    phases = list(stored.phases.all())
    assert [(p.kind, p.sort_order) for p in phases] == [
        (PhaseKind.BEFORE_CONGRESS, 0),
        (PhaseKind.DURING_CONGRESS, 1),
        (PhaseKind.AFTER_CONGRESS, 2),
    ]
    assert str(phases[1]) == "Ba ngày Đại hội"
    assert str(phases[0]) == "Trước Đại hội"
    assert stored.key_message_list == ["Dân chủ — Đoàn kết", "Đổi mới — Phát triển"]
    assert stored.hashtag_list == ["#DaiHoiPVGAS", "#CongDoan"]
    assert stored.scope_unit == tree.unit
    entry = AuditLogEntry.objects.get(action="campaigns.campaign_create")
    assert (entry.actor_id, entry.unit_path, entry.data) == (
        people.parent_officer.pk,
        tree.parent.path,
        {"phases": 3},
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": D(2026, 5, 1)}, "Ngày kết thúc chiến dịch phải sau ngày bắt đầu."),
        ({"target_unit": "uncle"}, "Phạm vi triển khai phải là đơn vị chủ trì"),
        ({"phases": "outside"}, "phải nằm trong thời gian của chiến dịch"),
        ({"phases": "unordered"}, "Các giai đoạn phải xếp theo thứ tự thời gian."),
        ({"goal_unit_share": 120}, "không thể vượt quá 100%"),
    ],
)
def test_campaign_validation(tree, people, change, message):
    fields = {
        "unit": tree.parent,
        "name": "Sai",
        "starts_on": D(2026, 6, 1),
        "ends_on": D(2026, 6, 30),
        "phases": [PhaseData(PhaseKind.OTHER, D(2026, 6, 1), D(2026, 6, 30))],
    }
    if change.get("target_unit") == "uncle":
        change = {"target_unit": tree.uncle}
    elif change.get("phases") == "outside":
        change = {"phases": [PhaseData(PhaseKind.OTHER, D(2026, 5, 1), D(2026, 6, 2))]}
    elif change.get("phases") == "unordered":
        change = {
            "phases": [
                PhaseData(PhaseKind.OTHER, D(2026, 6, 20), D(2026, 6, 30)),
                PhaseData(PhaseKind.OTHER, D(2026, 6, 1), D(2026, 6, 10)),
            ]
        }
    fields.update(change)
    with pytest.raises(InvalidInput, match=message):
        campaign_create(actor=people.parent_officer, **fields)
    assert not Campaign.objects.exists()


def test_only_officers_of_the_owner_may_create_or_change(tree, people):
    with pytest.raises(PermissionDenied):
        _congress(tree, people.unit_officer)
    campaign = _congress(tree, people.parent_officer)
    campaign.name = "Đổi tên"
    with pytest.raises(PermissionDenied):
        campaign_save(actor=people.sibling_officer, campaign=campaign)
    assert Campaign.objects.get().name == "Đại hội Công đoàn PV GAS"


def test_content_links_stay_inside_the_target_subtree(tree, people):
    campaign = CampaignFactory(unit=tree.parent, target_unit=tree.unit)
    inside, outside = PostFactory(unit=tree.child), PostFactory(unit=tree.sibling)

    item = campaign_item_add(actor=people.unit_officer, campaign=campaign, content=inside)
    again = campaign_item_add(actor=people.unit_officer, campaign=campaign, content=inside)
    assert (item.pk, item.kind, item.unit_id) == (again.pk, ItemKind.POST, tree.child.pk)
    with pytest.raises(InvalidInput, match="phạm vi triển khai"):
        campaign_item_add(actor=people.parent_officer, campaign=campaign, content=outside)
    with pytest.raises(PermissionDenied):
        campaign_item_add(actor=people.sibling_officer, campaign=campaign, content=inside)
    with pytest.raises(InvalidInput, match="Chỉ gắn được"):
        campaign_item_add(actor=people.unit_officer, campaign=campaign, content=tree.unit)
    assert AuditLogEntry.objects.filter(action="campaigns.item_add").count() == 1

    campaign_item_remove(actor=people.unit_officer, item=item)
    assert not CampaignItem.objects.exists()


# -------------------------------------------------------------------- plan items


def test_plan_items_are_assigned_to_officers_of_the_unit(tree, people):
    campaign = CampaignFactory(unit=tree.root)
    due = timezone.now() + dt.timedelta(days=2)
    item = calendar_service.plan_item_create(
        actor=people.parent_officer,
        unit=tree.unit,
        title="  Phóng sự người lao động  ",
        channel=CalendarChannel.ZALO_OA,
        due_at=due,
        campaign=campaign,
        assignee=people.unit_officer,
    )
    assert (item.title, item.state, item.assignee_id) == (
        "Phóng sự người lao động",
        PlanState.PLANNED,
        people.unit_officer.pk,
    )
    with pytest.raises(InvalidInput, match="Người thực hiện"):
        calendar_service.plan_item_create(
            actor=people.parent_officer, unit=tree.unit, title="Sai người",
            channel=CalendarChannel.WEBSITE, due_at=due, assignee=people.sibling_officer,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        calendar_service.plan_item_create(
            actor=people.sibling_officer, unit=tree.unit, title="Không được",
            channel=CalendarChannel.WEBSITE, due_at=due,
        )  # fmt: skip
    assert PlanItem.objects.count() == 1


def test_completing_a_plan_links_its_content_to_the_campaign(tree, people):
    campaign = CampaignFactory(unit=tree.root)
    item = PlanItemFactory(unit=tree.unit, campaign=campaign)
    post = PostFactory(unit=tree.unit)

    calendar_service.plan_item_complete(actor=people.unit_officer, item=item, content=post)

    item.refresh_from_db()
    assert (item.state, item.object_id) == (PlanState.DONE, post.pk)
    assert CampaignItem.objects.get().object_id == post.pk
    with pytest.raises(InvalidInput, match="không thuộc đơn vị"):
        calendar_service.plan_item_complete(
            actor=people.parent_officer,
            item=PlanItemFactory(unit=tree.unit),
            content=PostFactory(unit=tree.sibling),
        )


# ----------------------------------------------------------------------- admin


def _login(client, user):
    sync_admin_access(user)
    client.force_login(user)


def test_admin_creates_a_campaign_with_phases(client, tree, people):
    _login(client, people.parent_officer)
    assert client.get("/admin/chien-dich/chien-dich/new/").status_code == 200
    data = nested_form_data(
        {
            "unit": tree.parent.code,
            "name": "Tháng Công nhân PV GAS",
            "description": "",
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-31",
            "target_unit": "",
            "key_messages": "Vì người lao động",
            "hashtags": "#PVGAS",
            "goal_articles": "20",
            "goal_posts": "",
            "goal_reach": "",
            "goal_participants": "",
            "goal_unit_share": "80",
            "phases": inline_formset(
                [
                    {
                        "kind": PhaseKind.WORKERS_MONTH,
                        "name": "",
                        "starts_on": "2026-05-01",
                        "ends_on": "2026-05-31",
                        "description": "",
                    },
                ]
            ),
        }
    )
    response = client.post("/admin/chien-dich/chien-dich/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    campaign = Campaign.objects.get()
    assert (campaign.unit_id, campaign.goal_articles, campaign.phases.count()) == (
        tree.parent.pk,
        20,
        1,
    )
    detail = client.get(f"/admin/chien-dich/chien-dich/inspect/{campaign.pk}/")
    assert detail.status_code == 200
    assert "Tháng Công nhân PV GAS" in detail.content.decode()
    # A unit officer below sees it (it addresses them) but may not edit it.
    _login(client, people.unit_officer)
    assert client.get(f"/admin/chien-dich/chien-dich/inspect/{campaign.pk}/").status_code == 200
    assert client.get(f"/admin/chien-dich/chien-dich/edit/{campaign.pk}/").status_code in (302, 403)
    _login(client, people.sibling_officer)
    listing = client.get("/admin/chien-dich/chien-dich/")
    assert "Tháng Công nhân PV GAS" in listing.content.decode()


def test_admin_refuses_a_campaign_out_of_scope_with_a_message(client, tree, people):
    _login(client, people.unit_officer)
    data = nested_form_data(
        {
            "unit": tree.sibling.code,
            "name": "Của đơn vị khác",
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-31",
            "phases": inline_formset([]),
        }
    )
    response = client.post("/admin/chien-dich/chien-dich/new/", data)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_admin_plan_item_add(client, tree, people):
    _login(client, people.unit_officer)
    response = client.post(
        "/admin/chien-dich/ke-hoach/new/",
        {
            "unit": tree.unit.code,
            "title": "Clip an toàn lao động",
            "channel": CalendarChannel.FACEBOOK_PAGE,
            "due_at": "2026-05-10 09:00",
            "assignee": people.unit_officer.pk,
            "campaign": "",
            "phase": "",
            "notes": "",
            "state": PlanState.PLANNED,
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.unit_id, item.channel, item.created_by_id) == (
        tree.unit.pk,
        CalendarChannel.FACEBOOK_PAGE,
        people.unit_officer.pk,
    )
    assert timezone.localtime(item.due_at).hour == 9
    _login(client, people.sibling_officer)
    assert client.get(f"/admin/chien-dich/ke-hoach/edit/{item.pk}/").status_code == 404
