"""A race is owned by a unit: its officers draft it, its approvers approve
it before members see it; registration by unit subtree, with bib numbers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests.factories import MemberFactory
from lantoa.race.choices import RaceState
from lantoa.race.exceptions import (
    AlreadyRegistered,
    NotEligible,
    RaceNotOpen,
    RaceStateInvalid,
    RegistrationClosed,
)
from lantoa.race.models import Race, Registration, UnitResult
from lantoa.race.selectors import races_for_member
from lantoa.race.services import races
from lantoa.race.tests.factories import race_approved, register

pytestmark = pytest.mark.django_db


def _draft(unit, actor, **fields):
    today = timezone.localdate()
    return races.race_create(
        actor=actor,
        unit=unit,
        title="Giải chạy bộ online Xuân Dầu khí 2026",
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        **fields,
    )


def test_officers_draft_approvers_of_the_same_unit_approve(tree, people, runner):
    race = _draft(tree.parent, people.officer, bib_prefix="XDK")
    assert (race.state, race.slug) == (RaceState.DRAFT, "giai-chay-bo-online-xuan-dau-khi-2026")
    assert races_for_member(runner) == []
    races.race_submit(actor=people.officer, race=race)
    with pytest.raises(PermissionDenied):
        races.race_approve(actor=people.officer, race=race)  # an officer cannot approve
    with pytest.raises(PermissionDenied):
        races.race_approve(actor=people.unit_officer, race=race)
    races.race_approve(actor=people.approver, race=race)
    race.refresh_from_db()
    assert (race.state, race.approved_by) == (RaceState.APPROVED, people.approver)
    assert races_for_member(runner) == [race]
    assert list(
        AuditLogEntry.objects.filter(action__startswith="race.race_")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["race.race_create", "race.race_submit", "race.race_approve"]


def test_an_officer_elsewhere_cannot_create_and_nothing_is_written(tree, people):
    with pytest.raises(PermissionDenied):
        _draft(tree.parent, people.outsider)
    assert Race.objects.count() == 0
    assert AuditLogEntry.objects.count() == 0


def test_rules_are_validated_with_vietnamese_messages(tree, people):
    with pytest.raises(ValidationError) as caught:
        _draft(
            tree.parent,
            people.officer,
            min_pace_s=600,
            max_pace_s=300,
            sports=[],
            eligible_units=[tree.uncle],
        )
    assert caught.value.message_dict == {
        "max_pace_s": ["Tốc độ chậm nhất phải lớn hơn tốc độ nhanh nhất (giây/km)."],
        "sports": ["Hãy chọn ít nhất một môn."],
        "eligible_units": ["Đơn vị được tham gia phải thuộc đơn vị tổ chức: Công đoàn BSR."],
    }


def test_returned_and_only_drafts_are_edited(tree, people):
    race = _draft(tree.parent, people.officer)
    races.race_submit(actor=people.officer, race=race)
    with pytest.raises(RaceStateInvalid):
        races.race_update(actor=people.officer, race=race, title="Đổi tên")
    races.race_return(actor=people.approver, race=race, note="Ghi rõ cự ly hoàn thành")
    updated = races.race_update(actor=people.officer, race=race, finisher_km="21.10")
    assert (updated.state, str(updated.finisher_km), updated.review_note) == (
        RaceState.DRAFT,
        "21.10",
        "Ghi rõ cự ly hoàn thành",
    )


def test_registration_by_subtree_hands_out_bib_numbers(tree, race, runner):
    colleague = MemberFactory(unit=tree.grandchild)
    first = register(race, runner, actor=runner.user)
    second = register(race, colleague)
    assert (first.bib, second.bib) == ("XDK00001", "XDK00002")
    assert (first.unit, first.unit_path) == (tree.unit, tree.unit.path)
    with pytest.raises(AlreadyRegistered):
        register(race, runner, actor=runner.user)
    with pytest.raises(NotEligible):
        register(race, MemberFactory(unit=tree.uncle))
    assert {r.unit_path: r.registered for r in UnitResult.objects.filter(race=race)} == {
        tree.parent.path: 2,
        tree.unit.path: 2,
        tree.child.path: 1,
        tree.grandchild.path: 1,
    }


def test_eligibility_narrowed_to_named_units(tree, runner):
    race = race_approved(tree.parent, title="Giải riêng Cà Mau", eligible_units=[tree.sibling])
    with pytest.raises(NotEligible):
        register(race, runner)
    assert register(race, MemberFactory(unit=tree.sibling)).bib == "XDK00001"


def test_no_registration_before_approval_or_after_the_deadline(tree, people, runner):
    draft = _draft(tree.parent, people.officer)
    with pytest.raises(RaceNotOpen):
        register(draft, runner)
    closed = race_approved(
        tree.parent,
        title="Giải đã đóng đăng ký",
        registration_closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    with pytest.raises(RegistrationClosed):
        register(closed, runner)
    assert Registration.objects.count() == 0


def test_a_member_registers_only_themself(tree, race, runner):
    other = MemberFactory(unit=tree.unit)
    with pytest.raises(PermissionDenied):
        register(race, other, actor=runner.user)
