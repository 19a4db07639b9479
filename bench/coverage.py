"""Benchmark of the coverage and reach indicators at confederation scale, on
PostgreSQL.

    .venv/bin/python bench/coverage.py          # 150,000 units, 11M members, 400k channels, 5M deliveries
    .venv/bin/python bench/coverage.py --units 20000 --members 500000 \\
        --channels 50000 --deliveries 500000 --tasks-per-directive-subtree 2 --runs 20   # quick

Creates a throw-away database on 127.0.0.1:5432 (user postgres, trust auth),
migrates it and fills it with COPY (indexes and constraints of the big tables
are dropped during the load and rebuilt afterwards, as the migrations define
them): the tree of bench/org.py, members, channels with realistic platforms,
states and followers, one post per delivery over the last 24 months, metric
snapshots, bulletins with subscribers and sent issues, unit site homes
(Wagtail pages) and directive tasks cascaded from every industry union and
provincial federation. Then VACUUM ANALYZE, the daily rebuild of the analytics
facts (timed), and:

1. the coverage dashboard (`analytics.selectors.dashboard_for`, last twelve
   months) for the root, for industry unions / provincial federations, for
   direct unions and for grassroots units: p50/p95;
2. the incremental refresh (`analytics.services.refresh.analytics_refresh`)
   after COPYing 10,000 new sent deliveries and recording them as analytics'
   subscriber of `channels.post_delivered` does, three times.

Prints a table and writes bench/out/coverage.json. The database is dropped at
the end (LANTOA_BENCH_KEEP_DB=1 keeps it).
"""

import argparse
import contextlib
import io
import os
import random
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    DEFAULT_SERVER,
    Timing,
    print_table,
    throwaway_postgres_database,
    time_calls,
    write_json,
)
from bench.org import (
    TreeShape,
    _member_counts,
    _unit_fields,
    copy_rows,
    indexes_dropped,
    setup_django,
)

ROOT_TARGET_MS = 1000.0
OTHER_TARGET_MS = 100.0
DAYS = 730  # deliveries, issues and tasks spread over the last two years
NEW_DELIVERIES = 10_000

PLATFORMS = (  # (platform, weight)
    ("facebook_page", 45),
    ("zalo_oa", 30),
    ("telegram_channel", 8),
    ("viber_channel", 5),
    ("email_list", 7),
    ("website", 5),
)
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hương", "Lan", "Linh", "Minh", "Nam", "Trang")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")


# ---- fast COPY ---------------------------------------------------------------------


def copy_lines(
    table: str, columns: Iterable[str], lines: Iterable[str], chunk: int = 50_000
) -> int:
    """COPY pre-formatted tab-separated lines (each ending in a newline)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    written = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy,
    ):
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            written += 1
            if written % chunk == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return written


def _uuid(kind: int, n: int) -> str:
    return f"{kind:08x}{n:024x}"


def reset_sequences(tables: Iterable[str]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for table in tables:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )


class Clock:
    """Timestamps as COPY text, from a day index before `now` and a second."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.days = [(now - timedelta(days=d)).strftime("%Y-%m-%d") for d in range(DAYS + 400)]

    def at(self, day: int, second: int) -> str:
        h, rest = divmod(second, 3600)
        return f"{self.days[day]} {h:02d}:{rest // 60:02d}:{rest % 60:02d}+00"


# ---- the data --------------------------------------------------------------------------


def load_members(shape: TreeShape, members: int, rng: random.Random, now: str) -> int:
    from lantoa.org.models import Member

    columns = [
        "id", "public_id", "unit_id", "unit_path", "full_name", "search_name", "gender",
        "date_of_birth", "employee_code", "phone", "email", "join_date", "status", "user_id",
        "created_at", "updated_at",
    ]  # fmt: skip
    from lantoa.core.text import search_key

    names = [(f"{f} Văn {g}", search_key(f"{f} Văn {g}")) for f in FAMILY for g in GIVEN]

    def lines() -> Iterator[str]:
        n = 0
        for unit_id, count in _member_counts(shape, members, rng):
            for _ in range(count):
                n += 1
                full, folded = names[n % len(names)]
                status = "left" if n % 20 == 0 else "active"
                yield (
                    f"{n}\t{_uuid(1, n)}\t{unit_id}\t{shape.paths[unit_id]}\t{full}\t{folded}"
                    f"\t\t\\N\tNV{n:09d}\t\t\t"
                    f"\\N\t{status}\t\\N\t{now}\t{now}\n"
                )

    return copy_lines(Member._meta.db_table, columns, lines())


def plan_deliveries(
    n_channels: int, deliveries: int, rng: random.Random
) -> tuple[array, array, array]:
    """(channel index, day index, second) of each delivery; busy channels post
    more (log-normal)."""
    weights = [rng.lognormvariate(0, 1.0) for _ in range(n_channels)]
    cumulative = list(accumulate(weights))
    channel = array("i", rng.choices(range(n_channels), cum_weights=cumulative, k=deliveries))
    # Recent months are busier than two years ago.
    day = array("i", (int(DAYS * rng.random() ** 1.4) for _ in range(deliveries)))
    second = array("i", (rng.randrange(86_400) for _ in range(deliveries)))
    return channel, day, second


def load_channels(
    shape: TreeShape, n: int, rng: random.Random, clock: Clock, last_day: list[int]
) -> list[tuple[int, int, bool]]:
    """Channels on units of every level (groups rarely). Returns (id, unit,
    active) per channel, index = id - 1."""
    from lantoa.channels.models import ChannelAccount

    holders = shape.levels[1] + shape.levels[2] + shape.levels[3]
    groups = shape.levels[4]
    platforms = [p for p, _ in PLATFORMS]
    platform_weights = list(accumulate(w for _, w in PLATFORMS))
    units = [rng.choice(groups) if rng.random() < 0.03 else rng.choice(holders) for _ in range(n)]
    units[: len(shape.levels[2])] = shape.levels[2]  # every direct union has one
    columns = [
        "id", "public_id", "unit_id", "platform", "name", "external_id", "credentials_encrypted",
        "state", "auto_post_articles", "article_template", "last_success_at", "last_error",
        "last_error_at", "followers", "created_at", "updated_at",
    ]  # fmt: skip
    result: list[tuple[int, int, bool]] = []

    def lines() -> Iterator[str]:
        for i, unit_id in enumerate(units):
            cid = i + 1
            platform = rng.choices(platforms, cum_weights=platform_weights)[0]
            r = rng.random()
            state = "active" if r < 0.9 else "paused" if r < 0.95 else "broken"
            followers = str(int(rng.lognormvariate(6, 1.5))) if rng.random() < 0.7 else "\\N"
            last = last_day[i]
            last_success = clock.at(last, 36_000) if last >= 0 else "\\N"
            created = clock.at(min(DAYS + 300, (last if last >= 0 else 0) + 200), 0)
            result.append((cid, unit_id, state == "active"))
            yield (
                f"{cid}\t{_uuid(2, cid)}\t{unit_id}\t{platform}\tKênh {cid}\tch{cid}\t\t{state}\t"
                f"t\t\t{last_success}\t\t\\N\t{followers}\t{created}\t{created}\n"
            )

    copy_lines(ChannelAccount._meta.db_table, columns, lines())
    return result


POST_COLUMNS = [
    "id", "public_id", "unit_id", "source", "source_type_id", "source_id", "text", "link",
    "created_by_id", "created_at", "updated_at",
]  # fmt: skip
DELIVERY_COLUMNS = [
    "id", "public_id", "post_id", "account_id", "status", "text_override", "scheduled_at",
    "next_attempt_at", "attempt_count", "marker", "external_id", "external_url", "last_error",
    "last_error_code", "sent_at", "created_at", "updated_at",
]  # fmt: skip


def load_posts_and_deliveries(
    channels: list[tuple[int, int, bool]],
    plan: tuple[array, array, array],
    rng: random.Random,
    clock: Clock,
    first_id: int = 1,
) -> list[int]:
    """One post per delivery (publishing makes a post per channel). Returns
    the ids of the sent deliveries."""
    from lantoa.channels.models import Delivery, Post

    channel, day, second = plan
    statuses = [rng.random() for _ in range(len(channel))]

    def posts() -> Iterator[str]:
        for k in range(len(channel)):
            n = first_id + k
            unit_id = channels[channel[k]][1]
            at = clock.at(day[k], second[k])
            yield f"{n}\t{_uuid(3, n)}\t{unit_id}\tmanual\t\\N\t\tTin số {n}\t\t\\N\t{at}\t{at}\n"

    sent: list[int] = []

    def deliveries() -> Iterator[str]:
        for k in range(len(channel)):
            n = first_id + k
            at = clock.at(day[k], second[k])
            r = statuses[k]
            # The outbox holds today's posts only; older ones went out, failed
            # for good (dead letters) or were cancelled.
            if r < 0.97:
                status = "sent"
            elif r < 0.99:
                status = "queued" if day[k] <= 1 and r < 0.98 else "failed"
            else:
                status = "cancelled"
            sent_at = at if status == "sent" else "\\N"
            if status == "sent":
                sent.append(n)
            yield (
                f"{n}\t{_uuid(4, n)}\t{n}\t{channels[channel[k]][0]}\t{status}\t\t\\N\t\\N\t1\t"
                f"b{n}\t\t\t\t\t{sent_at}\t{at}\t{at}\n"
            )

    copy_lines(Post._meta.db_table, POST_COLUMNS, posts())
    copy_lines(Delivery._meta.db_table, DELIVERY_COLUMNS, deliveries())
    return sent


def load_snapshots(
    sent: list[int], plan: tuple[array, array, array], channels: list[tuple[int, int, bool]],
    count: int, rng: random.Random, clock: Clock,
) -> int:  # fmt: skip
    from lantoa.channels.models import MetricSnapshot

    channel, day, _ = plan
    columns = [
        "id", "account_id", "delivery_id", "taken_at", "reach", "reactions", "comments",
        "shares", "followers", "raw",
    ]  # fmt: skip
    chosen = rng.sample(sent, min(count, len(sent)))

    def lines() -> Iterator[str]:
        for n, delivery_id in enumerate(chosen, start=1):
            k = delivery_id - 1
            taken = clock.at(max(day[k] - 1, 0), 43_200)
            reach = int(rng.lognormvariate(5, 1.2))
            yield (
                f"{n}\t{channels[channel[k]][0]}\t{delivery_id}\t{taken}\t{reach}\t"
                f"{reach // 20}\t{reach // 100}\t{reach // 200}\t\\N\t{{}}\n"
            )

    return copy_lines(MetricSnapshot._meta.db_table, columns, lines())


def load_bulletins(shape: TreeShape, rng: random.Random, now: datetime) -> dict[str, int]:
    from lantoa.bulletin.models import Bulletin, ExternalSubscriber, Issue

    units = (
        shape.levels[1] + shape.levels[2] + rng.sample(shape.levels[3], len(shape.levels[3]) // 7)
    )
    copy_rows(
        Bulletin,
        ({"id": i, "unit_id": u, "name": f"Bản tin {u}"} for i, u in enumerate(units, start=1)),
    )
    subscribers = 0

    def subscriber_rows() -> Iterator[dict[str, Any]]:
        nonlocal subscribers
        for bulletin_id in range(1, len(units) + 1):
            for _ in range(rng.randrange(0, 20)):
                subscribers += 1
                yield {
                    "id": subscribers,
                    "bulletin_id": bulletin_id,
                    "email": f"ban{subscribers}@example.org",
                    "state": "confirmed" if rng.random() < 0.85 else "pending",
                }

    copy_rows(ExternalSubscriber, subscriber_rows())
    issues = 0

    def issue_rows() -> Iterator[dict[str, Any]]:
        nonlocal issues
        for bulletin_id in range(1, len(units) + 1):
            for number in range(1, 7):
                issues += 1
                sent = now - timedelta(days=rng.randrange(DAYS))
                yield {
                    "id": issues,
                    "bulletin_id": bulletin_id,
                    "number": number,
                    "year": sent.year,
                    "period_start": sent.date(),
                    "period_end": sent.date(),
                    "title": f"Số {number}",
                    "state": "sent",
                    "sent_at": sent,
                    # As the send left them: a refresh reads issues by update time.
                    "created_at": sent,
                    "updated_at": sent,
                    "recipients_total": rng.randrange(50, 5000),
                }

    copy_rows(Issue, issue_rows())
    return {"bulletins": len(units), "subscribers": subscribers, "issues": issues}


def load_site_homes(shape: TreeShape, rng: random.Random, now: datetime) -> int:
    """Unit site homes as Wagtail pages under the root page."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from lantoa.newsroom.models import UnitSiteHome

    root = Page.objects.get(depth=1)
    start = root.numchild + 1
    units = (
        shape.levels[1] + shape.levels[2] + rng.sample(shape.levels[3], len(shape.levels[3]) // 10)
    )
    content_type = ContentType.objects.get_for_model(UnitSiteHome).pk
    locale = Locale.objects.order_by("pk").first().pk  # type: ignore[union-attr]
    base = 1_000_000

    def step(n: int) -> str:
        digits = ""
        while n:
            n, r = divmod(n, 36)
            digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r] + digits
        return digits.rjust(4, "0")

    copy_rows(
        Page,
        (
            {
                "id": base + i,
                "path": root.path + step(start + i),
                "depth": 2,
                "numchild": 0,
                "locale_id": locale,
                "live": True,
                "first_published_at": now,
                "last_published_at": now,
                "title": f"Trang đơn vị {u}",
                "draft_title": f"Trang đơn vị {u}",
                "slug": f"u{u}",
                "content_type_id": content_type,
                "url_path": f"/u{u}/",
                "seo_title": "",
                "search_description": "",
            }
            for i, u in enumerate(units)
        ),
    )
    copy_lines(
        UnitSiteHome._meta.db_table,
        ["page_ptr_id", "unit_id", "tagline", "about", "officer_group_id", "approver_group_id"],
        (f"{base + i}\t{u}\t\t\t\\N\t\\N\n" for i, u in enumerate(units)),
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + len(units))
    return len(units)


def load_directive_tasks(
    shape: TreeShape, per_subtree: int, rng: random.Random, clock: Clock, now: datetime
) -> int:
    """`per_subtree` directives from every depth-2 unit to its direct and
    grassroots unions, due over the last two years and the next month."""
    from lantoa.campaigns.models import Directive, DirectiveTask

    top: dict[int, list[int]] = {}
    ancestor = [0] * len(shape.parent)
    for unit_id in range(2, len(shape.parent)):
        depth = shape.depth[unit_id]
        ancestor[unit_id] = unit_id if depth == 2 else ancestor[shape.parent[unit_id]]
        if depth in (3, 4):
            top.setdefault(ancestor[unit_id], []).append(unit_id)
    directives: list[tuple[int, int, int]] = []  # (id, sender, due day; negative = future)
    for sender in shape.levels[1]:
        for _ in range(per_subtree):
            directives.append((len(directives) + 1, sender, rng.randrange(-30, DAYS)))
    copy_rows(
        Directive,
        (
            {
                "id": d,
                "sender_unit_id": sender,
                "title": f"Định hướng {d}",
                "instructions": "Đăng tin trên trang tin và fanpage của đơn vị.",
                "site_title": "",
                "site_lead": "",
                "site_body": "",
                "post_text": "",
                "link": "",
                "due_at": now - timedelta(days=due),
                "status": "sent",
                "sent_at": now - timedelta(days=due + 10),
            }
            for d, sender, due in directives
        ),
    )
    columns = [
        "id", "public_id", "directive_id", "unit_id", "state", "due_at", "acknowledged_at",
        "acknowledged_by_id", "adopted_at", "adopted_by_id", "done_at", "late_at", "reminded_at",
        "escalated_at", "created_at",
    ]  # fmt: skip
    future_days = [(now + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(31)]

    def lines() -> Iterator[str]:
        n = 0
        for d, sender, due in directives:
            due_at = clock.at(due, 36_000) if due >= 0 else f"{future_days[-due]} 10:00:00+00"
            created = clock.at(max(due, 0) + 10, 36_000)
            for unit_id in top.get(sender, ()):
                n += 1
                r = rng.random()
                done_at = late_at = "\\N"
                if due < 0:
                    state = "new" if r < 0.6 else "acknowledged"
                elif r < 0.6:
                    state, done_at = "done", clock.at(due + 1, 0)
                elif r < 0.8:
                    state, done_at = "done", clock.at(max(due - 3, 0), 0)
                else:
                    state, late_at = "late", clock.at(max(due - 1, 0), 0)
                yield (
                    f"{n}\t{_uuid(5, n)}\t{d}\t{unit_id}\t{state}\t{due_at}\t\\N\t\\N\t\\N\t\\N\t"
                    f"{done_at}\t{late_at}\t\\N\t\\N\t{created}\n"
                )

    return copy_lines(DirectiveTask._meta.db_table, columns, lines())


def vacuum_analyze(tables: Iterable[str]) -> None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = True  # VACUUM cannot run inside a transaction
    with raw.cursor() as cur:
        for table in tables:
            cur.execute(f'VACUUM ANALYZE "{table}"')
        cur.execute("ANALYZE")
    raw.autocommit = previous


# ---- build ----------------------------------------------------------------------------


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from lantoa.analytics.services.refresh import analytics_rebuild
    from lantoa.campaigns.models import DirectiveTask
    from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot, Post
    from lantoa.org.models import Member, OrgUnit

    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    now = datetime.now(UTC)
    clock = Clock(now)
    rng = random.Random(args.seed)

    def phase(name: str) -> Any:
        @contextlib.contextmanager
        def timed() -> Iterator[None]:
            started = time.perf_counter()
            print(f"  {name} …", flush=True)
            yield
            timings[name] = time.perf_counter() - started

        return timed()

    with phase("migrate"):
        call_command("migrate", verbosity=0)
    shape = TreeShape(args.units, rng)
    big = [
        OrgUnit._meta.db_table, Member._meta.db_table, ChannelAccount._meta.db_table,
        Post._meta.db_table, Delivery._meta.db_table, MetricSnapshot._meta.db_table,
        DirectiveTask._meta.db_table,
    ]  # fmt: skip
    with indexes_dropped(big):
        with phase("copy units"):
            counts["units"] = copy_rows(
                OrgUnit, (_unit_fields(shape, i) for i in range(1, shape.count + 1))
            )
        with phase("copy members"):
            counts["members"] = load_members(shape, args.members, rng, now.isoformat())
        with phase("copy channels, posts, deliveries, snapshots"):
            plan = plan_deliveries(args.channels, args.deliveries, rng)
            last_day = [-1] * args.channels
            for k in range(len(plan[0])):
                c = plan[0][k]
                if last_day[c] < 0 or plan[1][k] < last_day[c]:
                    last_day[c] = plan[1][k]
            channels = load_channels(shape, args.channels, rng, clock, last_day)
            sent = load_posts_and_deliveries(channels, plan, rng, clock)
            counts["channels"] = len(channels)
            counts["deliveries"] = len(plan[0])
            counts["snapshots"] = load_snapshots(sent, plan, channels, args.snapshots, rng, clock)
        with phase("copy directive tasks"):
            counts["directive_tasks"] = load_directive_tasks(
                shape, args.tasks_per_directive_subtree, rng, clock, now
            )
        with phase("copy bulletins, site homes"):
            counts.update(load_bulletins(shape, rng, now))
            counts["site_homes"] = load_site_homes(shape, rng, now)
        started = time.perf_counter()
        print("  rebuild indexes and constraints …", flush=True)
    timings["rebuild indexes"] = time.perf_counter() - started
    reset_sequences([*big, "bulletin_bulletin", "bulletin_issue", "bulletin_externalsubscriber",
                     "wagtailcore_page", "campaigns_directive"])  # fmt: skip
    with phase("vacuum analyze"):
        vacuum_analyze(big)
    with phase("analytics rebuild (daily)"):
        analytics_rebuild()
    vacuum_analyze(
        ["analytics_unitfacts", "analytics_unitmonthfacts", "analytics_unitplatformfacts"]
    )
    return {"shape": shape, "timings": timings, "counts": counts, "channels": channels}


def reuse(args: argparse.Namespace) -> dict[str, Any]:
    """A kept bench database: migrate it, rebuild the analytics facts, and
    read back what the measures need."""
    from django.core.management import call_command

    from lantoa.analytics.services.refresh import analytics_rebuild
    from lantoa.channels.choices import AccountState
    from lantoa.channels.models import ChannelAccount, Delivery
    from lantoa.org.models import OrgUnit

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    analytics_rebuild()
    timings["analytics rebuild (daily)"] = time.perf_counter() - started
    vacuum_analyze(
        ["analytics_unitfacts", "analytics_unitmonthfacts", "analytics_unitplatformfacts"]
    )
    channels = [
        (pk, unit_id, state == AccountState.ACTIVE)
        for pk, unit_id, state in ChannelAccount.objects.order_by("pk").values_list(
            "pk", "unit_id", "state"
        )
    ]
    return {
        "shape": TreeShape(args.units, random.Random(args.seed)),
        "timings": timings,
        "counts": {"units": OrgUnit.objects.count(), "deliveries": Delivery.objects.count()},
        "channels": channels,
    }


# ---- measures -----------------------------------------------------------------------


def _explain(unit: Any, period: Any) -> str:
    from django.db import connection

    out = []
    for label, qs in (
        ("coverage", _coverage_qs(unit)),
        ("months", _months_qs(unit, period)),
    ):
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            out.append(f"-- {label}\n" + "\n".join(r[0] for r in cur.fetchall()))
    return "\n".join(out)


def _coverage_qs(unit: Any) -> Any:
    from django.db.models import Count, F, Sum
    from django.db.models.functions import Substr

    from lantoa.org.models import OrgUnit

    return (
        OrgUnit.objects.filter(path__startswith=unit.path, is_active=True)
        .order_by()
        .values(b=Substr("path", 1, len(unit.path) + 4), k=F("kind"))
        .annotate(n=Count("pk"), m=Sum("analytics_facts__members"))
    )


def _months_qs(unit: Any, period: Any) -> Any:
    from django.db.models import F, Sum
    from django.db.models.functions import Substr

    from lantoa.analytics.models import UnitMonthFacts

    return (
        UnitMonthFacts.objects.filter(
            unit__path__startswith=unit.path, month__gte=period.first, month__lte=period.last
        )
        .order_by()
        .values("month", b=Substr("unit__path", 1, len(unit.path) + 4), k=F("unit__kind"))
        .annotate(d=Sum("deliveries_sent"))
    )


def measure_reads(shape: TreeShape, runs: int, rng: random.Random) -> dict[str, Any]:
    from lantoa.analytics.periods import Period
    from lantoa.analytics.selectors import dashboard_for
    from lantoa.org.models import OrgUnit

    period = Period.last_months(12)
    by_id = OrgUnit.objects.in_bulk
    cases = [
        ("root (confederation)", [1] * max(runs // 4, 10), ROOT_TARGET_MS),
        ("industry union / province", rng.choices(shape.levels[1], k=runs), OTHER_TARGET_MS),
        ("direct union", rng.choices(shape.levels[2], k=runs), OTHER_TARGET_MS),
        ("grassroots union", rng.choices(shape.levels[3], k=runs), OTHER_TARGET_MS),
    ]
    results: dict[str, Any] = {}
    for label, ids, target in cases:
        units = by_id(list(set(ids)))
        inputs = [units[i] for i in ids]
        timing, outputs = time_calls(inputs, lambda u: dashboard_for(u, period), warmup=3)
        sizes = [o.coverage.all_units for o in outputs]  # type: ignore[attr-defined]
        entry: dict[str, Any] = {
            "timing": timing,
            "units_avg": sum(sizes) / len(sizes),
            "target_ms": target,
            "meets_target": timing.p95_ms < target,
            "example": {
                "pct_social": outputs[0].coverage.pct_social,  # type: ignore[attr-defined]
                "deliveries_12m": outputs[0].output.deliveries_sent,  # type: ignore[attr-defined]
                "tasks_12m": outputs[0].compliance.tasks,  # type: ignore[attr-defined]
            },
        }
        if not entry["meets_target"]:
            entry["explain"] = _explain(inputs[0], period)
        results[label] = entry
    return results


def measure_refresh(
    channels: list[tuple[int, int, bool]], rounds: int, rng: random.Random
) -> list[dict[str, Any]]:
    from django.db import connection

    from lantoa.analytics.services.refresh import analytics_refresh, months_changed_by_deliveries
    from lantoa.channels.models import Delivery, Post

    active = [i for i, (_, _, is_active) in enumerate(channels) if is_active]
    results = []
    baseline = analytics_refresh()  # settle: the first incremental pass after the rebuild
    results.append({"what": "refresh, nothing new", "seconds": baseline.seconds, "dirty_units": 0})
    clock = Clock(datetime.now(UTC))
    for n in range(rounds):
        with connection.cursor() as cur:
            cur.execute("SELECT MAX(id) FROM social_channels_delivery")
            first_id = cur.fetchone()[0] + 1
        plan = (
            array("i", rng.choices(active, k=NEW_DELIVERIES)),
            array("i", [0] * NEW_DELIVERIES),
            array("i", (rng.randrange(3600) for _ in range(NEW_DELIVERIES))),
        )
        started = time.perf_counter()
        load_posts_and_deliveries(channels, plan, random.Random(n), clock, first_id=first_id)
        copy_s = time.perf_counter() - started
        assert Delivery.objects.filter(pk__gte=first_id).count() == NEW_DELIVERIES
        assert Post.objects.filter(pk__gte=first_id).exists()
        # What analytics' subscriber does on hearing each delivery go out
        # (`channels.post_delivered`), here for all of them at once.
        started = time.perf_counter()
        new_ids = list(Delivery.objects.filter(pk__gte=first_id).values_list("pk", flat=True))
        for start in range(0, len(new_ids), 1000):
            months_changed_by_deliveries(new_ids[start : start + 1000])
        heard_s = time.perf_counter() - started
        started = time.perf_counter()
        result = analytics_refresh()
        seconds = time.perf_counter() - started
        results.append(
            {
                "what": f"refresh after {NEW_DELIVERIES:,} new deliveries (round {n + 1})",
                "seconds": seconds,
                "dirty_units": result.dirty_units,
                "copy_s": copy_s,
                "heard_s": heard_s,
            }
        )
    return results


# ---- report ---------------------------------------------------------------------------


def report(built: dict[str, Any], reads: dict[str, Any], refresh: list[dict[str, Any]]) -> None:
    print()
    print("Data: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in built["counts"].items()))
    print_table(["phase", "seconds"], list(built["timings"].items()))
    print()
    rows = []
    for label, entry in reads.items():
        t: Timing = entry["timing"]
        rows.append(
            (
                "coverage dashboard, 12 months",
                label,
                t.runs,
                round(entry["units_avg"]),
                t.p50_ms,
                t.p95_ms,
                t.max_ms,
                f"< {entry['target_ms']:.0f} ms: {'ok' if entry['meets_target'] else 'MISSES'}",
            )
        )
    print_table(
        ["read", "unit", "runs", "units in subtree", "p50 ms", "p95 ms", "max ms", "p95 target"],
        rows,
    )
    for label, entry in reads.items():
        if "explain" in entry:
            print(f"\nEXPLAIN ANALYZE — {label}:\n{entry['explain']}")
    print()
    print_table(
        ["refresh", "units recomputed", "seconds", "recording what was heard, s"],
        [(r["what"], r["dirty_units"], r["seconds"], r.get("heard_s", "")) for r in refresh],
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=150_000)
    parser.add_argument("--members", type=int, default=11_000_000)
    parser.add_argument("--channels", type=int, default=400_000)
    parser.add_argument("--deliveries", type=int, default=5_000_000)
    parser.add_argument("--snapshots", type=int, default=500_000)
    parser.add_argument(
        "--tasks-per-directive-subtree",
        type=int,
        default=8,
        help="directives each industry union / province sends to its whole subtree",
    )
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--refresh-rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL server URL")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="time an existing bench database (kept with LANTOA_BENCH_KEEP_DB=1) instead of "
        "building one: it is migrated and its analytics rebuilt, never dropped",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    database = (
        contextlib.nullcontext(f"{args.server}/{args.reuse}")
        if args.reuse
        else throwaway_postgres_database(args.server, prefix="lantoa_bench_cov")
    )
    with database as url:
        setup_django(url)
        from django.db import connections

        try:
            if args.reuse:
                print(f"Reusing {args.reuse} …", flush=True)
                built = reuse(args)
            else:
                print(
                    f"Building {args.units:,} units, {args.members:,} members, "
                    f"{args.channels:,} channels, {args.deliveries:,} deliveries …",
                    flush=True,
                )
                built = build(args)
            print("Timing the dashboard …", flush=True)
            reads = measure_reads(built["shape"], args.runs, random.Random(args.seed + 1))
            print("Timing the incremental refresh …", flush=True)
            refresh = measure_refresh(
                built["channels"], args.refresh_rounds, random.Random(args.seed + 2)
            )
        finally:
            connections.close_all()
    report(built, reads, refresh)
    total = time.perf_counter() - started
    load = os.getloadavg()
    print(f"\nTotal {total / 60:.1f} min; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    path = write_json(
        "coverage.json",
        {
            "args": vars(args),
            "counts": built["counts"],
            "timings_s": built["timings"],
            "reads": {k: dict(v) for k, v in reads.items()},
            "refresh": refresh,
            "total_s": total,
            "loadavg": load,
        },
    )
    print(f"Written {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
