"""Image and document libraries are scoped by unit through Wagtail collections:
each unit site has a collection nested like the sites, and a unit's officers
and approvers use their own collection and those below it, nothing else."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import Collection, GroupCollectionPermission

from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import UnitSiteHome
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.factories import ImageFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import staff_user

pytestmark = pytest.mark.django_db


def _person(unit, role, username):
    return staff_user(unit, role, username=username)


@pytest.fixture
def libraries(news):
    people = {
        "officer": _person(news.tree.unit, Role.OFFICER, "tuyengiao.khivungtau"),
        "sibling_officer": _person(news.tree.sibling, Role.OFFICER, "tuyengiao.khicamau"),
        "parent_approver": _person(news.tree.parent, Role.APPROVER, "duyet.pvgas"),
    }
    newsroom_permissions_sync(actor=SYSTEM)
    homes = {h.unit_id: h for h in UnitSiteHome.objects.select_related("collection")}
    images = {
        where: ImageFactory(title=f"Ảnh của {where}", collection=homes[unit.pk].collection)
        for where, unit in {
            "root": news.tree.root,
            "parent": news.tree.parent,
            "unit": news.tree.unit,
            "sibling": news.tree.sibling,
        }.items()
    }
    images["unfiled"] = ImageFactory(
        title="Ảnh chưa xếp", collection=Collection.get_first_root_node()
    )
    return news, people, images


def test_each_site_has_a_collection_nested_like_the_sites(libraries):
    news, _, _ = libraries
    homes = {h.unit_id: h for h in UnitSiteHome.objects.select_related("collection")}
    root, parent, unit = (
        homes[u.pk].collection for u in (news.tree.root, news.tree.parent, news.tree.unit)
    )

    assert root.get_parent() == Collection.get_first_root_node()
    assert parent.get_parent() == root
    assert unit.get_parent() == parent
    assert unit.name == news.tree.unit.name


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", {"unit"}),
        ("sibling_officer", {"sibling"}),
        ("parent_approver", {"parent", "unit", "sibling"}),
    ],
)
def test_a_unit_chooses_images_from_its_own_subtree_only(libraries, who, sees):
    _, people, images = libraries
    user = people[who]

    choosable = set(image_policy.instances_user_has_permission_for(user, "choose"))

    assert {where for where, image in images.items() if image in choosable} == sees
    assert set(document_policy.collections_user_has_permission_for(user, "add")) == set(
        image_policy.collections_user_has_permission_for(user, "add")
    )


def test_the_image_chooser_lists_only_the_units_images(client, libraries):
    _, people, images = libraries
    client.force_login(people["officer"])

    response = client.get(reverse("wagtailimages_chooser:choose"))

    html = response.json()["html"]
    assert images["unit"].title in html
    for other in ("root", "parent", "sibling", "unfiled"):
        assert images[other].title not in html, other


def test_no_managed_group_keeps_a_permission_on_the_root_collection(libraries):
    assert not GroupCollectionPermission.objects.filter(
        collection=Collection.get_first_root_node(), group__name__startswith="Trang "
    ).exists()


def test_an_upload_offers_only_the_units_collections(client, libraries):
    news, people, _ = libraries
    client.force_login(people["officer"])

    response = client.get(reverse("wagtaildocs:add_multiple"))

    assert response.status_code == 200
    offered = {c.name for c in response.context["collections"] or []}
    assert offered <= {news.tree.unit.name}
    assert get_document_model().objects.count() == 0
