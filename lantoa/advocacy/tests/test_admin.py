"""Advocacy screens: a kit written through the form and approved, the
unit's rules, the boards."""

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.advocacy import services
from lantoa.advocacy.choices import KitState
from lantoa.advocacy.models import ShareKit, SharePolicy
from lantoa.advocacy.tests.factories import ambassador, kit_published
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(unit, role):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    sync_admin_access(user)
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_writes_a_kit_and_the_approver_publishes_it(tree):
    officer = _client(tree.unit, Role.OFFICER)
    response = officer.post(
        reverse("advocacy_kits:add"),
        {"unit": tree.unit.pk, "kind": "event", "title": "Hội thao 2026",
         "url": "https://kvt.congdoan.vn/hoi-thao/", "hashtags": "#HoiThao, CongDoan",
         "campaign_ref": "", "text_facebook": "Cùng cổ vũ hội thao!", "text_zalo": "",
         "text_telegram": "", "text_copy": "Hội thao"},
    )  # fmt: skip
    kit = ShareKit.objects.get()
    assert response["Location"] == reverse("advocacy_kits:detail", args=[kit.pk])
    assert kit.hashtags == ["HoiThao", "CongDoan"]
    assert sorted(kit.texts.values_list("network", flat=True)) == ["copy", "facebook"]
    action = reverse("advocacy_kits:action", args=[kit.pk])
    assert officer.post(action, {"action": "publish"}).status_code in (302, 403)
    kit.refresh_from_db()
    assert kit.state == KitState.DRAFT
    _client(tree.unit, Role.APPROVER).post(action, {"action": "publish"})
    kit.refresh_from_db()
    assert kit.state == KitState.PUBLISHED


def test_a_refused_text_is_shown_on_the_form(tree):
    services.policy_save(
        actor=UserFactory(is_superuser=True), unit=tree.parent, networks=["facebook", "copy"],
        blocked_words=["đình công"],
    )  # fmt: skip
    response = _client(tree.unit, Role.OFFICER).post(
        reverse("advocacy_kits:add"),
        {"unit": tree.unit.pk, "kind": "article", "title": "Tin", "url": "https://a.vn/",
         "text_facebook": "Không có đình công"},
    )  # fmt: skip
    assert "từ ngữ đơn vị không dùng: đình công" in response.content.decode()
    assert not ShareKit.objects.exists()


def test_the_approver_sets_the_rules_and_officers_see_the_boards(tree):
    approver = _client(tree.unit, Role.APPROVER)
    approver.post(
        reverse("advocacy_policy", args=[tree.unit.pk]),
        {"networks": ["zalo", "copy"], "blocked_words": "biểu tình\n\nđình công"},
    )
    policy = SharePolicy.objects.get(unit=tree.unit)
    assert (policy.networks, policy.blocked_words) == (["zalo", "copy"], ["biểu tình", "đình công"])
    kit = kit_published(tree.unit, texts={"zalo": "Tin vui"})
    services.share_record(
        ambassador=ambassador(tree.child, name="Lê Văn Tâm"), kit=kit, network="zalo"
    )
    html = _client(tree.unit, Role.OFFICER).get(reverse("advocacy_boards")).content.decode()
    assert "Lê Văn Tâm" in html
    assert "Tổ CĐ Kho cảng" in html
