"""Benchmark of the organisation at confederation scale, on PostgreSQL.

    .venv/bin/python bench/org.py            # 150,000 units, 1,000,000 members
    .venv/bin/python bench/org.py --units 20000 --members 100000 --runs 50   # quick

Creates a throw-away database on 127.0.0.1:5432 (user postgres, trust auth),
migrates it, fills it with COPY (indexes and constraints are dropped during the
load and rebuilt afterwards, exactly as the migrations defined them), runs
VACUUM ANALYZE, then times the reads the admin and the API do all day:

1. units visible to an officer of a mid-level unit (`scoping.units_for`):
   the count, and the first page of 50 in tree order;
2. members in a subtree (`selectors.member_count_in_subtree`) for a mid-level
   unit and for a direct union;
3. member search by name (`selectors.member_search_page` over
   `scoping.members_for`): count + first page of 20, scoped to an officer,
   for common names ("nguyen van"), rare names, and given names without marks;

and finally the time and peak RSS of importing 60,000 members from an XLSX
file with `lantoa.org.importing.member_import_file` in a separate process.
Prints a table and writes bench/out/org.json. The database is dropped at the
end (LANTOA_BENCH_KEEP_DB=1 keeps it for EXPLAIN sessions).

Tree shape (confederation): 1 root → ~85 provincial federations and industry
unions ("mid-level") → ~1,700 district federations and direct unions →
grassroots unions (most units) → trade-union groups below some of them.
Members sit in grassroots unions and groups with a skewed (log-normal) spread.
"""

import argparse
import contextlib
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    DEFAULT_SERVER,
    OUT_DIR,
    Timing,
    copy_rows,
    indexes_dropped,
    print_table,
    run_measured,
    throwaway_postgres_database,
    time_calls,
    vacuum_analyze,
    write_json,
)

TARGET_MS = 50.0
IMPORT_TARGET_S = 60.0
IMPORT_TARGET_MB = 500.0
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

COMMON_QUERIES = ("nguyen van", "nguyen thi", "tran van", "le thi", "pham van")
RARE_QUERIES = ("quach", "khong van", "nghiem", "mac thi", "bach", "luc van", "lua")
GIVEN_QUERIES = ("huong", "dung", "thao", "tuan", "linh", "cuong", "trang", "hai")

PROVINCES = (
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Bà Rịa – Vũng Tàu",
    "Đồng Nai", "Bình Dương", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Ngãi",
    "Khánh Hòa", "Cà Mau", "Thái Bình", "Nam Định", "Bắc Ninh", "Hải Dương", "Long An",
)  # fmt: skip
INDUSTRIES = (
    "Dầu khí Việt Nam", "Điện lực Việt Nam", "Ngân hàng Việt Nam", "Giáo dục Việt Nam",
    "Y tế Việt Nam", "Công Thương Việt Nam", "Xây dựng Việt Nam", "Giao thông Vận tải Việt Nam",
    "Dệt May Việt Nam", "Bưu điện Việt Nam", "Cao su Việt Nam", "Hàng không Việt Nam",
)  # fmt: skip


# ---- Django ------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "lantoa.settings.dev"
    # DEBUG off: no query log growing in memory, the same code paths as production.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("LANTOA_DB_CONN_MAX_AGE", "0")
    import django

    django.setup()


# ---- synthetic tree ------------------------------------------------------------


def _step(n: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return digits.rjust(STEPLEN, "0")


class TreeShape:
    """Unit ids by level, each unit's path and parent; ids are 1..units."""

    def __init__(self, units: int, rng: random.Random) -> None:
        n_mid = min(85, max(units // 1700, 3))
        n_direct = max(units // 88, n_mid)
        n_groups = units * 12 // 100
        n_grassroots = units - 1 - n_mid - n_direct - n_groups
        self.parent: list[int] = [0, 0]  # index = unit id; [0] unused, 1 = root
        self.depth: list[int] = [0, 1]
        levels = [[1]]
        for count, spread in ((n_mid, 0.3), (n_direct, 0.8), (n_grassroots, 1.0)):
            parents = levels[-1]
            cumulative = list(accumulate(rng.lognormvariate(0, spread) for _ in parents))
            level = []
            for _ in range(count):
                parent = parents[_bisect(cumulative, rng.random() * cumulative[-1])]
                self.parent.append(parent)
                self.depth.append(self.depth[parent] + 1)
                level.append(len(self.parent) - 1)
            levels.append(level)
        grouped = rng.sample(levels[-1], n_groups // 3)
        level = []
        for parent in grouped:
            for _ in range(3):
                self.parent.append(parent)
                self.depth.append(self.depth[parent] + 1)
                level.append(len(self.parent) - 1)
        levels.append(level)
        self.levels = levels
        self.paths = [""] * len(self.parent)
        self.numchild = [0] * len(self.parent)
        self.paths[1] = _step(1)
        for unit_id in range(2, len(self.parent)):
            parent = self.parent[unit_id]
            self.numchild[parent] += 1
            self.paths[unit_id] = self.paths[parent] + _step(self.numchild[parent])

    @property
    def count(self) -> int:
        return len(self.parent) - 1

    def holders(self) -> list[int]:
        """Units that hold members directly: grassroots unions and groups."""
        return self.levels[3] + self.levels[4]


def _bisect(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _unit_fields(shape: TreeShape, unit_id: int) -> dict[str, Any]:
    from lantoa.org.choices import UnitKind
    from lantoa.org.models import unit_search_text

    depth = shape.depth[unit_id]
    if depth == 1:
        kind, name = UnitKind.CONFEDERATION, "Tổng Liên đoàn Lao động Việt Nam"
    elif depth == 2:
        n = unit_id - 2  # mid-level units are created first, right after the root
        kind = UnitKind.INDUSTRY_UNION
        if n < len(INDUSTRIES):
            name = f"Công đoàn {INDUSTRIES[n]}"
        elif n - len(INDUSTRIES) < len(PROVINCES):
            name = f"Liên đoàn Lao động {PROVINCES[n - len(INDUSTRIES)]}"
        else:
            name = f"Liên đoàn Lao động tỉnh số {n}"
    elif depth == 3:
        kind, name = UnitKind.DIRECT_UNION, f"Công đoàn Tổng công ty số {unit_id}"
    elif depth == 4:
        kind, name = UnitKind.GRASSROOTS_UNION, f"Công đoàn cơ sở Công ty số {unit_id}"
    else:
        kind, name = UnitKind.UNION_GROUP, f"Tổ công đoàn số {unit_id}"
    return {
        "id": unit_id,
        "path": shape.paths[unit_id],
        "depth": depth,
        "numchild": shape.numchild[unit_id],
        "kind": kind,
        "code": f"U{unit_id:07d}",
        "name": name,
        "search_text": unit_search_text(f"U{unit_id:07d}", name, ""),
        "slug": f"u{unit_id}",
        "sort_order": unit_id,
    }


def _member_counts(shape: TreeShape, members: int, rng: random.Random) -> list[tuple[int, int]]:
    holders = shape.holders()
    weights = [rng.lognormvariate(0, 1.1) for _ in holders]
    total = sum(weights)
    counts = [int(w / total * members) for w in weights]
    for i in rng.sample(range(len(holders)), members - sum(counts)):
        counts[i] += 1
    pairs = list(zip(holders, counts, strict=True))
    # Lists arrive unit by unit, in no particular order of the tree.
    rng.shuffle(pairs)
    return pairs


def _member_rows(shape: TreeShape, members: int, seed: int) -> Iterator[dict[str, Any]]:
    from devstack.demo.org.people import PersonFactory

    rng = random.Random(seed)
    people = PersonFactory(random.Random(seed + 1), female_share=0.45)
    member_id = 0
    for unit_id, count in _member_counts(shape, members, rng):
        for _ in range(count):
            member_id += 1
            person = people.person(email_domain=None)
            yield {
                "id": member_id,
                "public_id": person.public_id,
                "unit_id": unit_id,
                "unit_path": shape.paths[unit_id],
                "full_name": person.full_name,
                "search_name": person.search_name,
                "gender": person.gender,
                "date_of_birth": person.date_of_birth,
                "employee_code": f"NV{member_id:08d}",
                "phone": person.phone,
                "join_date": person.join_date,
                "status": person.status,
            }


def reuse(units: int, seed: int) -> dict[str, Any]:
    """An existing bench database (--reuse): migrate it (new indexes), drop the
    members of a previous import, re-derive the tree shape from the seed."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lantoa.org.models import Member, OrgUnit
    from lantoa.org.services import member_counts_rebuild

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    Member.objects.filter(employee_code__startswith="IMP").delete()
    started = time.perf_counter()
    member_counts_rebuild()  # the delete above bypassed the unit counters
    member_counts_s = time.perf_counter() - started
    vacuum_analyze()
    officers = get_user_model().objects.filter(username__startswith="officer")
    return {
        "shape": TreeShape(units, random.Random(seed)),
        "timings": {"migrate_s": migrate_s, "member_counts_s": member_counts_s},
        "officer_ids": list(officers.order_by("pk").values_list("pk", flat=True)),
        "units": OrgUnit.objects.count(),
        "members": Member.objects.count(),
    }


def build(units: int, members: int, officers: int, seed: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from lantoa.org.choices import Role
    from lantoa.org.models import Member, OrgUnit, RoleAssignment
    from lantoa.org.services import member_counts_rebuild

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - started

    rng = random.Random(seed)
    started = time.perf_counter()
    shape = TreeShape(units, rng)
    with indexes_dropped(["org_orgunit", "org_member"]):
        copy_rows(OrgUnit, (_unit_fields(shape, i) for i in range(1, shape.count + 1)))
        timings["copy_units_s"] = time.perf_counter() - started
        started = time.perf_counter()
        copy_rows(Member, _member_rows(shape, members, seed))
        timings["copy_members_s"] = time.perf_counter() - started
        started = time.perf_counter()
    timings["rebuild_indexes_s"] = time.perf_counter() - started
    started = time.perf_counter()
    member_counts_rebuild()  # COPY bypassed the per-unit counters
    timings["member_counts_s"] = time.perf_counter() - started
    with connection.cursor() as cur:
        for table in ("org_orgunit", "org_member"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",  # noqa: S608 (fixed names)
                [table],
            )
    # Officers at mid-level units, spread over all of them.
    mid = shape.levels[1]
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"officer{i:04d}", password=make_password(None))
            for i in range(officers)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, unit_id=mid[i % len(mid)], role=Role.OFFICER)
            for i, user in enumerate(users)
        ]
    )
    started = time.perf_counter()
    vacuum_analyze()
    timings["vacuum_analyze_s"] = time.perf_counter() - started
    return {
        "shape": shape,
        "timings": timings,
        "officer_ids": [u.pk for u in users],
        "units": OrgUnit.objects.count(),
        "members": Member.objects.count(),
    }


# ---- reads -------------------------------------------------------------------


def _explain(queryset: Any) -> str:
    return queryset.explain(analyze=True, buffers=True)


def measure_queries(
    built: dict[str, Any], runs: int, seed: int, target_ms: float = TARGET_MS
) -> dict[str, dict[str, Any]]:
    from django.contrib.auth import get_user_model

    from lantoa.org import scoping, selectors
    from lantoa.org.models import OrgUnit

    rng = random.Random(seed + 2)
    shape: TreeShape = built["shape"]
    users = list(get_user_model().objects.filter(pk__in=built["officer_ids"]).order_by("pk"))
    officers = [users[i % len(users)] for i in range(runs)]
    mid_units = list(OrgUnit.objects.filter(depth=2).order_by("path"))
    rng.shuffle(mid_units)
    mid_inputs = [mid_units[i % len(mid_units)] for i in range(runs)]
    direct_ids = rng.sample(shape.levels[2], min(runs, len(shape.levels[2])))
    direct_units = list(OrgUnit.objects.filter(pk__in=direct_ids))
    rng.shuffle(direct_units)

    def visible_count(user: Any) -> int:
        scoping.forget_cached_scope(user)  # every run pays for its roles query
        return scoping.units_for(user).count()

    def visible_page(user: Any) -> int:
        scoping.forget_cached_scope(user)
        return len(list(scoping.units_for(user).order_by("path")[:50]))

    def search(pair: tuple[Any, str]) -> int:
        user, q = pair
        scoping.forget_cached_scope(user)
        found = selectors.member_search_page(scoping.members_for(user), q=q, offset=0, limit=20)
        capped_searches.append(not found.exact)
        return found.total

    def counted_qs(unit: Any) -> Any:
        # The counters member_count_in_subtree sums (its plan, as a SELECT).
        return selectors.subtree_units(unit.path).values("active_member_count")

    def search_qs(user: Any, q: str) -> Any:
        # The count member_search_page runs first (capped: a LIMIT subquery).
        matches = selectors.member_name_matches(scoping.members_for(user), q)
        return matches.order_by().values("pk")[: selectors.SEARCH_COUNT_CAP + 1]

    capped_searches: list[bool] = []

    cases: list[tuple[str, str, list[Any], Any, Any]] = [
        (
            "units_for: count",
            "officer at a mid-level unit",
            officers,
            visible_count,
            lambda u: scoping.units_for(u),
        ),
        (
            "units_for: page of 50",
            "officer at a mid-level unit",
            officers,
            visible_page,
            lambda u: scoping.units_for(u).order_by("path")[:50],
        ),
        (
            "member_count_in_subtree",
            "mid-level unit",
            mid_inputs,
            selectors.member_count_in_subtree,
            counted_qs,
        ),
        (
            "member_count_in_subtree",
            "direct union",
            direct_units,
            selectors.member_count_in_subtree,
            counted_qs,
        ),
    ]
    for label, queries in (
        ("common names", COMMON_QUERIES),
        ("rare names", RARE_QUERIES),
        ("given names, no marks", GIVEN_QUERIES),
    ):
        pairs = [(officers[i], queries[i % len(queries)]) for i in range(runs)]
        cases.append(
            ("member search: count + page of 20", label, pairs, search, lambda p: search_qs(*p))
        )

    results: dict[str, dict[str, Any]] = {}
    for name, what, inputs, call, queryset_of in cases:
        capped_searches.clear()
        timing, outputs = time_calls(inputs, call)
        sizes = [int(o) for o in outputs]  # type: ignore[call-overload]
        entry: dict[str, Any] = {
            "measure": name,
            "input": what,
            "timing": timing,
            "rows_avg": sum(sizes) / len(sizes),
            "rows_max": max(sizes),
            "meets_target": timing.p95_ms < target_ms,
        }
        if capped_searches:
            entry["capped_share"] = sum(capped_searches) / len(capped_searches)
        if queryset_of is not None and not entry["meets_target"]:
            slowest = max(range(len(inputs)), key=lambda i: sizes[i])
            entry["explain"] = _explain(queryset_of(inputs[slowest]))
        results[f"{name} — {what}"] = entry
    return results


def verify_counters(shape: TreeShape, sample: int, seed: int) -> dict[str, int]:
    """Counters against live counts for a sample of units of every level
    (after the import, which maintains them): how many disagree."""
    from lantoa.org import selectors
    from lantoa.org.choices import MemberStatus
    from lantoa.org.models import Member, OrgUnit

    rng = random.Random(seed + 5)
    ids = [1] + [
        i for level in shape.levels[1:] for i in rng.sample(level, min(sample, len(level)))
    ]
    wrong = 0
    for unit in OrgUnit.objects.filter(pk__in=ids):
        live = Member.objects.filter(
            unit__path__startswith=unit.path, status=MemberStatus.ACTIVE
        ).count()
        wrong += selectors.member_count_in_subtree(unit) != live
    return {"units_checked": len(ids), "counters_wrong": wrong}


# ---- import ------------------------------------------------------------------


def write_import_file(path: Path, rows: int, shape: TreeShape, seed: int) -> None:
    from openpyxl import Workbook

    from devstack.demo.org.people import PersonFactory
    from lantoa.org.choices import Gender, MemberStatus
    from lantoa.org.importing.columns import EXPORT_HEADERS

    rng = random.Random(seed + 3)
    people = PersonFactory(random.Random(seed + 4), female_share=0.45)
    grassroots = shape.levels[3]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đoàn viên")
    fields = list(EXPORT_HEADERS)
    sheet.append([EXPORT_HEADERS[f] for f in fields])
    for n in range(1, rows + 1):
        person = people.person(email_domain="example.com")
        local = person.phone.replace("+84", "0")
        values = {
            "full_name": person.full_name,
            "gender": str(Gender(person.gender).label),
            "date_of_birth": person.date_of_birth,
            "employee_code": f"IMP{n:07d}",
            # Offices type numbers the way they are printed: "0912 345 678".
            "phone": f"{local[:4]} {local[4:7]} {local[7:]}" if local else "",
            "email": person.email,
            "unit_code": f"U{rng.choice(grassroots):07d}",
            "join_date": person.join_date,
            "status": str(MemberStatus(person.status).label),
        }
        sheet.append([values[f] for f in fields])
    workbook.save(path)


def import_child(xlsx: str, out: str) -> int:
    """Runs in the measured child process: the import and nothing else."""
    setup_django(os.environ["DATABASE_URL"])
    from lantoa.org.importing.processing import member_import_file

    started = time.perf_counter()
    result = member_import_file(path=xlsx, actor=None)
    seconds = time.perf_counter() - started
    Path(out).write_text(
        json.dumps(
            {
                "import_s": seconds,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "invalid_rows": result.invalid_rows,
                "written": result.written,
                "first_errors": [f"{e.row}/{e.column}: {e.message}" for e in result.errors[:5]],
            }
        )
    )
    return 0


def measure_import(rows: int, shape: TreeShape, seed: int) -> dict[str, Any]:
    try:
        from lantoa.org.importing.processing import member_import_file  # noqa: F401
    except ImportError as exc:
        return {"status": "importer not available", "reason": str(exc)}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lantoa-bench-import-") as tmp:
        xlsx = Path(tmp) / f"doan-vien-{rows}.xlsx"
        out = Path(tmp) / "import.json"
        started = time.perf_counter()
        write_import_file(xlsx, rows, shape, seed)
        written_s = time.perf_counter() - started
        child = run_measured(
            [sys.executable, str(Path(__file__).resolve()), "import-child", str(xlsx), str(out)],
            env=dict(os.environ),
        )
        size_mb = xlsx.stat().st_size / 1e6
        if child.returncode != 0 or not out.exists():
            return {"status": "import failed", "returncode": child.returncode}
        inner = json.loads(out.read_text())
    return {
        "status": "ok",
        "rows": rows,
        "file_mb": size_mb,
        "write_file_s": written_s,
        "process_s": child.seconds,
        "peak_rss_mb": child.peak_rss_mb,
        **inner,
        "meets_target": child.seconds < IMPORT_TARGET_S
        and child.peak_rss_mb < IMPORT_TARGET_MB
        and inner["written"],
    }


# ---- report ------------------------------------------------------------------


def report(
    built: dict[str, Any],
    reads: dict[str, dict[str, Any]],
    imported: dict[str, Any],
    target_ms: float,
) -> None:
    print()
    print(f"Tree: {built['units']:,} units, {built['members']:,} members (PostgreSQL)")
    print_table(
        ["phase", "seconds"], [(k.removesuffix("_s"), v) for k, v in built["timings"].items()]
    )
    print()
    rows = []
    for entry in reads.values():
        t: Timing = entry["timing"]
        rows.append(
            (
                entry["measure"],
                entry["input"],
                t.runs,
                t.p50_ms,
                t.p95_ms,
                t.max_ms,
                round(entry["rows_avg"]),
                "ok" if entry["meets_target"] else "MISSES",
            )
        )
    print_table(
        [
            "read",
            "input",
            "runs",
            "p50 ms",
            "p95 ms",
            "max ms",
            "rows (avg)",
            f"p95 < {target_ms:.0f} ms",
        ],
        rows,
    )
    for entry in reads.values():
        if "capped_share" in entry:
            print(
                f"{entry['input']}: {entry['capped_share']:.0%} of searches matched more than "
                "1,000 (count capped, page in unit order)"
            )
    for key, entry in reads.items():
        if "explain" in entry:
            print(f"\nEXPLAIN ANALYZE — {key}:\n{entry['explain']}")
    print()
    if imported.get("status") == "ok":
        print_table(
            ["XLSX import", "rows", "file MB", "import s", "process s", "peak RSS MB", "target"],
            [
                (
                    "member_import_file",
                    imported["rows"],
                    imported["file_mb"],
                    imported["import_s"],
                    imported["process_s"],
                    imported["peak_rss_mb"],
                    "ok" if imported["meets_target"] else "MISSES < 60 s / < 500 MB",
                )
            ],
        )
        print(
            f"created {imported['created']:,}, updated {imported['updated']:,}, "
            f"invalid rows {imported['invalid_rows']:,}, written: {imported['written']}"
        )
        for line in imported.get("first_errors", []):
            print("  ", line)
    else:
        print(f"XLSX import: {imported.get('status')} {imported.get('reason', '')}".rstrip())


def main(argv: list[str]) -> int:
    if argv[:1] == ["import-child"]:
        return import_child(*argv[1:3])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=150_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=60_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--target-ms", type=float, default=TARGET_MS, help="p95 target; misses get an EXPLAIN"
    )
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL server URL")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="time an existing bench database (kept with LANTOA_BENCH_KEEP_DB=1) "
        "instead of building one; it is migrated, never dropped",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    database = (
        contextlib.nullcontext(f"{args.server}/{args.reuse}")
        if args.reuse
        else throwaway_postgres_database(args.server)
    )
    with database as url:
        setup_django(url)
        from django.db import connections

        try:
            if args.reuse:
                print(f"Reusing {args.reuse} …", flush=True)
                built = reuse(args.units, args.seed)
            else:
                print(f"Building {args.units:,} units and {args.members:,} members …", flush=True)
                built = build(args.units, args.members, args.officers, args.seed)
            print(f"Timing reads ({args.runs} runs each) …", flush=True)
            reads = measure_queries(built, args.runs, args.seed, args.target_ms)
            imported: dict[str, Any] = {"status": "skipped"}
            if not args.skip_import:
                print(f"Importing {args.import_rows:,} members from XLSX …", flush=True)
                imported = measure_import(args.import_rows, built["shape"], args.seed)
            checked = verify_counters(built["shape"], 20, args.seed)
        finally:
            connections.close_all()
    total = time.perf_counter() - started
    load = os.getloadavg()
    report(built, reads, imported, args.target_ms)
    print(
        f"Member counters vs live COUNT (after the import, if run): {checked['counters_wrong']} wrong "
        f"of {checked['units_checked']} units checked (root and 20 per level)."
    )
    print(f"\nTotal bench time: {total:,.0f} s on {os.cpu_count()} CPUs")
    # Other work on the machine inflates the tail latencies: say how busy it was.
    print(f"Load average at the end (1/5/15 min): {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    path = write_json(
        "org.json",
        {
            "generated_at": datetime.now(UTC).isoformat(),
            "params": vars(args),
            "units": built["units"],
            "members": built["members"],
            "build": built["timings"],
            "target_p95_ms": args.target_ms,
            "reads": list(reads.values()),
            "import": imported,
            "counters_check": checked,
            "total_s": total,
            "cpus": os.cpu_count(),
            "load_average": load,
        },
    )
    print(f"Figures written to {path.relative_to(OUT_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
