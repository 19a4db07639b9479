"""A member's personal data rights (Decree 13/2023/NĐ-CP): export and erasure.

Nothing here names another app's models: what is held about a member is found
from the model graph (`Member._meta.get_fields(include_hidden=True)`: every row any app keeps
that points at the member), so an app that adds such a row is exported and
erased with no change here.

- **Export**: the member's own fields, the linked login's, and every row that
  points at the member, as JSON (complete) and a PDF summary (weasyprint).
- **Erasure** anonymises, it does not delete: the member row stays with its
  unit, status, gender, join date and birth *year* (1 July), so every figure
  that counts members (units' counters, dashboards, bulletin and race totals)
  still adds up; name, code, phone, e-mail and birth date are replaced, the
  login is deactivated and stripped, and the personal text fields of the rows
  that point at the member (e-mail, name, phone, address…) are blanked.

Both write an audit entry; the entry names the member by public id only.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.ops.choices import OpsAction
from lantoa.org.public import Member

# Fields of related rows that identify a person: blanked on erasure.
PERSONAL_FIELDS = {"email", "name", "full_name", "phone", "address", "display_name", "ip"}
USER_FIELDS = ("username", "first_name", "last_name", "email", "last_login", "date_joined")
ERASED = "Đã xoá"


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, (date, UUID, Decimal)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return f"<{len(bytes(value))} bytes>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name.endswith("_encrypted") or field.name in {"password", "token", "secret"}:
            continue
        out[field.attname] = _value(getattr(obj, field.attname))
    return out


def _related(member: Member) -> list[tuple[models.ForeignObjectRel, models.QuerySet[Any]]]:
    found = []
    # include_hidden: rows whose foreign key says related_name="+" hold data too.
    for rel in Member._meta.get_fields(include_hidden=True):
        if not isinstance(rel, models.ForeignObjectRel) or rel.many_to_many:
            continue
        model = rel.related_model
        found.append((rel, model._default_manager.filter(**{rel.field.name: member})))
    return found


def member_data(member: Member) -> dict[str, Any]:
    """Everything Lantoa keeps about `member`, as plain JSON-able data."""
    sections = []
    for rel, rows in _related(member):
        model = rel.related_model
        sections.append(
            {
                "key": model._meta.label,
                "label": str(model._meta.verbose_name_plural),
                "rows": [_row(obj) for obj in rows.order_by("pk")],
            }
        )
    user = member.user
    return {
        "generated_at": timezone.localtime().isoformat(),
        "member": _row(member),
        "login": {f: _value(getattr(user, f, None)) for f in USER_FIELDS} if user else None,
        "sections": sections,
    }


def member_data_export(*, actor: Actor, member: Member) -> tuple[bytes, bytes]:
    """The member's data as (JSON, PDF summary); audited."""
    from weasyprint import HTML

    data = member_data(member)
    as_json = json.dumps(data, ensure_ascii=False, indent=2).encode()
    html = render_to_string("ops/pdf/member_data.html", data)
    pdf = HTML(string=html).write_pdf()
    audit_record(
        actor=actor,
        action=OpsAction.MEMBER_DATA_EXPORTED,
        target=member,
        unit_path=member.unit_path,
        data={"member": str(member.public_id), "sections": len(data["sections"])},
    )
    return as_json, pdf


def _blank(field: "models.Field[Any, Any]", obj: models.Model) -> Any:
    if field.null:
        return None
    if isinstance(field, models.EmailField):
        return f"erased-{obj.pk}@erased.invalid"
    return ""


@transaction.atomic
def member_erase(*, actor: Actor, member: Member) -> Member:
    """Anonymise `member` so that no figure changes (module docstring); audited."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    public = str(member.public_id)
    member.full_name = f"{ERASED} {public[:8]}"
    member.employee_code = f"erased-{public}"[:32]
    member.phone = ""
    member.email = ""
    if member.date_of_birth:
        member.date_of_birth = date(member.date_of_birth.year, 7, 1)
    user = member.user
    member.save()
    if user is not None:
        user.username = f"erased-{public}"[:150]
        user.first_name = user.last_name = ""
        user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    blanked = 0
    for rel, rows in _related(member):
        fields = [
            f
            for f in rel.related_model._meta.concrete_fields
            if f.name in PERSONAL_FIELDS and not f.unique and not f.primary_key
        ]
        for obj in rows:
            for field in fields:
                setattr(obj, field.attname, _blank(field, obj))
            if fields:
                obj.save(update_fields=[f.name for f in fields])
                blanked += 1
    audit_record(
        actor=actor,
        action=OpsAction.MEMBER_ERASED,
        target=member,
        unit_path=member.unit_path,
        data={"member": public, "related_rows_blanked": blanked},
    )
    return member
