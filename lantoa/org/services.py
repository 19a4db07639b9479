"""Writes to the organisation: units, members, roles. Every write checks the
actor's scope, audits, and returns the changed object."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from treebeard.exceptions import InvalidMoveToDescendant

from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput, InvalidTreeMove, PermissionDenied
from lantoa.core.phones import normalize_phone
from lantoa.core.text import normalize_nfc, vietnamese_slugify
from lantoa.org.choices import MemberStatus, Perm, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.scoping import forget_cached_scope, subtree_condition, user_can

AnyUser = AbstractBaseUser | AnonymousUser

UNIT_FIELDS = (
    "kind", "code", "name", "short_name", "slug", "is_active", "sort_order",
    "email", "phone", "address", "website",
)  # fmt: skip
MEMBER_FIELDS = (
    "full_name", "gender", "date_of_birth", "employee_code", "phone", "email",
    "join_date", "status",
)  # fmt: skip
STAFF_GROUP_NAME = "Cán bộ Lantoa"


def _require(actor: AnyUser, perm: str, unit: OrgUnit | None) -> None:
    if not user_can(actor, perm, unit):
        raise PermissionDenied()


def unique_unit_slug(name: str, exclude_pk: int | None = None) -> str:
    base = vietnamese_slugify(name, max_length=72) or "don-vi"
    slug, n = base, 2
    qs = OrgUnit.objects.exclude(pk=exclude_pk) if exclude_pk else OrgUnit.objects.all()
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_unit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in fields.items() if k in UNIT_FIELDS}
    for key in ("name", "short_name", "address"):
        if key in cleaned:
            cleaned[key] = normalize_nfc(str(cleaned[key])).strip()
    if cleaned.get("phone"):
        cleaned["phone"] = normalize_phone(cleaned["phone"])
    return cleaned


@transaction.atomic
def unit_create(*, actor: AnyUser, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    """Create a unit under `parent` (a root only for superusers). Audited."""
    _require(actor, Perm.UNIT_CHANGE, parent)
    data = _clean_unit_fields(fields)
    data.setdefault("slug", unique_unit_slug(data.get("name", "")))
    unit = OrgUnit(**data)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = parent.add_child(instance=unit) if parent else OrgUnit.add_root(instance=unit)
    audit_record(actor=actor, action="org.unit_create", target=unit, unit_path=unit.path, data=data)
    return unit


@transaction.atomic
def unit_update(*, actor: AnyUser, unit: OrgUnit, **fields: Any) -> OrgUnit:
    """Change a unit's own fields (not its place in the tree). Audited."""
    _require(actor, Perm.UNIT_CHANGE, unit)
    data = _clean_unit_fields(fields)
    before = {k: getattr(unit, k) for k in data}
    for key, value in data.items():
        setattr(unit, key, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=[*data.keys(), "updated_at"])
    audit_record(
        actor=actor,
        action="org.unit_update",
        target=unit,
        unit_path=unit.path,
        data=changed_fields(before, data),
    )
    return unit


@transaction.atomic
def unit_move(*, actor: AnyUser, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move `unit` and its whole subtree under `new_parent`.

    Members, roles and everything else refer to units by key, so they follow
    the move; the actor needs UNIT_CHANGE at both the old and the new place.
    """
    _require(actor, Perm.UNIT_CHANGE, unit)
    _require(actor, Perm.UNIT_CHANGE, new_parent)
    old_path = unit.path
    try:
        unit.move(new_parent, pos="last-child")
    except InvalidMoveToDescendant as exc:
        raise InvalidTreeMove() from exc
    unit.refresh_from_db()
    # Members carry their unit's path (Member.unit_path): rewrite the prefix
    # for the whole subtree, in the move's transaction. Counters need nothing:
    # they belong to units, which keep them wherever they go.
    Member.objects.filter(subtree_condition("unit_path", old_path, bounded=True)).update(
        unit_path=Concat(
            Value(unit.path), Substr("unit_path", len(old_path) + 1), output_field=CharField()
        )
    )
    audit_record(
        actor=actor,
        action="org.unit_move",
        target=unit,
        unit_path=unit.path,
        data={"from": old_path, "to": unit.path, "new_parent": new_parent.code},
    )
    return unit


def member_clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise what a form or import gives: NFC names, E.164 phones."""
    cleaned = {k: v for k, v in fields.items() if k in MEMBER_FIELDS}
    if "full_name" in cleaned:
        cleaned["full_name"] = " ".join(normalize_nfc(str(cleaned["full_name"])).split())
    if "phone" in cleaned:
        cleaned["phone"] = normalize_phone(cleaned["phone"] or "")
    if "email" in cleaned:
        cleaned["email"] = (cleaned["email"] or "").strip().lower()
    if "employee_code" in cleaned:
        cleaned["employee_code"] = str(cleaned["employee_code"]).strip()
    return cleaned


@transaction.atomic
def member_create(*, actor: AnyUser, unit: OrgUnit, **fields: Any) -> Member:
    _require(actor, Perm.MEMBER_CHANGE, unit)
    data = member_clean_fields(fields)
    member = Member(unit=unit, **data)
    member.full_clean()
    member.save()
    audit_record(actor=actor, action="org.member_create", target=member, unit_path=unit.path)
    return member


@transaction.atomic
def member_update(
    *, actor: AnyUser, member: Member, unit: OrgUnit | None = None, **fields: Any
) -> Member:
    """Change a member; moving them to another unit needs scope over both."""
    _require(actor, Perm.MEMBER_CHANGE, member.unit)
    data = member_clean_fields(fields)
    before = {k: getattr(member, k) for k in data}
    if unit is not None and unit.pk != member.unit_id:
        _require(actor, Perm.MEMBER_CHANGE, unit)
        before["unit"] = member.unit.code
        member.unit = unit
        data_unit = {"unit": unit.code}
    else:
        data_unit = {}
    for key, value in data.items():
        setattr(member, key, value)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="org.member_update",
        target=member,
        unit_path=member.unit.path,
        # Personal values stay out of the log: only which fields changed.
        data={"fields": sorted(changed_fields(before, {**data, **data_unit}))},
    )
    return member


@transaction.atomic
def member_delete(*, actor: AnyUser, member: Member) -> None:
    _require(actor, Perm.MEMBER_CHANGE, member.unit)
    audit_record(
        actor=actor,
        action="org.member_delete",
        target=member,
        unit_path=member.unit.path,
        data={"employee_code": member.employee_code},
    )
    member.delete()


@transaction.atomic
def member_counts_rebuild(unit: OrgUnit | None = None) -> int:
    """Re-derive what members' writes maintain, from the rows (everywhere, or
    in `unit`'s subtree): each unit's active-member counter and each member's
    copy of its unit's path. Returns how many counters and paths were wrong.

    Every write path keeps both exact (`Member.save`/`delete`, the importer,
    the demo loader, `unit_move`); this is for after writes that bypass them
    (a bulk COPY, a raw `QuerySet.update`/`delete` on members) and for checks:
    `manage.py rebuild_member_counts`. On PostgreSQL at 150,000 units and
    1,000,000 members it takes seconds (bench/org.py prints it).
    """
    units = OrgUnit.objects.all()
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    unit_path = Subquery(OrgUnit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
    members = Member.objects.filter(unit__in=units.values("pk")).exclude(unit_path=unit_path)
    wrong_paths = members.update(unit_path=unit_path)
    live = Coalesce(
        Subquery(
            Member.objects.filter(unit=OuterRef("pk"), status=MemberStatus.ACTIVE)
            .order_by()
            .values("unit")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    # Lock the units first (same order as the writers' relative updates).
    list(units.select_for_update().order_by("pk").values_list("pk", flat=True))
    wrong = units.annotate(live=live).filter(~Q(active_member_count=live)).count()
    if wrong:
        units.update(active_member_count=live)
    return wrong + wrong_paths


def _staff_group() -> Group:
    group, created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


def sync_admin_access(user: AbstractBaseUser) -> None:
    """Users who hold any role may enter the Wagtail admin; others may not."""
    group = _staff_group()
    if RoleAssignment.objects.filter(user_id=user.pk).exists():
        user.groups.add(group)  # type: ignore[attr-defined]
    else:
        user.groups.remove(group)  # type: ignore[attr-defined]


@transaction.atomic
def role_assign(
    *, actor: AnyUser, user: AbstractBaseUser, unit: OrgUnit, role: str
) -> RoleAssignment:
    """Grant `role` at `unit`. Idempotent: granting twice changes nothing."""
    _require(actor, Perm.ROLE_CHANGE, unit)
    assignment, created = RoleAssignment.objects.get_or_create(
        user_id=user.pk, unit=unit, role=role
    )
    if created:
        sync_admin_access(user)
        audit_record(
            actor=actor,
            action="org.role_assign",
            target=assignment,
            unit_path=unit.path,
            data={"user": user.get_username(), "role": role},
        )
    forget_cached_scope(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: AnyUser, assignment: RoleAssignment) -> None:
    _require(actor, Perm.ROLE_CHANGE, assignment.unit)
    user = assignment.user
    audit_record(
        actor=actor,
        action="org.role_revoke",
        target=assignment,
        unit_path=assignment.unit.path,
        data={"user": user.get_username(), "role": assignment.role},
    )
    assignment.delete()
    sync_admin_access(user)
    forget_cached_scope(user)


def ensure_valid_role(role: str) -> str:
    if role not in Role.values:
        raise InvalidInput(f"Vai trò không hợp lệ: «{role}».")
    return role
