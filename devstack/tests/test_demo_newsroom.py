import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from wagtail.images import get_image_model
from wagtail.models import Site

from devstack.demo.newsroom.loader import DemoLoader
from lantoa.newsroom.models import ArticlePage, PhotoAlbum, TopicHub, UnitSiteHome, WebsiteLink

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_content")


def test_command_explains_an_empty_tree(settings, wagtail_base):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_content")


def test_loader_builds_sites_on_a_small_tree_and_is_idempotent(tree, wagtail_base, client):
    counts = DemoLoader(max_unit_sites=2).load()

    # The industry union and its first two direct unions (the small tree has two).
    homes = {home.unit_id: home for home in UnitSiteHome.objects.all()}
    assert set(homes) == {tree.root.pk, tree.parent.pk, tree.uncle.pk}
    assert Site.objects.get(is_default_site=True).root_page_id == homes[tree.root.pk].pk
    # 23 articles of the industry union, 3 per unit site, and one scheduled draft.
    assert counts["ArticlePage"] == 29
    assert ArticlePage.objects.count() == 30
    hub = TopicHub.objects.get()
    assert hub.title == "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII"
    assert [block.value["key"] for block in hub.phases] == ["before", "during", "after"]
    assert hub.numbers[0].value["heading"] == "Những con số ấn tượng nhiệm kỳ 2018–2023"
    assert len(hub.documents) == 3
    assert PhotoAlbum.objects.count() == 5
    assert WebsiteLink.objects.filter(unit=tree.root).count() == 3
    assert ArticlePage.objects.filter(live=False, go_live_at__isnull=False).count() == 1
    # Each unit's pictures are in its own library (collection), or in the
    # industry union's when the union's pages use them too; none left unfiled.
    unit_home = homes[tree.parent.pk]
    unit_images = {
        a.hero_image.collection_id
        for a in ArticlePage.objects.descendant_of(unit_home).exclude(hero_image=None)
    }
    assert unit_home.collection_id in unit_images
    assert unit_images <= {unit_home.collection_id, homes[tree.root.pk].collection_id}
    assert not get_image_model().objects.filter(collection__depth=1).exists()
    # PV GAS asks to list an article in BSR's «Tin hoạt động»: a request BSR decides on.
    from lantoa.newsroom.models import ListingState, SectionListing

    (request,) = SectionListing.objects.exclude(unit=F("from_unit"))
    assert (request.from_unit, request.unit, request.state) == (
        tree.parent,
        tree.uncle,
        ListingState.REQUESTED,
    )
    assert counts["SectionListing"] == 1

    again = DemoLoader(max_unit_sites=2).load()

    assert again == {}
    assert ArticlePage.objects.count() == 30
    home = client.get("/")
    assert home.status_code == 200
    assert "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII" in home.content.decode()
    assert client.get(hub.url).status_code == 200
