"""The demo union loader: tree consistency, idempotence, accounts, the DEBUG guard."""

import random
import unicodedata
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from devstack.demo.org.loader import (
    DEMO_ACCOUNTS,
    DEMO_USERNAMES,
    DemoRequiresDebug,
    demo_accounts_ensure,
    demo_load,
    demo_unload,
)
from devstack.demo.org.names import family_name_share, full_name
from devstack.demo.org.people import PersonFactory
from devstack.demo.org.plan import plan_units
from devstack.demo.org.units import DIRECT_UNIONS, ROOT_CODE
from lantoa.core.models import AuditLogEntry
from lantoa.core.phones import normalize_phone
from lantoa.core.text import fold_diacritics, search_key
from lantoa.org import scoping
from lantoa.org.choices import Role, UnitKind
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.tests.factories import OrgUnitFactory

SMALL = 400  # members for loader tests: the full tree, a small crowd


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    return settings


@pytest.fixture
def demo(db, debug_on):
    return demo_load(members=SMALL)


def _names_by_code() -> dict[str, list[str]]:
    rows = Member.objects.order_by("employee_code").values_list("employee_code", "full_name")
    return dict(rows)


# --- the plan (no database) -------------------------------------------------


def test_plan_has_the_union_shape():
    planned = plan_units(members=60_000, seed=2026)
    kinds = Counter(u.kind for u in planned)
    assert kinds[UnitKind.INDUSTRY_UNION] == 1
    assert kinds[UnitKind.DIRECT_UNION] == len(DIRECT_UNIONS) == 40
    assert kinds[UnitKind.GRASSROOTS_UNION] == sum(d.grassroots for d in DIRECT_UNIONS) == 318
    assert 0 < kinds[UnitKind.UNION_GROUP] < kinds[UnitKind.GRASSROOTS_UNION] // 2
    assert sum(u.members for u in planned) == 60_000
    assert len({u.code for u in planned}) == len(planned)
    by_code = {u.code: u for u in planned}
    assert by_code["PVGAS"].name == "Công đoàn Tổng công ty Khí Việt Nam"
    assert by_code["VSP"].name == "Công đoàn Liên doanh Việt – Nga Vietsovpetro"
    assert by_code["PVGAS-KCM"].name == "Công đoàn cơ sở Công ty Khí Cà Mau"
    assert by_code["PVD-XNK"].short_name == "CĐCS Xí nghiệp Khoan"
    # Only grassroots unions and groups hold members directly.
    holders = {u.kind for u in planned if u.members}
    assert holders == {UnitKind.GRASSROOTS_UNION, UnitKind.UNION_GROUP}


def test_plan_is_deterministic():
    first = plan_units(members=1234, seed=7)
    second = plan_units(members=1234, seed=7)
    assert [(u.code, u.name, u.members) for u in first] == [
        (u.code, u.name, u.members) for u in second
    ]


def test_names_are_deterministic_vietnamese_and_nfc():
    names = [full_name(random.Random(42), "female") for _ in range(3)]
    assert names[0] == names[1] == names[2]
    rng = random.Random(42)
    sample = [full_name(rng, "male" if i % 2 else "female") for i in range(2000)]
    assert all(unicodedata.is_normalized("NFC", n) for n in sample)
    assert all(2 <= len(n.split()) <= 5 for n in sample)
    # Most names carry diacritics; folding removes them all.
    assert sum(fold_diacritics(n) != n for n in sample) > 1500
    assert all(fold_diacritics(n).isascii() for n in sample)


def test_family_names_follow_real_frequencies():
    rng = random.Random(1)
    families = Counter(full_name(rng, "male").split()[0] for _ in range(20_000))
    share = families["Nguyễn"] / 20_000
    assert abs(share - family_name_share("Nguyễn")) < 0.02
    assert 0.36 < share < 0.41
    assert families["Trần"] > families["Phạm"] > families["Đặng"] > families["Quách"] > 0


def test_people_have_valid_phones_emails_and_dates():
    factory = PersonFactory(random.Random(3))
    people = [factory.person(email_domain="pvgas.example.com") for _ in range(500)]
    phones = [p.phone for p in people if p.phone]
    assert len(set(phones)) == len(phones)
    assert all(normalize_phone(phone) == phone for phone in phones)
    emails = [p.email for p in people if p.email]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@pvgas.example.com") and e.isascii() for e in emails)
    for person in people:
        age = (person.join_date - person.date_of_birth).days / 365.25
        assert age >= 18
        assert person.search_name == search_key(person.full_name)


# --- the loader -------------------------------------------------------------


def test_loader_builds_a_consistent_tree(demo):
    planned = plan_units(members=SMALL, seed=2026)
    root = OrgUnit.objects.get(code=ROOT_CODE)
    assert demo.loaded is True
    assert demo.units == len(planned)
    assert OrgUnit.objects.filter(path__startswith=root.path).count() == len(planned)
    assert OrgUnit.find_problems() == ([], [], [], [], [])
    for unit in OrgUnit.objects.all():
        assert unit.numchild == unit.get_children().count(), unit.code
    kcm = OrgUnit.objects.get(code="PVGAS-KCM")
    assert kcm.get_parent().code == "PVGAS"
    assert kcm.get_parent().get_parent().code == ROOT_CODE
    assert kcm.depth == 3
    assert kcm.slug == "cong-doan-co-so-cong-ty-khi-ca-mau"
    assert len(set(OrgUnit.objects.values_list("slug", flat=True))) == len(planned)
    # Treebeard keeps working on top of the bulk-built paths.
    new = OrgUnitFactory(parent=kcm)
    assert new.path.startswith(kcm.path)
    assert OrgUnit.find_problems() == ([], [], [], [], [])


def test_loader_writes_members_with_derived_fields(demo):
    assert demo.members == SMALL
    assert Member.objects.count() == SMALL
    planned = {u.code: u.members for u in plan_units(members=SMALL, seed=2026)}
    per_unit = Counter(Member.objects.values_list("unit__code", flat=True))
    assert per_unit == Counter({code: n for code, n in planned.items() if n})
    for member in Member.objects.all():
        assert member.search_name == search_key(member.full_name)
        assert member.employee_code.startswith(member.unit.code.split("-")[0] + "-")
    assert Member.objects.values("employee_code").distinct().count() == SMALL


def test_loader_is_deterministic_across_reset(demo):
    before = _names_by_code()
    ids_before = set(Member.objects.values_list("public_id", flat=True))
    result = demo_load(members=SMALL, reset=True)
    assert result.loaded is True
    assert _names_by_code() == before
    assert set(Member.objects.values_list("public_id", flat=True)) == ids_before
    assert any(fold_diacritics(name) != name for name in before.values())
    assert before["PVGAS-00001"] == "Trần Minh Hoàng"


def test_second_load_changes_nothing(demo, django_assert_max_num_queries):
    audit_entries = AuditLogEntry.objects.count()
    with django_assert_max_num_queries(8):
        again = demo_load(members=SMALL)
    assert again.loaded is False
    assert again.accounts_created == ()
    assert (again.units, again.members) == (demo.units, SMALL)
    assert Member.objects.count() == SMALL
    assert AuditLogEntry.objects.count() == audit_entries


def test_second_load_recreates_a_missing_account(demo):
    get_user_model().objects.filter(username="duyet.pvgas").delete()
    again = demo_load(members=SMALL)
    assert again.accounts_created == ("duyet.pvgas",)
    assert RoleAssignment.objects.get(user__username="duyet.pvgas").unit.code == "PVGAS"


def test_accounts_get_their_roles_and_admin_access(demo, settings):
    user_model = get_user_model()
    assert set(demo.accounts_created) == set(DEMO_USERNAMES)
    granted = set(RoleAssignment.objects.values_list("user__username", "unit__code", "role"))
    assert granted == {
        ("quantri.dkvn", ROOT_CODE, Role.ADMINISTRATOR),
        ("tuyengiao.dkvn", ROOT_CODE, Role.OFFICER),
        ("duyet.dkvn", ROOT_CODE, Role.APPROVER),
        ("tuyengiao.pvgas", "PVGAS", Role.OFFICER),
        ("duyet.pvgas", "PVGAS", Role.APPROVER),
        ("tuyengiao.bsr", "BSR", Role.OFFICER),
        ("tuyengiao.khicamau", "PVGAS-KCM", Role.OFFICER),
    }
    assert AuditLogEntry.objects.filter(action="org.role_assign").count() == 7
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.get(username=account.username)
        assert user.check_password(settings.LANTOA_DEMO_PASSWORD)
        assert user.email.endswith("@example.com")
        can_enter_admin = user.has_perm("wagtailadmin.access_admin")
        assert can_enter_admin is (not account.member), account.username
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff


def test_member_account_is_linked_and_scoped(demo):
    user = get_user_model().objects.get(username="doanvien.khicamau")
    member = Member.objects.get(user=user)
    assert member.unit.code == "PVGAS-KCM"
    assert f"{user.last_name} {user.first_name}" == member.full_name
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert scoping.members_for(user).count() == 0
    assert scoping.can_see_member(user, member)


def test_officers_see_only_their_subtree(demo):
    pvgas = OrgUnit.objects.get(code="PVGAS")
    officer = get_user_model().objects.get(username="tuyengiao.pvgas")
    visible = scoping.units_for(officer)
    assert visible.count() == pvgas.get_descendant_count() + 1
    assert not visible.filter(code__startswith="BSR").exists()
    in_scope = scoping.members_for(officer).count()
    assert in_scope == Member.objects.filter(unit__path__startswith=pvgas.path).count() > 0


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(DemoRequiresDebug) as excinfo:
        demo_load(members=SMALL)
    assert excinfo.value.code == "demo_requires_debug"
    assert "DEBUG" in excinfo.value.message
    with pytest.raises(DemoRequiresDebug):
        demo_accounts_ensure()
    with pytest.raises(DemoRequiresDebug):
        demo_unload()
    assert OrgUnit.objects.count() == 0
    assert Member.objects.count() == 0
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()


def test_accounts_cannot_be_created_once_debug_is_off(demo, settings):
    get_user_model().objects.filter(username="tuyengiao.bsr").delete()
    settings.DEBUG = False
    with pytest.raises(DemoRequiresDebug):
        demo_load(members=SMALL)
    assert not get_user_model().objects.filter(username="tuyengiao.bsr").exists()


def test_command_refuses_without_debug_in_vietnamese(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ được tạo khi DEBUG đang bật"):
        call_command("load_demo", members=10)
    assert OrgUnit.objects.count() == 0


def test_command_loads_then_skips(db, debug_on, capsys):
    units = len(plan_units(members=SMALL, seed=2026))
    call_command("load_demo", members=SMALL)
    out = capsys.readouterr().out
    assert f"Đã nạp {units} đơn vị và {SMALL} đoàn viên" in out
    assert "tuyengiao.pvgas" in out
    call_command("load_demo", members=SMALL)
    assert f"Dữ liệu mẫu đã có sẵn ({units} đơn vị, {SMALL} đoàn viên)" in capsys.readouterr().out
    assert Member.objects.count() == SMALL


def test_member_account_gets_a_member_even_in_a_tiny_load(db, debug_on):
    result = demo_load(members=0)
    assert result.members == 1
    member = Member.objects.get()
    assert member.user.username == "doanvien.khicamau"
    assert member.unit.code == "PVGAS-KCM"
    assert member.search_name == search_key(member.full_name)


def test_demo_coexists_with_other_roots(db, debug_on):
    other = OrgUnitFactory(code="KHAC", name="Công đoàn khác")
    demo_load(members=20)
    root = OrgUnit.objects.get(code=ROOT_CODE)
    assert root.depth == 1
    assert root.path != other.path
    assert OrgUnit.find_problems() == ([], [], [], [], [])
    demo_unload()
    assert list(OrgUnit.objects.values_list("code", flat=True)) == ["KHAC"]
