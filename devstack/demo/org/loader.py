"""Load (and reload) the demo union: units, ~60,000 members and demo accounts.

Speed matters because `make run` calls this on a fresh machine: the tree's
materialised paths are computed here and the units written with one
`bulk_create`, members in batches of 5,000, all in one transaction. The
result is identical on every load (seeded random streams, fixed reference
date, deterministic public ids).

Demo data and demo accounts (with a published password) must never reach a
real deployment, so every entry point refuses unless `settings.DEBUG` is on;
the check lives here, not only in the command.
"""

import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.db import transaction

from devstack.choices import DevstackAction
from devstack.demo import DEMO_ACTOR
from devstack.demo.org.people import PersonFactory
from devstack.demo.org.plan import PlannedUnit, plan_units, unique_slugs
from devstack.demo.org.units import ROOT_CODE
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Role
from lantoa.org.models import Member, OrgUnit, unit_search_text
from lantoa.org.services import member_counts_rebuild, role_assign

DEMO_SEED = 2026
DEMO_MEMBERS = 60_000
MEMBER_BATCH = 5_000
EMAIL_DOMAIN = "example.com"


class DemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = (
        "Dữ liệu mẫu và tài khoản mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển). "
        "Không bao giờ nạp dữ liệu mẫu vào hệ thống đang vận hành."
    )


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    description: str
    role: str | None = None
    unit_code: str | None = None
    superuser: bool = False
    member: bool = False  # linked to a Member of `unit_code`, holds no role


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "Quản trị Hệ thống", "Quản trị toàn hệ thống (superuser)", superuser=True),
    DemoAccount(
        "quantri.dkvn", "Đỗ Minh Quân", "Quản trị — Công đoàn Dầu khí Việt Nam",
        Role.ADMINISTRATOR, ROOT_CODE,
    ),
    DemoAccount(
        "tuyengiao.dkvn", "Nguyễn Thị Thu Hà", "Cán bộ tuyên giáo — Công đoàn Dầu khí Việt Nam",
        Role.OFFICER, ROOT_CODE,
    ),
    DemoAccount(
        "duyet.dkvn", "Trần Văn Hùng", "Người duyệt — Công đoàn Dầu khí Việt Nam",
        Role.APPROVER, ROOT_CODE,
    ),
    DemoAccount(
        "tuyengiao.pvgas", "Lê Thị Hương", "Cán bộ tuyên giáo — Công đoàn PV GAS",
        Role.OFFICER, "PVGAS",
    ),
    DemoAccount(
        "duyet.pvgas", "Phạm Quốc Dũng", "Người duyệt — Công đoàn PV GAS",
        Role.APPROVER, "PVGAS",
    ),
    DemoAccount(
        "tuyengiao.bsr", "Huỳnh Ngọc Anh", "Cán bộ tuyên giáo — Công đoàn BSR",
        Role.OFFICER, "BSR",
    ),
    DemoAccount(
        "tuyengiao.khicamau", "Võ Thanh Tâm",
        "Cán bộ tuyên giáo — CĐCS Công ty Khí Cà Mau (PV GAS)", Role.OFFICER, "PVGAS-KCM",
    ),
    DemoAccount(
        "doanvien.khicamau", "", "Đoàn viên — CĐCS Công ty Khí Cà Mau (không có vai trò)",
        unit_code="PVGAS-KCM", member=True,
    ),
)  # fmt: skip
DEMO_USERNAMES = tuple(a.username for a in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoLoadResult:
    loaded: bool  # False when the demo was already there and nothing was written
    units: int
    members: int
    accounts_created: tuple[str, ...]
    seconds: float


def require_debug() -> None:
    """Raise DemoRequiresDebug unless settings.DEBUG is on."""
    if not settings.DEBUG:
        raise DemoRequiresDebug()


def demo_is_loaded() -> bool:
    return OrgUnit.objects.filter(code=ROOT_CODE).exists()


def demo_load(
    *,
    actor: Actor = DEMO_ACTOR,
    members: int = DEMO_MEMBERS,
    seed: int = DEMO_SEED,
    reset: bool = False,
) -> DemoLoadResult:
    """Load the demo union and its accounts; DEBUG only.

    Idempotent: when the demo root already exists nothing is rewritten (only
    missing demo accounts are created). `reset=True` removes the demo units,
    members and accounts first and loads afresh. All or nothing: one
    transaction.
    """
    require_debug()
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            demo_unload()
        elif demo_is_loaded():
            created = demo_accounts_ensure()
            root = OrgUnit.objects.get(code=ROOT_CODE)
            return DemoLoadResult(
                loaded=False,
                units=OrgUnit.objects.filter(path__startswith=root.path).count(),
                members=Member.objects.filter(unit__path__startswith=root.path).count(),
                accounts_created=created,
                seconds=time.perf_counter() - started,
            )
        planned = plan_units(members=members, seed=seed)
        units = _create_units(planned, seed=seed)
        _create_members(planned, units, seed=seed)
        created = demo_accounts_ensure()
        # bulk_create bypasses Member.save(), which keeps the unit counters.
        member_counts_rebuild(units[ROOT_CODE])
        # Counted, not summed: a tiny load adds a member for the member account.
        member_count = Member.objects.filter(unit__path__startswith=units[ROOT_CODE].path).count()
        audit_record(
            actor=actor,
            action=DevstackAction.DEMO_LOAD,
            target=units[ROOT_CODE],
            unit_path=units[ROOT_CODE].path,
            data={"units": len(units), "members": member_count, "seed": seed},
        )
    return DemoLoadResult(
        loaded=True,
        units=len(units),
        members=member_count,
        accounts_created=created,
        seconds=time.perf_counter() - started,
    )


def demo_unload() -> None:
    """Remove the demo accounts, members and units; DEBUG only."""
    require_debug()
    with transaction.atomic():
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
        root = OrgUnit.objects.filter(code=ROOT_CODE).first()
        if root is not None:
            # Other apps point at members (e.g. bulletin opt-outs), so Django
            # collects them before deleting; the ids are all it needs.
            Member.objects.filter(unit__path__startswith=root.path).only("pk").delete()
            OrgUnit.objects.filter(path__startswith=root.path).delete()


def _root_path() -> str:
    last_root = OrgUnit.get_last_root_node()
    return last_root._inc_path() if last_root else OrgUnit._get_path(None, 1, 1)


def _create_units(planned: list[PlannedUnit], *, seed: int) -> dict[str, OrgUnit]:
    """Write the planned tree with precomputed paths; {code: saved unit}."""
    codes = [u.code for u in planned]
    clash = list(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True)[:5])
    if clash:
        raise InvalidInput(f"Mã đơn vị đã tồn tại ngoài dữ liệu mẫu: {', '.join(clash)}.")
    taken = set(OrgUnit.objects.values_list("slug", flat=True))
    rng = random.Random(f"lantoa-demo-ids-{seed}")  # noqa: S311 (reproducible on purpose)
    children: dict[str | None, int] = {}
    for unit in planned:
        children[unit.parent_code] = children.get(unit.parent_code, 0) + 1
    paths: dict[str, str] = {}
    issued: dict[str, int] = {}
    objs: list[OrgUnit] = []
    for order, (unit, slug) in enumerate(zip(planned, unique_slugs(planned, taken), strict=True)):
        if unit.parent_code is None:
            path, depth = _root_path(), 1
        else:
            parent_path = paths[unit.parent_code]
            issued[unit.parent_code] = issued.get(unit.parent_code, 0) + 1
            depth = len(parent_path) // OrgUnit.steplen + 1
            path = OrgUnit._get_path(parent_path, depth, issued[unit.parent_code])
        paths[unit.code] = path
        objs.append(
            OrgUnit(
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                path=path,
                depth=depth,
                numchild=children.get(unit.code, 0),
                kind=unit.kind,
                code=unit.code,
                name=unit.name,
                short_name=unit.short_name,
                search_text=unit_search_text(unit.code, unit.name, unit.short_name),
                slug=slug,
                sort_order=order,
                email=f"congdoan.{unit.code.lower()}@{EMAIL_DOMAIN}",
            )
        )
    OrgUnit.objects.bulk_create(objs, batch_size=500)
    saved = OrgUnit.objects.filter(path__startswith=paths[planned[0].code])
    return {unit.code: unit for unit in saved}


def _member_rows(
    planned: list[PlannedUnit], units: dict[str, OrgUnit], *, seed: int
) -> Iterator[Member]:
    factory = PersonFactory(random.Random(f"lantoa-demo-members-{seed}"))  # noqa: S311 (reproducible on purpose)
    numbers: dict[str, int] = {}
    for planned_unit in planned:
        unit = units[planned_unit.code]
        domain = f"{planned_unit.direct_code.lower()}.{EMAIL_DOMAIN}"
        for _ in range(planned_unit.members):
            n = numbers[planned_unit.direct_code] = numbers.get(planned_unit.direct_code, 0) + 1
            person = factory.person(email_domain=domain)
            yield Member(
                public_id=person.public_id,
                unit=unit,
                unit_path=unit.path,  # bulk_create skips Member.save()
                full_name=person.full_name,
                search_name=person.search_name,  # bulk_create skips Member.save()
                gender=person.gender,
                date_of_birth=person.date_of_birth,
                employee_code=f"{planned_unit.direct_code}-{n:05d}",
                phone=person.phone,
                email=person.email,
                join_date=person.join_date,
                status=person.status,
            )


def _create_members(planned: list[PlannedUnit], units: dict[str, OrgUnit], *, seed: int) -> int:
    batch: list[Member] = []
    total = 0
    for member in _member_rows(planned, units, seed=seed):
        batch.append(member)
        if len(batch) >= MEMBER_BATCH:
            Member.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        Member.objects.bulk_create(batch)
        total += len(batch)
    return total


def _split_name(full_name: str) -> tuple[str, str]:
    """Django keeps first/last name; Vietnamese order is family name first."""
    family, _, rest = full_name.partition(" ")
    return rest, family


def demo_accounts_ensure() -> tuple[str, ...]:
    """Create the demo accounts that do not exist yet; DEBUG only.

    Roles are granted through `role_assign`, so the accounts get admin
    access and the grants are audited like any other.
    """
    require_debug()
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
    )
    missing = [a for a in DEMO_ACCOUNTS if a.username not in existing]
    if not missing:
        return ()
    # One Argon2 hash (~0.5 s each) serves every account: the password is
    # published anyway, and nine hashes would dominate a reload.
    password = make_password(settings.LANTOA_DEMO_PASSWORD)
    with transaction.atomic():
        admin = user_model.objects.filter(username="admin").first()
        if admin is None:
            admin = user_model.objects.create_superuser(
                username="admin", email=f"admin@{EMAIL_DOMAIN}", password=None
            )
            admin.password = password
            admin.save(update_fields=["password"])
        for account in missing:
            if account.superuser:
                continue
            _create_account(account, actor=admin, password=password)
    return tuple(a.username for a in missing)


def _account_member(account: DemoAccount, unit: OrgUnit) -> Member:
    """A member for a member account when a tiny load left its unit empty."""
    rng = random.Random(f"lantoa-demo-account-{account.username}")  # noqa: S311 (reproducible)
    person = PersonFactory(rng).person(email_domain=None)
    member = Member(
        public_id=person.public_id,
        unit=unit,
        full_name=person.full_name,
        gender=person.gender,
        date_of_birth=person.date_of_birth,
        employee_code=f"{unit.code}-TK",
        phone=person.phone,
        email=f"{account.username}@{EMAIL_DOMAIN}",
        join_date=person.join_date,
        status=person.status,
    )
    member.save()
    return member


def _create_account(account: DemoAccount, *, actor: AbstractBaseUser, password: str) -> None:
    """Create one account; `password` is an encoded hash."""
    unit = OrgUnit.objects.get(code=account.unit_code)
    member = None
    full_name = account.full_name
    if account.member:
        member = Member.objects.filter(unit=unit, user__isnull=True).order_by("id").first()
        member = member or _account_member(account, unit)
        full_name = member.full_name
    first_name, last_name = _split_name(full_name)
    user = get_user_model()(
        username=account.username,
        email=f"{account.username}@{EMAIL_DOMAIN}",
        password=password,  # already hashed
        first_name=first_name,
        last_name=last_name,
    )
    user.save()
    if member is not None:
        member.user = user
        member.save(update_fields=["user", "updated_at"])
    if account.role:
        role_assign(actor=actor, user=user, unit=unit, role=account.role)
