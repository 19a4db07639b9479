"""«Trang tin các đơn vị»: each unit of the scope with its site's public address
and state; the unit's approvers open a site from the template in one step."""

import pytest
from django.urls import reverse

from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.choices import NewsroomAction
from lantoa.newsroom.models import SectionIndex, UnitSiteHome
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
INDEX = "newsroom_unit_sites:index"


def person(unit, role):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    org_services.sync_admin_access(user)
    return user


def rows(response):
    return [(r["unit"].code, r["state"], r["address"]) for r in response.context["rows"]]


def test_the_screen_lists_the_scopes_units_with_address_and_state(client, news, settings):
    settings.LANTOA_BASE_URL = "https://congdoandaukhi.example.vn"
    tree = news.tree
    news.unit_home.unpublish()
    client.force_login(person(tree.parent, Role.OFFICER))
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    base = "https://congdoandaukhi.example.vn"
    assert rows(response) == [
        (tree.parent.code, "live", f"{base}{news.parent_home.url}"),
        (tree.unit.code, "draft", f"{base}{news.unit_home.url}"),
        (tree.child.code, "none", ""),
        (tree.grandchild.code, "none", ""),
        (tree.sibling.code, "live", f"{base}{news.sibling_home.url}"),
    ]
    # An officer cannot open a site: no button.
    assert [r["open_url"] for r in response.context["rows"]] == [""] * 5
    html = response.content.decode()
    assert f'href="{base}{news.parent_home.url}"' in html
    assert "localhost" not in html


def test_filters_by_state_and_name(client, news):
    client.force_login(person(news.tree.parent, Role.APPROVER))
    response = client.get(reverse(INDEX), {"state": "none"})
    assert [code for code, _, _ in rows(response)] == [
        news.tree.child.code,
        news.tree.grandchild.code,
    ]
    assert response.context["rows"][0]["open_url"] == reverse(
        "newsroom_unit_sites:open", args=[news.tree.child.pk]
    )
    response = client.get(reverse(INDEX), {"q": news.tree.sibling.name.upper()})
    assert [code for code, _, _ in rows(response)] == [news.tree.sibling.code]


def test_an_approver_opens_the_units_site_from_the_template(client, news):
    tree = news.tree
    client.force_login(person(tree.unit, Role.APPROVER))
    url = reverse("newsroom_unit_sites:open", args=[tree.child.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "«Tin hoạt động», «Tuyên giáo»" in page.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    home = UnitSiteHome.objects.get(unit=tree.child)
    assert home.live
    assert home.get_parent().specific == news.unit_home
    assert [(s.title, s.slug, s.live) for s in SectionIndex.objects.child_of(home)] == [
        ("Tin hoạt động", "tin-hoat-dong", True),
        ("Tuyên giáo", "tuyen-giao", True),
    ]
    assert AuditLogEntry.objects.filter(action=NewsroomAction.SITE_CREATE).count() == 1
    assert client.get(home.url).status_code == 200


def test_an_officer_or_an_outsider_opens_nothing(client, news):
    tree = news.tree
    client.force_login(person(tree.unit, Role.OFFICER))
    refused = client.post(reverse("newsroom_unit_sites:open", args=[tree.child.pk]))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    client.force_login(person(tree.sibling, Role.APPROVER))
    assert client.post(reverse("newsroom_unit_sites:open", args=[tree.child.pk])).status_code == 404
    assert not UnitSiteHome.objects.filter(unit=tree.child).exists()
    assert not AuditLogEntry.objects.filter(action=NewsroomAction.SITE_CREATE).exists()
