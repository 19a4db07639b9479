"""What members' writes maintain — each unit's active-member counter
(`OrgUnit.active_member_count`) and each member's copy of its unit's path
(`Member.unit_path`) — equals what live queries over the rows say, after any
sequence of creates, moves, status changes, deletes, imports, unit moves and
saves of stale instances."""

import contextlib
import itertools

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.core.exceptions import InvalidTreeMove
from lantoa.org import selectors, services
from lantoa.org.choices import MemberStatus
from lantoa.org.importing.processing import member_import_file
from lantoa.org.models import Member, OrgUnit
from lantoa.org.tests.factories import MemberFactory, UserFactory
from lantoa.org.tests.import_files import HEADER, write_csv

CODES = ["DKVN", "PVGAS", "KVT", "KVT-KC", "KVT-KC-1", "KCM", "BSR"]
STATUSES = list(MemberStatus.values)
STATUS_LABELS = {s.value: str(s.label) for s in MemberStatus}
EMPLOYEES = [f"NV{n:03d}" for n in range(12)]
_CREATED = itertools.count()

unit_ix = st.integers(0, len(CODES) - 1)
member_ix = st.integers(0, 50)  # taken modulo the members there are
OPS = st.one_of(
    st.tuples(st.just("create"), unit_ix, st.sampled_from(STATUSES)),
    st.tuples(st.just("move"), member_ix, unit_ix),
    st.tuples(st.just("status"), member_ix, st.sampled_from(STATUSES)),
    st.tuples(st.just("delete"), member_ix),
    st.tuples(st.just("stale_save"), member_ix, unit_ix, st.sampled_from(STATUSES)),
    st.tuples(
        st.just("import"),
        st.lists(
            st.tuples(st.sampled_from(EMPLOYEES), unit_ix, st.sampled_from([*STATUSES, ""])),
            min_size=1,
            max_size=5,
            unique_by=lambda row: row[0],
        ),
    ),
    st.tuples(st.just("unit_move"), unit_ix, unit_ix),
)


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)  # fresh: paths change when units move


def _member(n: int) -> Member | None:
    members = list(Member.objects.order_by("pk"))
    return members[n % len(members)] if members else None


def _apply(op: tuple, actor, tmp_path) -> None:
    kind = op[0]
    if kind == "create":
        services.member_create(
            actor=actor,
            unit=_unit(CODES[op[1]]),
            full_name="Nguyễn Văn Thử",
            employee_code=f"C{next(_CREATED)}",  # unique even after deletes
            status=op[2],
        )
    elif kind in ("move", "status", "delete", "stale_save"):
        member = _member(op[1])
        if member is None:
            return
        if kind == "move":
            services.member_update(actor=actor, member=member, unit=_unit(CODES[op[2]]))
        elif kind == "status":
            services.member_update(actor=actor, member=member, status=op[2])
        elif kind == "delete":
            services.member_delete(actor=actor, member=member)
        else:
            # Loaded, then changed behind its back, then saved: the counters
            # must follow what the row held, not what the instance believed.
            services.member_update(
                actor=actor, member=Member.objects.get(pk=member.pk), status=op[3]
            )
            member.unit = _unit(CODES[op[2]])
            member.save()
    elif kind == "import":
        rows = [
            ["Trần Thị Nhập", "", "", code, "", "", CODES[unit], "", STATUS_LABELS.get(status, "")]
            for code, unit, status in op[1]
        ]
        path = write_csv(tmp_path / f"ds-{Member.objects.count()}.csv", rows, HEADER)
        member_import_file(path=path, actor=actor)
    elif kind == "unit_move":
        unit, target = _unit(CODES[op[1]]), _unit(CODES[op[2]])
        with contextlib.suppress(InvalidTreeMove):  # under itself: refused, no change
            services.unit_move(actor=actor, unit=unit, new_parent=target)


def _assert_derived_match_rows() -> None:
    for unit in OrgUnit.objects.all():
        live_active = Member.objects.filter(
            unit__path__startswith=unit.path, status=MemberStatus.ACTIVE
        ).count()
        live_all = Member.objects.filter(unit__path__startswith=unit.path).count()
        assert selectors.member_count_in_subtree(unit) == live_active, unit.code
        assert selectors.member_count_in_subtree(unit, active_only=False) == live_all, unit.code
    for member in Member.objects.select_related("unit"):
        assert member.unit_path == member.unit.path, member.employee_code
    assert services.member_counts_rebuild() == 0  # nothing left to repair


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=10))
def test_counters_and_paths_follow_every_write(tree, tmp_path, ops):
    actor = UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    with transaction.atomic():  # each example starts from the bare tree
        for n in range(3):
            MemberFactory(unit=tree.unit, employee_code=f"F{n}", status=STATUSES[n % 3])
        for op in ops:
            _apply(op, actor, tmp_path)
            _assert_derived_match_rows()
        transaction.set_rollback(True)


def test_rebuild_repairs_writes_that_bypass_the_model(tree):
    MemberFactory(unit=tree.unit, employee_code="A1")
    MemberFactory(unit=tree.child, employee_code="A2")
    Member.objects.update(status=MemberStatus.LEFT, unit_path="")  # raw: no save()
    OrgUnit.objects.filter(pk=tree.sibling.pk).update(active_member_count=7)
    tree.refresh()

    # KVT and KVT-KC counted one each; KCM 7 instead of 0; two paths blank.
    assert services.member_counts_rebuild() == 5
    assert services.member_counts_rebuild() == 0
    assert selectors.member_count_in_subtree(tree.root) == 0
    assert set(Member.objects.values_list("unit_path", flat=True)) == {
        tree.unit.path,
        tree.child.path,
    }


def test_a_stale_unit_instance_cannot_overwrite_its_counter(tree):
    stale = OrgUnit.objects.get(pk=tree.unit.pk)
    MemberFactory(unit=tree.unit)
    stale.name = "CĐCS Khí Vũng Tàu (mới)"
    stale.save()
    assert selectors.member_count_in_subtree(tree.unit) == 1
    assert OrgUnit.objects.get(pk=tree.unit.pk).name == "CĐCS Khí Vũng Tàu (mới)"


def test_subtree_count_sums_the_units_below(tree):
    MemberFactory(unit=tree.unit)
    MemberFactory(unit=tree.grandchild)
    MemberFactory(unit=tree.grandchild, status=MemberStatus.SUSPENDED)
    MemberFactory(unit=tree.uncle)
    assert [
        selectors.member_count_in_subtree(u)
        for u in (tree.root, tree.parent, tree.unit, tree.child, tree.grandchild, tree.sibling)
    ] == [3, 2, 2, 1, 1, 0]


def test_rebuild_command_reports_what_it_fixed(tree):
    from io import StringIO

    from django.core.management import call_command

    MemberFactory(unit=tree.child)
    OrgUnit.objects.filter(pk=tree.child.pk).update(active_member_count=0)
    out = StringIO()
    call_command("rebuild_member_counts", "--unit", "KVT", stdout=out)
    assert "đã sửa 1 số liệu sai" in out.getvalue()
    assert selectors.member_count_in_subtree(tree.unit) == 1
