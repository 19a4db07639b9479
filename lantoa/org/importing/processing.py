"""Worker-side import: read, validate and upsert a member list.

`member_import_file` is the one entry point that does the work; the CLI calls it
directly, the admin through a stored `MemberImport` and a task. Everything that
can be wrong with a row becomes a `RowError`; only a file that cannot be read
at all raises (`ImportFileError`). Unit codes and existing employee codes are
resolved in bulk and rows are written with bulk_create/bulk_update in one
transaction, so 60,000 rows take seconds, not hours.
"""

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.db import models, transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.text import search_key
from lantoa.org.choices import MemberStatus, OrgAction, Perm
from lantoa.org.importing.columns import (
    ColumnMap,
    ImportFileError,
    check_mapping_used,
    find_header,
    resolve_target,
)
from lantoa.org.importing.readers import UNREADABLE, open_table
from lantoa.org.importing.validation import (
    InvalidCell,
    MemberRow,
    RowCleaner,
    RowError,
    clean_text,
    missing_unit_error,
    shown,
)
from lantoa.org.models import Member, OrgUnit, active_member_counts_shift, active_member_deltas
from lantoa.org.scoping import user_can, user_has_any

T = TypeVar("T")

HEADER_SCAN_ROWS = 20
LOOKUP_CHUNK = 2000
CREATE_BATCH = 1000
UPDATE_BATCH = 500
PROGRESS_EVERY = 1000
STORED_ERRORS = 1000  # errors kept on a MemberImport; the counts stay exact


class Progress(Protocol):
    """Called as rows are validated ("validate") and written ("write");
    `total` is None when the file does not say how many rows it has."""

    def __call__(self, phase: str, done: int, total: int | None) -> None: ...


@dataclass
class ImportResult:
    """What an import found and did. With `written` False nothing was stored:
    a dry run, or an import blocked by invalid rows; the counts then say what
    the import would do."""

    file_name: str
    dry_run: bool
    skip_invalid: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def blocked(self) -> bool:
        return self.invalid_rows > 0 and not self.skip_invalid

    def summary_lines(self) -> list[str]:
        """The report in Vietnamese, as the CLI prints it."""
        verb = "Đã" if self.written else "Sẽ"
        lines = [
            f"Tệp «{self.file_name}»: {self.rows} dòng dữ liệu, {self.invalid_rows} dòng lỗi.",
            f"{verb} thêm mới: {self.created} · {verb.lower()} cập nhật: {self.updated}"
            f" · không đổi: {self.unchanged}.",
        ]
        if self.ignored_columns:
            lines.append("Bỏ qua các cột: " + ", ".join(f"«{c}»" for c in self.ignored_columns))
        lines += [f"Dòng {e.row}, cột «{e.column}»: {e.message}" for e in self.errors]
        if self.blocked:
            lines.append(
                f"Không nhập gì vì có {self.invalid_rows} dòng lỗi: sửa tệp rồi nhập lại, "
                "hoặc chọn bỏ qua các dòng lỗi (--skip-invalid)."
            )
        elif self.dry_run:
            lines.append("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
        else:
            lines.append("Đã nhập xong.")
        return lines


def member_import_file(
    *,
    path: str | Path,
    actor: Actor,
    default_unit: OrgUnit | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
    audit_target: models.Model | None = None,
) -> ImportResult:
    """Import the member list at `path` (CSV or XLSX), upserting by employee code.

    Guarantees: all-or-nothing unless `skip_invalid` (any invalid row → nothing
    written and no audit entry); idempotent (unchanged rows are not rewritten,
    a second run reports 0 created, 0 updated); rows only land in, and members
    only move out of, units where `actor` has MEMBER_CHANGE (a system actor,
    such as the command-line operator, is unrestricted); one audit entry per import that
    writes. Raises ImportFileError when the file itself is unusable and
    PermissionDenied when the actor may not import at all.
    """
    if not user_has_any(actor, Perm.MEMBER_CHANGE):
        raise PermissionDenied()
    if default_unit is not None and not _may_change(actor, default_unit):
        raise PermissionDenied(_out_of_scope_message(default_unit.code))
    if mapping:
        mapping = {str(header): resolve_target(target) for header, target in mapping.items()}
    name = file_name or Path(path).name
    result = ImportResult(file_name=name, dry_run=dry_run, skip_invalid=skip_invalid)
    report = _Report()
    parsed = _read_rows(path, mapping, default_unit, result, report, progress)
    _resolve_units(parsed, actor, default_unit, report)
    plan = _plan_upsert(parsed, actor, report)

    result.errors = report.sorted_errors()
    result.invalid_rows = len(report.invalid_rows)
    result.created, result.updated, result.unchanged = (
        len(plan.creates),
        len(plan.updates),
        plan.unchanged,
    )
    if dry_run or result.blocked:
        return result
    if progress:
        progress("write", 0, result.created + result.updated)
    with transaction.atomic():
        _write(plan, progress)
        audit_record(
            actor=actor,
            action=OrgAction.MEMBER_IMPORT,
            target=audit_target,
            unit_path=_common_unit_path(plan.touched_paths, default_unit),
            data={
                "file": name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "invalid": result.invalid_rows,
                "skip_invalid": skip_invalid,
            },
        )
    result.written = True
    return result


class _Report:
    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.invalid_rows: set[int] = set()

    def add(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.errors.append(error)
            self.invalid_rows.add(error.row)

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: e.row)  # stable: column order kept


@dataclass
class _Parsed:
    columns: ColumnMap
    fields: list[str]  # the member fields the file has columns for
    rows: list[MemberRow]
    default_unit: OrgUnit | None
    units: dict[str, OrgUnit] = field(default_factory=dict)


def _read_rows(
    path: str | Path,
    mapping: Mapping[str, str] | None,
    default_unit: OrgUnit | None,
    result: ImportResult,
    report: _Report,
    progress: Progress | None,
) -> _Parsed:
    with open_table(path, extra_headers=list(mapping or {})) as table:
        head = list(itertools.islice(table.rows, HEADER_SCAN_ROWS))
        columns = find_header([(n, c) for n, c in head if c is not None], mapping)
        if columns is None:
            raise ImportFileError(
                "Không tìm thấy dòng tiêu đề: tệp cần có ít nhất các cột "
                "«Họ và tên» và «Mã nhân viên» (hoặc chỉ rõ ánh xạ cột)."
            )
        _check_columns(columns, mapping, default_unit)
        result.ignored_columns = columns.ignored
        total = table.total_rows - columns.header_row if table.total_rows else None
        body = itertools.chain(((n, c) for n, c in head if n > columns.header_row), table.rows)
        cleaner = RowCleaner(columns, today=timezone.localdate())
        rows = _clean_rows(body, cleaner, result, report, progress, total)
    return _Parsed(columns=columns, fields=cleaner.fields, rows=rows, default_unit=default_unit)


def _check_columns(
    columns: ColumnMap, mapping: Mapping[str, str] | None, default_unit: OrgUnit | None
) -> None:
    check_mapping_used(columns, mapping)
    if not columns.has_name:
        raise ImportFileError("Tệp thiếu cột «Họ và tên».")
    if "employee_code" not in columns.columns:
        raise ImportFileError("Tệp thiếu cột «Mã nhân viên».")
    if "unit_code" not in columns.columns and default_unit is None:
        raise ImportFileError(
            "Tệp không có cột «Mã đơn vị»: hãy chọn đơn vị mặc định cho các dòng."
        )


def _clean_rows(
    body: Iterator[tuple[int, Sequence[Any] | None]],
    cleaner: RowCleaner,
    result: ImportResult,
    report: _Report,
    progress: Progress | None,
    total: int | None,
) -> list[MemberRow]:
    columns = cleaner.columns
    rows: list[MemberRow] = []
    first_row_of_code: dict[str, int] = {}
    for number, cells in body:
        if cells is UNREADABLE:
            result.rows += 1
            report.add([RowError(number, "", "unreadable_row", _UNREADABLE_ROW)])
            continue
        if cleaner.is_blank(cells):
            continue
        result.rows += 1
        row, errors = cleaner.clean(number, cells)
        code = row.values["employee_code"] if row else _code_of(cleaner, cells)
        if code:
            first = first_row_of_code.setdefault(code, number)
            if first != number:
                errors.append(
                    RowError(
                        number,
                        columns.label("employee_code"),
                        "duplicate_code",
                        f"Mã nhân viên «{shown(code)}» trùng với dòng {first}.",
                    )
                )
        if errors:
            report.add(errors)
        elif row is not None:
            rows.append(row)
        if progress and result.rows % PROGRESS_EVERY == 0:
            progress("validate", result.rows, total)
    if progress:
        progress("validate", result.rows, result.rows)
    return rows


_UNREADABLE_ROW = "Không đọc được dòng này (ô quá dài hoặc sai định dạng CSV)."


def _code_of(cleaner: RowCleaner, cells: Sequence[Any]) -> str:
    """The employee code of an invalid row, to still catch duplicates."""
    try:
        return clean_text(cleaner.cell(cells, "employee_code"), "employee_code")
    except InvalidCell:
        return ""


def _may_change(actor: Actor, unit: OrgUnit) -> bool:
    return user_can(actor, Perm.MEMBER_CHANGE, unit)


def _out_of_scope_message(code: str) -> str:
    return f"Bạn không có quyền nhập đoàn viên vào đơn vị «{shown(code)}»."


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _resolve_units(
    parsed: _Parsed, actor: Actor, default_unit: OrgUnit | None, report: _Report
) -> None:
    """Map every unit reference to a unit in scope, or to a row error. A
    reference is a unit code; failing that, a unit's exact name when unique."""
    refs = sorted({r.unit_ref for r in parsed.rows if r.unit_ref})
    units: dict[str, OrgUnit] = {}
    for chunk in _chunks(refs, LOOKUP_CHUNK):
        units.update((u.code, u) for u in OrgUnit.objects.filter(code__in=chunk))
    missing = [r for r in refs if r not in units]
    upper = {r.upper(): r for r in missing if r.upper() != r}
    for chunk in _chunks(list(upper), LOOKUP_CHUNK):
        units.update((upper[u.code], u) for u in OrgUnit.objects.filter(code__in=chunk))
    ambiguous: set[str] = set()
    missing = [r for r in refs if r not in units]
    for chunk in _chunks(missing, LOOKUP_CHUNK):
        for unit in OrgUnit.objects.filter(name__in=chunk):
            if unit.name in units:
                ambiguous.add(unit.name)
            units[unit.name] = unit
    allowed = {ref: _may_change(actor, unit) for ref, unit in units.items()}

    kept: list[MemberRow] = []
    label = parsed.columns.label("unit_code")
    for row in parsed.rows:
        ref = row.unit_ref
        error: RowError | None = None
        if not ref:
            if default_unit is None:
                error = missing_unit_error(row.row, parsed.columns)
        elif ref in ambiguous:
            error = RowError(
                row.row,
                label,
                "ambiguous_unit",
                f"Có nhiều đơn vị tên «{shown(ref)}»: hãy dùng mã đơn vị.",
            )
        elif ref not in units:
            error = RowError(
                row.row, label, "unknown_unit", f"Không có đơn vị mang mã «{shown(ref)}»."
            )
        elif not allowed[ref]:
            error = RowError(row.row, label, "unit_out_of_scope", _out_of_scope_message(ref))
        if error:
            report.add([error])
        else:
            kept.append(row)
    parsed.rows = kept
    parsed.units = units


@dataclass
class _Plan:
    """What to write. Rows stay plain dicts until their batch is written, so
    60,000 model instances never sit in memory at once."""

    creates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # unit id, values
    updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)  # + member id
    update_fields: list[str] = field(default_factory=list)
    unchanged: int = 0
    touched_paths: set[str] = field(default_factory=set)


_EXISTING_FIELDS = (
    "full_name", "gender", "date_of_birth", "phone", "email", "join_date", "status",
)  # fmt: skip


def _plan_upsert(parsed: _Parsed, actor: Actor, report: _Report) -> _Plan:
    """Split valid rows into creates, updates and unchanged, comparing with the
    members that already hold the employee codes (looked up in bulk)."""
    codes = [r.values["employee_code"] for r in parsed.rows]
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(codes, LOOKUP_CHUNK):
        for values in Member.objects.filter(employee_code__in=chunk).values(
            "id", "employee_code", "unit_id", *_EXISTING_FIELDS
        ):
            existing[values["employee_code"]] = values
    current_units = _units_by_id({v["unit_id"] for v in existing.values()})
    may_change_unit = {pk: _may_change(actor, unit) for pk, unit in current_units.items()}

    plan = _Plan()
    file_fields = [f for f in _EXISTING_FIELDS if f in parsed.fields]
    plan.update_fields = [*file_fields, "unit", "unit_path", "updated_at"]
    if "full_name" in file_fields:
        plan.update_fields.append("search_name")
    code_label = parsed.columns.label("employee_code")
    for row in parsed.rows:
        unit = parsed.units[row.unit_ref] if row.unit_ref else parsed.default_unit
        if unit is None:  # refused in _resolve_units; keeps the type checker honest
            continue
        values = row.values
        old = existing.get(values["employee_code"])
        if old is None:
            plan.creates.append((unit.pk, values))
            plan.touched_paths.add(unit.path)
            continue
        if not may_change_unit[old["unit_id"]]:
            report.add(
                [
                    RowError(
                        row.row,
                        code_label,
                        "member_out_of_scope",
                        f"Đoàn viên mã «{shown(values['employee_code'])}» thuộc đơn vị "
                        "ngoài phạm vi của bạn.",
                    )
                ]
            )
            continue
        new = {f: values[f] for f in file_fields}
        if new.get("status", "") is None:
            new["status"] = old["status"]  # an empty cell keeps the status
        if old["unit_id"] == unit.pk and all(old[f] == v for f, v in new.items()):
            plan.unchanged += 1
            continue
        plan.updates.append((old["id"], unit.pk, new))
        plan.touched_paths.update({unit.path, current_units[old["unit_id"]].path})
    return plan


def _units_by_id(ids: set[int]) -> dict[int, OrgUnit]:
    units: dict[int, OrgUnit] = {}
    for chunk in _chunks(sorted(ids), LOOKUP_CHUNK):
        units.update((u.pk, u) for u in OrgUnit.objects.filter(pk__in=chunk))
    return units


def _new_member(unit_id: int, values: Mapping[str, Any]) -> Member:
    # bulk_create skips save(), which derives search_name: set it here.
    member = Member(unit_id=unit_id, search_name=search_key(values["full_name"]), **values)
    if not member.status:
        member.status = MemberStatus.ACTIVE
    return member


def _changed_member(pk: int, unit_id: int, values: Mapping[str, Any], now: Any) -> Member:
    member = Member(id=pk, unit_id=unit_id, updated_at=now, **values)
    if "full_name" in values:
        member.search_name = search_key(values["full_name"])
    return member


def _write(plan: _Plan, progress: Progress | None) -> None:
    """Bulk writes bypass Member.save(), so the unit counters of active
    members (OrgUnit.active_member_count) are shifted here, once for the
    whole import, in the caller's transaction."""
    total = len(plan.creates) + len(plan.updates)
    done = 0
    deltas: Counter[int] = Counter()
    paths = _locked_unit_paths({row[0] for row in plan.creates} | {row[1] for row in plan.updates})
    for batch in _chunks(plan.creates, CREATE_BATCH):
        members = [_new_member(*row) for row in batch]
        for member in members:
            member.unit_path = paths[member.unit_id]
        Member.objects.bulk_create(members)
        deltas.update(active_member_deltas([], [(m.unit_id, m.status) for m in members]))
        done += len(batch)
        if progress:
            progress("write", done, total)
    now = timezone.now()  # bulk_update skips auto_now too
    for update_batch in _chunks(plan.updates, UPDATE_BATCH):
        members = [_changed_member(*row, now) for row in update_batch]
        for member in members:
            member.unit_path = paths[member.unit_id]
        # What the rows hold now, locked: the plan's view may be minutes old.
        before = Member.objects.select_for_update().filter(pk__in=[m.pk for m in members])
        stored = {
            pk: (unit_id, status)
            for pk, unit_id, status in before.values_list("pk", "unit_id", "status")
        }
        Member.objects.bulk_update(members, fields=plan.update_fields)
        deltas.update(
            active_member_deltas(
                stored.values(),
                [
                    (m.unit_id, m.status if "status" in plan.update_fields else stored[m.pk][1])
                    for m in members
                    if m.pk in stored
                ],
            )
        )
        done += len(update_batch)
        if progress:
            progress("write", done, total)
    active_member_counts_shift(deltas)


def _locked_unit_paths(unit_ids: set[int]) -> dict[int, str]:
    """{unit id: path} read now and locked until the import commits: members
    carry their unit's path (Member.unit_path), and a unit moved while the
    file was being read has a new one; the lock keeps a move from changing it
    under the writes."""
    paths: dict[int, str] = {}
    for chunk in _chunks(sorted(unit_ids), LOOKUP_CHUNK):
        rows = OrgUnit.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
        paths.update(rows.values_list("pk", "path"))
    return paths


def _common_unit_path(paths: set[str], default_unit: OrgUnit | None) -> str:
    """The deepest unit holding every touched unit: where the audit entry belongs."""
    if not paths:
        return default_unit.path if default_unit else ""
    prefix = min(paths)
    for path in paths:
        while not path.startswith(prefix):
            prefix = prefix[: -OrgUnit.steplen]
    return prefix
