import json

import pytest
from django.contrib.auth import get_user_model

from lantoa.bulletin.choices import DeliveryState
from lantoa.bulletin.models import Delivery as EmailDelivery
from lantoa.bulletin.models import MemberOptOut
from lantoa.bulletin.tests.factories import BulletinFactory, IssueFactory
from lantoa.core.actors import system_actor
from lantoa.core.models import AuditLogEntry
from lantoa.ops.choices import OpsAction
from lantoa.ops.services import member_data_export, member_erase
from lantoa.org.choices import Gender
from lantoa.org.models import Member
from lantoa.org.selectors import member_count_in_subtree, member_counts_by_subtree
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

ACTOR = system_actor("ops.test_personal_data", "Kiểm thử dữ liệu cá nhân")


@pytest.fixture
def member():
    root = OrgUnitFactory()
    unit = OrgUnitFactory(parent=root)
    MemberFactory.create_batch(3, unit=unit)
    user = get_user_model().objects.create_user("thuha", "thuha@example.vn", "pw-Đ9x!long")
    m = MemberFactory(unit=unit, full_name="Nguyễn Thị Thu Hà", gender=Gender.FEMALE, user=user)
    Member.objects.filter(pk=m.pk).update(date_of_birth="1990-03-14")
    m.refresh_from_db()
    issue = IssueFactory()
    EmailDelivery.objects.create(
        issue=issue, email=m.email, name=m.full_name, member=m, state=DeliveryState.SENT
    )
    MemberOptOut.objects.create(member=m, bulletin=BulletinFactory())
    return m


def test_export_has_everything_held_and_a_pdf(member):
    as_json, pdf = member_data_export(actor=ACTOR, member=member)
    data = json.loads(as_json)
    assert data["member"]["full_name"] == "Nguyễn Thị Thu Hà"
    assert data["member"]["date_of_birth"] == "1990-03-14"
    assert data["login"]["username"] == "thuha"
    assert "password" not in data["login"]
    sections = {s["key"]: s["rows"] for s in data["sections"]}
    assert [r["email"] for r in sections["bulletin.Delivery"]] == [member.email]
    assert len(sections["bulletin.MemberOptOut"]) == 1
    assert pdf.startswith(b"%PDF-")
    entry = AuditLogEntry.objects.get(action=OpsAction.MEMBER_DATA_EXPORTED)
    assert entry.target_id == str(member.pk)
    assert entry.actor_name


def test_erasure_removes_identity_but_figures_still_add_up(member):
    unit = member.unit
    root = unit.get_parent()
    before = (
        member_count_in_subtree(root),
        member_count_in_subtree(root, active_only=False),
        member_counts_by_subtree([root, unit]),
        Member.objects.filter(unit=unit, gender=Gender.FEMALE).count(),
        EmailDelivery.objects.filter(state=DeliveryState.SENT).count(),
    )
    email, code, phone = member.email, member.employee_code, member.phone

    member_erase(actor=ACTOR, member=member)

    member.refresh_from_db()
    assert "Thu Hà" not in member.full_name
    assert member.full_name.startswith("Đã xoá")
    assert member.email == ""
    assert member.phone == ""
    assert member.employee_code != code
    assert str(member.date_of_birth) == "1990-07-01"
    assert member.unit == unit
    assert member.gender == Gender.FEMALE
    user = get_user_model().objects.get(pk=member.user_id)
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email == ""
    delivery = EmailDelivery.objects.get(member=member)
    assert delivery.email != email
    assert delivery.name == ""
    # Nothing about her is left to find.
    assert not Member.objects.filter(email=email).exists()
    assert not Member.objects.filter(phone=phone).exists()
    assert not EmailDelivery.objects.filter(email=email).exists()
    # The dashboards' figures are unchanged.
    after = (
        member_count_in_subtree(root),
        member_count_in_subtree(root, active_only=False),
        member_counts_by_subtree([root, unit]),
        Member.objects.filter(unit=unit, gender=Gender.FEMALE).count(),
        EmailDelivery.objects.filter(state=DeliveryState.SENT).count(),
    )
    assert after == before
    entry = AuditLogEntry.objects.get(action=OpsAction.MEMBER_ERASED)
    assert entry.data["member"] == str(member.public_id)
    assert "Thu Hà" not in json.dumps(entry.data, ensure_ascii=False)


def test_command_exports_and_erases(member, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("member_data", "export", member.employee_code, "--out", str(tmp_path))
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".json", ".pdf"]
    with pytest.raises(CommandError, match="--yes"):
        call_command("member_data", "erase", str(member.public_id))
    with pytest.raises(CommandError, match="Không có đoàn viên"):
        call_command("member_data", "erase", "no-such-code", "--yes")
    call_command("member_data", "erase", str(member.public_id), "--yes")
    member.refresh_from_db()
    assert member.full_name.startswith("Đã xoá")
    assert AuditLogEntry.objects.filter(action=OpsAction.MEMBER_ERASED).count() == 1
