"""Export of a subtree's members to XLSX, in the layout the importer reads back.

The headers are `importing.columns.EXPORT_HEADERS`, so exporting and importing
the file again changes nothing. Rows are streamed with openpyxl's write-only
mode: memory stays flat for any subtree size.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.spreadsheets import safe_text
from lantoa.org.choices import Gender, MemberStatus, OrgAction, Perm
from lantoa.org.importing.columns import EXPORT_HEADERS
from lantoa.org.models import Member, OrgUnit
from lantoa.org.scoping import members_for, user_can

# "Tên đơn vị" is for people reading the sheet; the importer ignores it.
UNIT_NAME_HEADER = "Tên đơn vị"
HEADERS = [*EXPORT_HEADERS.values(), UNIT_NAME_HEADER]
_FIELDS = (
    "full_name", "gender", "date_of_birth", "employee_code", "phone", "email",
    "unit__code", "join_date", "status", "unit__name",
)  # fmt: skip
_WIDTHS = (28, 10, 12, 16, 16, 28, 14, 18, 20, 36)
_DATE_FORMAT = "DD/MM/YYYY"
_GENDER_LABELS = {value: str(label) for value, label in Gender.choices if value}
_STATUS_LABELS = {value: str(label) for value, label in MemberStatus.choices}


def member_export_queryset(*, actor: Actor, unit: OrgUnit) -> QuerySet[Member]:
    """Members of `unit`'s subtree that `actor` may see."""
    return (
        members_for(actor, Perm.MEMBER_VIEW)
        .filter(unit__path__startswith=unit.path)
        .order_by("unit__path", "search_name", "id")
    )


def member_export_xlsx(*, actor: Actor, unit: OrgUnit, out: str | Path | IO[bytes]) -> int:
    """Write the members of `unit`'s subtree that `actor` may see to `out` as
    XLSX; return how many. Refuses (PermissionDenied) a unit outside the
    actor's MEMBER_VIEW scope. Audited with one entry (personal data left the
    system), never one per member."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if not user_can(actor, Perm.MEMBER_VIEW, unit):
        raise PermissionDenied()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đoàn viên")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for values in _rows(member_export_queryset(actor=actor, unit=unit)):
        row: list[Any] = []
        for value in values:
            if hasattr(value, "isoformat"):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = _DATE_FORMAT
                row.append(cell)
            else:
                # Text, never a formula: a name like "=HYPERLINK(…)" must not run.
                row.append(safe_text(value))
        sheet.append(row)
        count += 1
    workbook.save(out)
    audit_record(
        actor=actor,
        action=OrgAction.MEMBER_EXPORT,
        target=unit,
        unit_path=unit.path,
        data={"unit": unit.code, "members": count},
    )
    return count


def _rows(qs: QuerySet[Member]) -> Iterator[tuple[Any, ...]]:
    for (
        full_name, gender, born, code, phone, email, unit_code, joined, status, unit_name,
    ) in qs.values_list(*_FIELDS).iterator(chunk_size=2000):  # fmt: skip
        yield (
            full_name,
            _GENDER_LABELS.get(gender, ""),
            born,
            code,
            phone,
            email,
            unit_code,
            joined,
            _STATUS_LABELS.get(status, status),
            unit_name,
        )
