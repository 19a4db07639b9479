"""Boards per person and per unit: points for kits shared and unique
visitors, not for volume; opting out of the ranking hides the name only."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.advocacy import clicks, selectors, services
from lantoa.advocacy.tests.conftest import BROWSER
from lantoa.advocacy.tests.factories import ambassador, kit_published

pytestmark = pytest.mark.django_db


def click(link, address):
    meta = {"REQUEST_METHOD": "GET", "HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": address}
    assert clicks.click_record(link_id=link.pk, meta=meta)


def test_points_for_kits_shared_and_unique_visitors(tree):
    kit = kit_published(tree.parent)
    other = kit_published(tree.parent, title="Hội thao 2026")
    lan = ambassador(tree.unit, name="Nguyễn Thị Lan")
    hung = ambassador(tree.sibling, name="Trần Văn Hùng")
    # Lan shares one kit on three networks, three times: one kit shared.
    for network in ("facebook", "zalo", "copy", "zalo"):
        services.share_record(ambassador=lan, kit=kit, network=network)
    fb = services.link_for(ambassador=lan, kit=kit, network="facebook")
    zalo = services.link_for(ambassador=lan, kit=kit, network="zalo")
    for _ in range(5):
        click(fb, "203.113.10.5")  # one visitor, five times
    click(zalo, "203.113.10.5")  # the same visitor through another network of the same kit
    click(zalo, "14.160.2.9")
    # Hùng shares two kits, nobody opens them.
    services.share_record(ambassador=hung, kit=kit, network="telegram")
    services.share_record(ambassador=hung, kit=other, network="facebook")

    today = timezone.localdate()
    people = selectors.person_board(tree.parent, today, today)
    # Equal points: more unique visitors first.
    assert [(r.rank, r.name, r.shares, r.clicks, r.points) for r in people] == [
        (1, "Nguyễn Thị Lan", 1, 2, 4),
        (2, "Trần Văn Hùng", 2, 0, 4),
    ]
    units = selectors.unit_board(tree.parent, today, today)
    assert [(r.name, r.ambassadors, r.shares, r.clicks, r.points) for r in units] == [
        ("CĐCS Khí Vũng Tàu", 1, 1, 2, 4),
        ("CĐCS Khí Cà Mau", 1, 2, 0, 4),
    ]


def test_opting_out_hides_the_name_but_counts_for_the_unit(tree):
    kit = kit_published(tree.parent)
    lan = ambassador(tree.unit, name="Nguyễn Thị Lan")
    services.ambassador_update(
        actor=lan.member.user, ambassador=lan, on_board=False, digest="weekly"
    )
    services.share_record(ambassador=lan, kit=kit, network="facebook")
    today = timezone.localdate()
    assert selectors.person_board(tree.parent, today, today) == []
    [row, _sibling] = selectors.unit_board(tree.parent, today, today)
    assert (row.name, row.shares, row.points) == ("CĐCS Khí Vũng Tàu", 1, 2)


def test_the_period_bounds_what_counts(tree):
    kit = kit_published(tree.parent)
    lan = ambassador(tree.unit)
    services.share_record(ambassador=lan, kit=kit, network="facebook")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert selectors.person_board(tree.parent, yesterday, yesterday) == []


def test_only_the_member_joins_or_leaves(tree):
    lan = ambassador(tree.unit)
    from lantoa.core.exceptions import PermissionDenied
    from lantoa.org.tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.ambassador_leave(actor=UserFactory(), ambassador=lan)
    services.ambassador_leave(actor=lan.member.user, ambassador=lan)
    lan.refresh_from_db()
    assert not lan.active
    kit = kit_published(tree.parent)
    with pytest.raises(Exception, match="thôi tham gia"):
        services.share_record(ambassador=lan, kit=kit, network="facebook")
