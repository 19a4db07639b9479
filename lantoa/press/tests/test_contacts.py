import pytest

from lantoa.core.actors import MissingActor
from lantoa.core.exceptions import InvalidInput, NotFound, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.press.choices import Beat, PressAction
from lantoa.press.models import Journalist, Outlet
from lantoa.press.services import (
    journalist_save,
    journalist_unsubscribe,
    journalist_unsubscribe_token,
    outlet_save,
)
from lantoa.press.tests.factories import JournalistFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_outlet_create_audits(tree, people):
    outlet = outlet_save(
        actor=people.unit_officer,
        outlet=Outlet(unit=tree.unit, name="  Báo   Lao Động ", feed_url="https://x.example/rss"),
    )
    assert Outlet.objects.get().name == "Báo Lao Động"
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id, entry.unit_path) == (
        PressAction.OUTLET_CREATE,
        people.unit_officer,
        str(outlet.pk),
        tree.unit.path,
    )


def test_outlet_name_unique_per_unit_regardless_of_case(tree, people):
    OutletFactory(unit=tree.unit, name="Báo Người Lao Động")
    with pytest.raises(InvalidInput, match="đã có cơ quan báo chí"):
        outlet_save(
            actor=people.unit_officer, outlet=Outlet(unit=tree.unit, name="báo người lao động")
        )
    assert Outlet.objects.count() == 1
    assert not AuditLogEntry.objects.exists()


def test_outlet_out_of_scope_refused(tree, people):
    with pytest.raises(PermissionDenied):
        outlet_save(actor=people.sibling_officer, outlet=Outlet(unit=tree.unit, name="Báo Dầu khí"))
    assert not Outlet.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_missing_actor_is_an_error(tree):
    with pytest.raises(MissingActor):
        outlet_save(actor=None, outlet=Outlet(unit=tree.unit, name="Báo Dầu khí"))
    assert not Outlet.objects.exists()


def test_outlet_feed_change_resets_feed_state(tree, people):
    outlet = OutletFactory(unit=tree.unit, feed_url="https://a.example/rss", feed_error="404")
    outlet.feed_url = "https://a.example/atom"
    outlet_save(actor=people.unit_officer, outlet=outlet)
    outlet.refresh_from_db()
    assert (outlet.feed_error, outlet.feed_checked_at) == ("", None)
    assert AuditLogEntry.objects.get().data == {
        "changed": {"feed_url": ["https://a.example/rss", "https://a.example/atom"]}
    }


def test_journalist_normalised_and_consent_stamped(tree, people):
    outlet = OutletFactory(unit=tree.unit)
    journalist = journalist_save(
        actor=people.unit_officer,
        journalist=Journalist(
            unit=tree.unit,
            outlet=outlet,
            full_name=" Lê  Minh Tuấn ",
            email=" Tuan.Le@Baolaodong.VN ",
            phone="0912 345 678",
            beats=[Beat.LABOUR, Beat.SAFETY, Beat.LABOUR],
            consent=True,
            consent_note="Đăng ký tại họp báo 12/3",
        ),
    )
    journalist.refresh_from_db()
    assert (journalist.full_name, journalist.email, journalist.phone, journalist.beats) == (
        "Lê Minh Tuấn",
        "tuan.le@baolaodong.vn",
        "+84912345678",
        ["labour", "safety"],
    )
    assert journalist.consent_at is not None
    assert journalist.contactable is True
    assert AuditLogEntry.objects.get().action == PressAction.JOURNALIST_CREATE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "không phải e-mail"}, "e-mail không hợp lệ"),
        ({"beats": ["astrology"]}, "Mảng đề tài không có trong danh mục: astrology"),
        ({"full_name": "   "}, "họ và tên"),
        ({"phone": "12"}, "Số điện thoại không hợp lệ"),
    ],
)
def test_journalist_bad_input_writes_nothing(tree, people, changes, message):
    fields = {"unit": tree.unit, "full_name": "Phạm Thu Hà", "email": "ha@example.vn"} | changes
    with pytest.raises(InvalidInput, match=message):
        journalist_save(actor=people.unit_officer, journalist=Journalist(**fields))
    assert not Journalist.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_journalist_email_unique_per_unit(tree, people):
    JournalistFactory(unit=tree.unit, email="ha@example.vn")
    with pytest.raises(InvalidInput, match=r"ha@example\.vn"):
        journalist_save(
            actor=people.unit_officer,
            journalist=Journalist(unit=tree.unit, full_name="Hà", email="HA@example.vn"),
        )
    # another unit keeps its own contact book
    journalist_save(
        actor=people.sibling_officer,
        journalist=Journalist(unit=tree.sibling, full_name="Hà", email="ha@example.vn"),
    )
    assert Journalist.objects.filter(email="ha@example.vn").count() == 2


def test_journalist_outlet_of_another_unit_refused(tree, people):
    foreign = OutletFactory(unit=tree.sibling)
    with pytest.raises(InvalidInput, match="cùng đơn vị"):
        journalist_save(
            actor=people.unit_officer,
            journalist=Journalist(unit=tree.unit, full_name="Hà", outlet=foreign),
        )
    assert not Journalist.objects.exists()


def test_unsubscribe_withdraws_consent_once(tree, people):
    journalist = JournalistFactory(unit=tree.unit)
    token = journalist_unsubscribe_token(journalist)
    journalist_unsubscribe(actor=people.unit_officer, token=token)
    journalist_unsubscribe(actor=people.unit_officer, token=token)
    journalist.refresh_from_db()
    assert (journalist.consent, journalist.consent_at) == (False, None)
    assert journalist.unsubscribed_at is not None
    assert journalist.contactable is False
    assert AuditLogEntry.objects.filter(action=PressAction.JOURNALIST_UNSUBSCRIBE).count() == 1


def test_unsubscribe_with_a_forged_token_is_not_found(tree, people):
    journalist = JournalistFactory(unit=tree.unit)
    with pytest.raises(NotFound):
        journalist_unsubscribe(actor=people.unit_officer, token=str(journalist.public_id))
    journalist.refresh_from_db()
    assert journalist.unsubscribed_at is None


def test_renewed_consent_clears_unsubscribe(tree, people):
    journalist = JournalistFactory(unit=tree.unit)
    journalist_unsubscribe(
        actor=people.unit_officer, token=journalist_unsubscribe_token(journalist)
    )
    journalist.refresh_from_db()
    journalist.consent = True
    journalist.consent_note = "Đồng ý lại bằng văn bản ngày 5/6"
    journalist_save(actor=people.unit_officer, journalist=journalist)
    journalist.refresh_from_db()
    assert journalist.unsubscribed_at is None
    assert journalist.contactable is True
