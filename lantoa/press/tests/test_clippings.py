import datetime as dt
import uuid

import pytest

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.press.choices import PressAction, Tone
from lantoa.press.models import Clipping
from lantoa.press.services import clipping_delete, clipping_save, clipping_url
from lantoa.press.tests.factories import ClippingFactory, OutletFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_url_loses_tracking_tags_and_fragment():
    assert (
        clipping_url(" HTTPS://Bao.Example.VN/tin/a.html?id=7&utm_source=zalo&fbclid=x&lt=abc#top ")
        == "https://bao.example.vn/tin/a.html?id=7"
    )
    assert clipping_url("https://bao.example.vn") == "https://bao.example.vn/"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "bao.example.vn/tin", ""])
def test_bad_url_refused(url):
    with pytest.raises(InvalidInput, match="http:// hoặc https://"):
        clipping_url(url)


def test_log_by_hand(tree, people):
    outlet = OutletFactory(unit=tree.unit, reach=120_000)
    campaign = uuid.uuid4()
    release = PressReleaseFactory(unit=tree.unit, campaign_ref=campaign)
    clipping = clipping_save(
        actor=people.unit_officer,
        clipping=Clipping(
            unit=tree.unit,
            outlet=outlet,
            url="https://bao.example.vn/a.html?utm_campaign=x",
            title="Khí Vũng Tàu  ra quân Tháng Công nhân",
            published_on=dt.date(2026, 5, 2),
            tone=Tone.POSITIVE,
            release=release,
        ),
    )
    clipping.refresh_from_db()
    assert (clipping.url, clipping.title, clipping.campaign_ref, clipping.effective_reach) == (
        "https://bao.example.vn/a.html",
        "Khí Vũng Tàu ra quân Tháng Công nhân",
        campaign,
        120_000,
    )
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.data) == (
        PressAction.CLIPPING_CREATE,
        {"url": "https://bao.example.vn/a.html"},
    )


def test_same_article_twice_refused(tree, people):
    ClippingFactory(unit=tree.unit, url="https://bao.example.vn/a.html")
    with pytest.raises(InvalidInput, match="đã có trong nhật ký"):
        clipping_save(
            actor=people.unit_officer,
            clipping=Clipping(
                unit=tree.unit,
                outlet_name="Báo Lao Động",
                url="https://bao.example.vn/a.html?utm_source=fb",
                title="Trùng",
                published_on=dt.date(2026, 5, 2),
            ),
        )
    assert Clipping.objects.count() == 1
    assert not AuditLogEntry.objects.exists()


def test_needs_an_outlet(tree, people):
    with pytest.raises(InvalidInput, match="cơ quan báo chí"):
        clipping_save(
            actor=people.unit_officer,
            clipping=Clipping(
                unit=tree.unit,
                url="https://a.example/",
                title="A",
                published_on=dt.date(2026, 5, 2),
            ),
        )
    assert not Clipping.objects.exists()


def test_out_of_scope_refused_and_delete_audited(tree, people):
    clipping = ClippingFactory(unit=tree.unit)
    with pytest.raises(PermissionDenied):
        clipping_delete(actor=people.sibling_officer, clipping=clipping)
    assert Clipping.objects.count() == 1
    assert not AuditLogEntry.objects.exists()
    clipping_delete(actor=people.unit_officer, clipping=clipping)
    assert not Clipping.objects.exists()
    assert AuditLogEntry.objects.get().action == PressAction.CLIPPING_DELETE
