"""The member area's sharing pages: opt in, a kit with personal links and
plain share links, the QR code, boards and settings."""

import pytest
from django.urls import reverse

from lantoa.advocacy import services
from lantoa.advocacy.models import Ambassador, ShareLink
from lantoa.advocacy.tests.factories import kit_published
from lantoa.core.actors import SYSTEM
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan(tree):
    return MemberFactory(unit=tree.unit, full_name="Nguyễn Thị Lan", user=UserFactory())


@pytest.fixture
def signed_in(client, lan):
    client.force_login(lan.user)
    return client


def test_a_member_opts_in_and_sees_personal_links(signed_in, tree, lan):
    kit = kit_published(tree.parent)
    url = reverse("advocacy:kit", args=[kit.public_id])
    html = signed_in.get(url).content.decode()
    assert "Tham gia làm đại sứ để nhận liên kết riêng" in html
    assert ShareLink.objects.count() == 0
    signed_in.post(reverse("advocacy:join"), {"next": url})
    assert Ambassador.objects.get().member == lan
    html = signed_in.get(url).content.decode()
    codes = dict(ShareLink.objects.values_list("network", "code"))
    assert sorted(codes) == ["copy", "facebook", "telegram", "zalo"]
    for code in codes.values():
        assert f"http://127.0.0.1:8000/l/{code}" in html or f"/l/{code}" in html
    # No script, style or image of another site on the page.
    assert "facebook.com" not in html
    assert "zalo.me" not in html
    assert "t.me/" not in html


def test_share_buttons_record_once_and_lead_to_the_network(signed_in, tree, lan):
    kit = kit_published(tree.parent)
    services.ambassador_join(actor=lan.user, member=lan)
    share = reverse("advocacy:share", args=[kit.public_id, "facebook"])
    response = signed_in.post(share)
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    first = ShareLink.objects.get(network="facebook").shared_at
    signed_in.post(share)
    assert ShareLink.objects.get(network="facebook").shared_at == first
    response = signed_in.post(
        reverse("advocacy:share", args=[kit.public_id, "copy"]), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 204
    assert ShareLink.objects.filter(shared_at__isnull=False).count() == 2


def test_a_network_the_unit_does_not_allow_is_neither_shown_nor_recorded(signed_in, tree, lan):
    services.policy_save(actor=SYSTEM, unit=tree.root, networks=["zalo", "copy"], blocked_words=[])
    kit = kit_published(tree.parent, texts={"zalo": "Tin vui", "copy": "Tin vui"})
    services.ambassador_join(actor=lan.user, member=lan)
    html = signed_in.get(reverse("advocacy:kit", args=[kit.public_id])).content.decode()
    assert 'data-network="zalo"' in html
    assert 'data-network="facebook"' not in html
    response = signed_in.post(
        reverse("advocacy:share", args=[kit.public_id, "facebook"]), follow=True
    )
    assert "không cho chia sẻ lên mạng này" in response.content.decode()
    assert not ShareLink.objects.filter(network="facebook").exists()


def test_a_kit_of_another_branch_is_not_found(signed_in, tree, lan):
    kit = kit_published(tree.sibling)
    assert signed_in.get(reverse("advocacy:kit", args=[kit.public_id])).status_code == 404


def test_the_qr_code_is_an_svg_of_the_personal_link(signed_in, tree, lan):
    kit = kit_published(tree.parent)
    services.ambassador_join(actor=lan.user, member=lan)
    response = signed_in.get(reverse("advocacy:qr", args=[kit.public_id]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert ShareLink.objects.get().network == "copy"


def test_settings_and_leaving(signed_in, tree, lan):
    services.ambassador_join(actor=lan.user, member=lan)
    signed_in.post(reverse("advocacy:settings"), {"digest": "monthly"})
    ambassador = Ambassador.objects.get()
    assert (ambassador.on_board, ambassador.digest) == (False, "monthly")
    signed_in.post(reverse("advocacy:settings"), {"leave": "1"})
    ambassador.refresh_from_db()
    assert not ambassador.active


def test_boards_page_and_member_home(signed_in, tree, lan):
    kit_published(tree.parent)
    html = signed_in.get(reverse("advocacy:boards")).content.decode()
    assert "CĐCS Khí Vũng Tàu" in html
    assert "CĐCS Khí Cà Mau" in html
    home = signed_in.get(reverse("memberarea:home")).content.decode()
    assert "Tin để chia sẻ" in home
