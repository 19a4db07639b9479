"""Writes to the organisation: units, members, roles. Every write checks the
actor's scope, audits, and returns the changed object."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils.crypto import salted_hmac
from treebeard.exceptions import InvalidMoveToDescendant

from lantoa.core.actors import Actor, require_actor
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput, InvalidTreeMove, LantoaError
from lantoa.core.phones import normalize_phone
from lantoa.core.ratelimit import rate_limited
from lantoa.core.text import normalize_nfc, vietnamese_slugify
from lantoa.org.choices import MemberStatus, OrgAction, Perm, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.scoping import forget_cached_scope, require_perm, subtree_condition
from lantoa.org.tasks import password_reset_mail_task

UNIT_FIELDS = (
    "kind", "code", "name", "short_name", "slug", "is_active", "sort_order",
    "email", "phone", "address", "website",
)  # fmt: skip
MEMBER_FIELDS = (
    "full_name", "gender", "date_of_birth", "employee_code", "phone", "email",
    "join_date", "status",
)  # fmt: skip
STAFF_GROUP_NAME = "Cán bộ Lantoa"


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
def unit_create(*, actor: Actor, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    """Create a unit under `parent` (a root only for superusers). Audited."""
    require_perm(actor, Perm.UNIT_CHANGE, parent)
    data = _clean_unit_fields(fields)
    data.setdefault("slug", unique_unit_slug(data.get("name", "")))
    unit = OrgUnit(**data)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = parent.add_child(instance=unit) if parent else OrgUnit.add_root(instance=unit)
    audit_record(
        actor=actor, action=OrgAction.UNIT_CREATE, target=unit, unit_path=unit.path, data=data
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: OrgUnit, **fields: Any) -> OrgUnit:
    """Change a unit's own fields (not its place in the tree). Audited."""
    require_perm(actor, Perm.UNIT_CHANGE, unit)
    data = _clean_unit_fields(fields)
    before = {k: getattr(unit, k) for k in data}
    for key, value in data.items():
        setattr(unit, key, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=[*data.keys(), "updated_at"])
    audit_record(
        actor=actor,
        action=OrgAction.UNIT_UPDATE,
        target=unit,
        unit_path=unit.path,
        data=changed_fields(before, data),
    )
    return unit


@transaction.atomic
def unit_move(*, actor: Actor, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move `unit` and its whole subtree under `new_parent`.

    Members, roles and everything else refer to units by key, so they follow
    the move; the actor needs UNIT_CHANGE at both the old and the new place.
    """
    require_perm(actor, Perm.UNIT_CHANGE, unit)
    require_perm(actor, Perm.UNIT_CHANGE, new_parent)
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
        action=OrgAction.UNIT_MOVE,
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
def member_create(*, actor: Actor, unit: OrgUnit, **fields: Any) -> Member:
    require_perm(actor, Perm.MEMBER_CHANGE, unit)
    data = member_clean_fields(fields)
    member = Member(unit=unit, **data)
    member.full_clean()
    member.save()
    audit_record(actor=actor, action=OrgAction.MEMBER_CREATE, target=member, unit_path=unit.path)
    return member


@transaction.atomic
def member_update(
    *, actor: Actor, member: Member, unit: OrgUnit | None = None, **fields: Any
) -> Member:
    """Change a member; moving them to another unit needs scope over both."""
    require_perm(actor, Perm.MEMBER_CHANGE, member.unit)
    data = member_clean_fields(fields)
    before = {k: getattr(member, k) for k in data}
    if unit is not None and unit.pk != member.unit_id:
        require_perm(actor, Perm.MEMBER_CHANGE, unit)
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
        action=OrgAction.MEMBER_UPDATE,
        target=member,
        unit_path=member.unit.path,
        # Personal values stay out of the log: only which fields changed.
        data={"fields": sorted(changed_fields(before, {**data, **data_unit}))},
    )
    return member


@transaction.atomic
def member_delete(*, actor: Actor, member: Member) -> None:
    require_perm(actor, Perm.MEMBER_CHANGE, member.unit)
    audit_record(
        actor=actor,
        action=OrgAction.MEMBER_DELETE,
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


# What every role holder may do in the admin beyond their roles: enter it, and
# manage their own API tokens (Wagtail's screen: only the user's own tokens
# without auth.change_user).
STAFF_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("wagtailcore", "add_apitoken"),
    ("wagtailcore", "change_apitoken"),
    ("wagtailcore", "delete_apitoken"),
)


def _staff_group() -> Group:
    group, created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    if created or not group.permissions.filter(codename="add_apitoken").exists():
        lookup = Q()
        for app_label, codename in STAFF_PERMISSIONS:
            lookup |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.add(*Permission.objects.filter(lookup))
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
    *, actor: Actor, user: AbstractBaseUser, unit: OrgUnit, role: str
) -> RoleAssignment:
    """Grant `role` at `unit`. Idempotent: granting twice changes nothing."""
    require_perm(actor, Perm.ROLE_CHANGE, unit)
    assignment, created = RoleAssignment.objects.get_or_create(
        user_id=user.pk, unit=unit, role=role
    )
    if created:
        sync_admin_access(user)
        audit_record(
            actor=actor,
            action=OrgAction.ROLE_ASSIGN,
            target=assignment,
            unit_path=unit.path,
            data={"user": user.get_username(), "role": role},
        )
    forget_cached_scope(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    require_perm(actor, Perm.ROLE_CHANGE, assignment.unit)
    user = assignment.user
    audit_record(
        actor=actor,
        action=OrgAction.ROLE_REVOKE,
        target=assignment,
        unit_path=assignment.unit.path,
        data={"user": user.get_username(), "role": assignment.role},
    )
    assignment.delete()
    sync_admin_access(user)
    forget_cached_scope(user)


class PasswordResetLimited(LantoaError):
    code = "password_reset_rate_limited"
    default_message = (
        "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Hãy kiểm tra hộp thư "
        "và thử lại sau ít phút."
    )


def _address_key(email: str) -> str:
    # A keyed digest: the cache (Redis) never holds the address itself.
    return salted_hmac("lantoa.org.password_reset", email.strip().lower()).hexdigest()


def password_reset_request(*, actor: Actor, email: str, client_key: str) -> None:
    """Accept a request to reset the password of the account at `email`.

    Does the same work whether or not an account has that address: it counts
    the request per address and per client (`LANTOA_PASSWORD_RESET_RATE`,
    `LANTOA_PASSWORD_RESET_CLIENT_RATE`; over either, `PasswordResetLimited`)
    and enqueues the mail task after commit; it reads no account. The worker
    looks the address up and mails (`org.accounts.password_reset_mail_send`),
    so neither the answer nor its timing tells who has an account."""
    require_actor(actor)
    if rate_limited(
        "password-reset-client", client_key, str(settings.LANTOA_PASSWORD_RESET_CLIENT_RATE)
    ) or rate_limited(
        "password-reset-address", _address_key(email), str(settings.LANTOA_PASSWORD_RESET_RATE)
    ):
        raise PasswordResetLimited()
    transaction.on_commit(partial(password_reset_mail_task.enqueue, email=email))


def ensure_valid_role(role: str) -> str:
    if role not in Role.values:
        raise InvalidInput(f"Vai trò không hợp lệ: «{role}».")
    return role


@transaction.atomic
def member_user_link(*, actor: Actor, member: Member, user: AbstractBaseUser) -> Member:
    """Attach `user` as the sign-in account of `member` unless one is attached
    already (then `member.user` is that one). Idempotent and race-safe: only a
    member without an account is linked. Used by the member area's sign-in,
    for the member themselves, so it needs no scope over the unit."""
    linked = Member.objects.filter(pk=member.pk, user__isnull=True).update(user=user)
    member.refresh_from_db(fields=["user"])
    if linked:
        audit_record(
            actor=actor,
            action=OrgAction.MEMBER_USER_LINK,
            target=member,
            unit_path=member.unit.path,
            data={"user": user.get_username()},
        )
    return member
