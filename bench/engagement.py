"""Benchmarks of engagement events on PostgreSQL. This file holds the photo
contest's vote burst; other engagement measurements sit beside it.

    .venv/bin/python bench/engagement.py vote-burst                 # 1,000 votes/s for 30 s
    .venv/bin/python bench/engagement.py vote-burst --rate 300 --seconds 10   # a quick look
    .venv/bin/python bench/engagement.py vote-burst --direct        # without the vote queue

Vote burst: creates a throw-away database on 127.0.0.1:5432 (user postgres,
trust auth), migrates it and sets up, through the services, a contest of the
industry union with `--entries` approved photos and `--members` voters with
accounts (bulk-created). Then `--processes` worker processes with
`--threads` threads each send `--rate` votes per second for `--seconds`
seconds through the real service (`contests.services.votes.vote_cast`: the
checks, the per-member rate limit and the burst counter in the shared cache
— Redis, `--cache` —, the vote row under its unique constraint, the audit
entry), on an open-loop schedule: vote i is due at start + i / rate whether
or not the earlier ones finished, so a slow database shows as lag instead of
a slower offered rate. One vote in 50 is sent twice at once (a double tap).
A third of the votes go to one "hot" photo, so that burst detection fires.

By default votes go through the vote queue (`LANTOA_CONTESTS_VOTE_QUEUE` =
`--queue`, the cache's Redis unless given): one Redis script per vote, and a
drain process beside the voters running `votes_drain` every `--drain-every`
seconds (the periodic job's 5 s) and once more after the last vote; its CPU
and its PostgreSQL backend's are measured too. `--direct` writes each vote
in its own transaction instead (no drain).

Checked after the run: every vote the service accepted is a row, no member
has two votes for a photo, and the rows are exactly the distinct (member,
photo) pairs that were sent (zero lost, zero counted twice), one audit
entry per row, the queue empty. Printed: the achieved rate, latency from due
time to done (p50/p95/max), the CPU time per vote of the voting processes,
their PostgreSQL backends, the drain and its backend (from /proc: holds on a
shared machine, where the rate does not), the Redis server (INFO cpu while
the votes arrive: all its clients, so an upper bound on a shared server), refusals by code, bursts recorded,
the longest queue and when the last vote was stored. Writes
bench/out/engagement.json.
"""

import argparse
import multiprocessing as mp
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    DEFAULT_SERVER,
    Timing,
    cpu_seconds,
    print_table,
    throwaway_postgres_database,
    write_json,
)
from bench.org import setup_django

DOUBLE_TAP_EVERY = 50


def _setup(args: argparse.Namespace) -> dict[str, Any]:
    """The union, the contest, its photos and the voters (in the bench database)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from lantoa.contests.models import Entry
    from lantoa.contests.services import contests
    from lantoa.contests.tests.factories import photo_bytes
    from lantoa.core.actors import SYSTEM
    from lantoa.core.text import search_key
    from lantoa.org.models import Member, OrgUnit

    call_command("migrate", verbosity=0)
    root = OrgUnit.add_root(code="DKVN", name="Công đoàn Dầu khí Việt Nam", slug="dkvn")
    units = [
        root.add_child(code=f"CD{n:02d}", name=f"Công đoàn {n:02d}", slug=f"cd-{n:02d}")
        for n in range(40)
    ]
    today = timezone.localdate()
    now = timezone.now()
    contest = contests.contest_create(
        actor=SYSTEM,
        unit=root,
        title="Nét đẹp Công đoàn và Người lao động Dầu khí",
        entries_open_on=today - dt.timedelta(days=20),
        entries_close_on=today - dt.timedelta(days=1),
        voting_starts_at=now - dt.timedelta(hours=1),
        voting_ends_at=now + dt.timedelta(days=1),
        burst_threshold=args.burst_threshold,
    )
    contests.contest_submit(actor=SYSTEM, contest=contest)
    contests.contest_approve(actor=SYSTEM, contest=contest)
    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"bench-{n}", password=unusable) for n in range(args.members)],
        batch_size=5000,
    )
    members = Member.objects.bulk_create(
        [
            Member(
                unit=units[n % 40],
                unit_path=units[n % 40].path,
                full_name=f"Đoàn viên {n}",
                search_name=search_key(f"Đoàn viên {n}"),
                employee_code=f"NV{n:06d}",
                user=users[n],
            )
            for n in range(args.members)
        ],
        batch_size=5000,
    )
    from django.core.files.base import ContentFile

    image = photo_bytes(width=800, height=800)
    authors = members[: args.entries]
    entries = []
    for n, author in enumerate(authors):
        entry = Entry(
            contest=contest,
            member=author,
            unit_id=author.unit_id,
            unit_path=author.unit_path,
            title=f"Ảnh {n}",
            credit=f"Ảnh: {author.full_name}",
            consent_author=True,
            consent_subjects=True,
            consent_publish=True,
            status="approved",
            round_reached=1,
        )
        entry.image.save(f"bench-{n}.jpg", ContentFile(image), save=False)
        entry.image_width = entry.image_height = 800  # bulk_create skips save()
        entries.append(entry)
    Entry.objects.bulk_create(entries)
    return {
        "contest": contest.pk,
        "entries": list(Entry.objects.filter(contest=contest).values_list("id", flat=True)),
        "voters": [(m.pk, m.user_id) for m in members[args.entries :]],
    }


def _plan(world: dict[str, Any], args: argparse.Namespace) -> list[tuple[int, int, int]]:
    """(member id, user id, entry id) in send order: distinct pairs, a third
    for the hot photo; every DOUBLE_TAP_EVERY-th pair sent twice in a row."""
    rng = random.Random(args.seed)
    total = args.rate * args.seconds
    entries = world["entries"]
    hot, rest = entries[0], entries[1:]
    voters = world["voters"]
    pairs: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    i = 0
    while len(pairs) < total:
        member, user = voters[i % len(voters)]
        i += 1
        entry = hot if rng.random() < 1 / 3 else rng.choice(rest)
        if (member, entry) in seen:
            continue
        seen.add((member, entry))
        pairs.append((member, user, entry))
        if len(pairs) % DOUBLE_TAP_EVERY == 0 and len(pairs) < total:
            pairs.append((member, user, entry))
    return pairs


def _environment(cache_url: str, queue_url: str) -> None:
    os.environ["CACHE_URL"] = cache_url
    os.environ["LANTOA_CONTESTS_VOTE_QUEUE"] = queue_url


def _drainer(url: str, cache_url: str, queue_url: str, every: float, go: Any, stop: Any,
             ready: Any, out: Any) -> None:  # fmt: skip
    """The periodic drain: every `every` seconds while the votes arrive, then
    once more after the last one; its CPU and its backend's."""
    _environment(cache_url, queue_url)
    os.environ["LANTOA_DB_CONN_MAX_AGE"] = "600"
    setup_django(url)
    from django.db import connection

    from lantoa.contests import vote_queue
    from lantoa.contests.services import votes

    with connection.cursor() as db:
        db.execute("SELECT pg_backend_pid()")
        backend = db.fetchone()[0]
    redis = vote_queue.queue()
    backend_cpu0 = cpu_seconds(backend)
    ready.put("drain")
    go.wait()
    own_cpu0 = time.process_time()
    moved = runs = longest = 0
    last_stored = 0.0
    while True:
        stopping = stop.is_set()
        longest = max(longest, redis.llen(vote_queue.QUEUE_KEY))
        n = votes.votes_drain(wait=30)
        runs += 1
        if n:
            moved += n
            last_stored = time.time()
        if stopping:
            break
        stop.wait(every)
    out.put(
        {
            "moved": moved,
            "runs": runs,
            "longest_queue": longest,
            "last_stored": last_stored,
            "cpu": time.process_time() - own_cpu0,
            "backend_cpu": cpu_seconds(backend) - backend_cpu0,
            "left": redis.llen(vote_queue.QUEUE_KEY),
        }
    )
    connection.close()


def _worker(url: str, cache_url: str, queue_url: str, plan: list[Any], offset: int, step: int,
            go: Any, rate: float, threads: int, ready: Any, out: Any) -> None:  # fmt: skip
    _environment(cache_url, queue_url)
    os.environ["LANTOA_DB_CONN_MAX_AGE"] = "600"
    setup_django(url)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from lantoa.contests.models import Entry
    from lantoa.contests.services import votes
    from lantoa.core.exceptions import LantoaError
    from lantoa.org.models import Member

    User = get_user_model()
    entries = {e.pk: e for e in Entry.objects.select_related("contest__unit")}
    for e in entries.values():  # one contest object shared: its eligible units cached
        e.contest = entries[next(iter(entries))].contest
    mine = list(range(offset, len(plan), step))
    lock = threading.Lock()
    cursor = iter(mine)
    lags: list[float] = []
    last_done = [0.0]
    outcomes: Counter[str] = Counter()
    accepted: list[tuple[int, int]] = []
    backend_cpu: list[float] = []
    connected = threading.Barrier(threads + 1)

    def run() -> None:
        # Each thread's own connection, opened before the clock: its backend's
        # CPU is read from /proc before the first vote and after the last.
        with connection.cursor() as db:
            db.execute("SELECT pg_backend_pid()")
            backend = db.fetchone()[0]
        backend_cpu0 = cpu_seconds(backend)
        connected.wait()
        go.wait()
        start = go.start.value
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            member_id, user_id, entry_id = plan[index]
            due = start + index / rate
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
            member = Member(pk=member_id, user_id=user_id, unit_path="", status="active")
            member.unit_path = members_paths[member_id]
            user = User(pk=user_id, is_active=True)
            try:
                votes.vote_cast(actor=user, entry=entries[entry_id], member=member)
                result = "counted"
            except LantoaError as exc:
                result = exc.code
            done = time.time()
            with lock:
                last_done[0] = max(last_done[0], done)
                lags.append(done - due)
                outcomes[result] += 1
                if result == "counted":
                    accepted.append((member_id, entry_id))
        used = cpu_seconds(backend) - backend_cpu0
        with lock:
            backend_cpu.append(used)
        connection.close()

    members_paths = dict(
        Member.objects.filter(pk__in={plan[i][0] for i in mine}).values_list("id", "unit_path")
    )
    connection.close()
    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    connected.wait()
    own_cpu0 = time.process_time()
    ready.put(offset)  # every process booted Django, loaded its part and connected before the clock
    for t in pool:
        t.join()
    out.put(
        {
            "lags": lags,
            "last_done": last_done[0],
            "outcomes": dict(outcomes),
            "accepted": accepted,
            "cpu": time.process_time() - own_cpu0,
            "backend_cpu": sum(backend_cpu),
        }
    )


def _redis_cpu(url: str) -> float:
    """The Redis server's CPU so far (user + system, all its clients)."""
    import redis

    info = redis.Redis.from_url(url).info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


class _Go:
    """The start signal shared with the worker processes: a time and an event."""

    def __init__(self, ctx: Any) -> None:
        self.start = ctx.Value("d", 0.0)
        self.event = ctx.Event()

    def wait(self) -> None:
        self.event.wait()


def vote_burst(args: argparse.Namespace) -> int:
    print(f"load average before: {os.getloadavg()}  ({os.cpu_count()} CPUs)")
    queue_url = "" if args.direct else (args.queue or args.cache)
    with throwaway_postgres_database(args.server, prefix="lantoa_bench_votes") as url:
        _environment(args.cache, queue_url)
        setup_django(url)
        from django.core.cache import cache
        from django.db import connection

        cache.clear()
        if queue_url:
            from lantoa.contests import vote_queue

            vote_queue.queue().delete(vote_queue.QUEUE_KEY, vote_queue.DRAIN_LOCK)
        world = _setup(args)
        plan = _plan(world, args)
        connection.close()
        print(
            f"{len(world['voters']):,} voters, {len(world['entries'])} photos; "
            f"sending {len(plan):,} votes ({len(set(plan)):,} distinct) at {args.rate}/s, "
            + (
                f"queued in {queue_url}, drained every {args.drain_every} s"
                if queue_url
                else "direct"
            )
        )
        ctx = mp.get_context("spawn")
        queue, ready = ctx.Queue(), ctx.Queue()
        go = _Go(ctx)
        procs = [
            ctx.Process(
                target=_worker,
                args=(
                    url,
                    args.cache,
                    queue_url,
                    plan,
                    p,
                    args.processes,
                    go,
                    args.rate,
                    args.threads,
                    ready,
                    queue,
                ),
            )
            for p in range(args.processes)
        ]
        drained, stop = ctx.Queue(), ctx.Event()
        if queue_url:
            drainer = ctx.Process(
                target=_drainer,
                args=(url, args.cache, queue_url, args.drain_every, go, stop, ready, drained),
            )
            procs_and_drain = [*procs, drainer]
        else:
            procs_and_drain = procs
        for proc in procs_and_drain:
            proc.start()
        for _ in procs_and_drain:
            ready.get()
        start = time.time() + 0.5
        go.start.value = start
        redis_cpu0 = _redis_cpu(queue_url or args.cache)
        go.event.set()
        parts = [queue.get() for _ in procs]
        redis_cpu = _redis_cpu(queue_url or args.cache) - redis_cpu0
        for proc in procs:
            proc.join()
        # The rate is the votes over the time to the last one answered
        # (not to the processes' exit).
        finished = max(part["last_done"] for part in parts)
        drain: dict[str, Any] = {}
        if queue_url:
            stop.set()
            drain = drained.get()
            drainer.join()
        from lantoa.contests.models import Vote, VoteBurst
        from lantoa.core.models import AuditLogEntry

        lags = [x for part in parts for x in part["lags"]]
        worker_cpu = sum(part["cpu"] for part in parts)
        backend_cpu = sum(part["backend_cpu"] for part in parts)
        outcomes: Counter[str] = Counter()
        accepted: list[tuple[int, int]] = []
        for part in parts:
            outcomes.update(part["outcomes"])
            accepted.extend(part["accepted"])
        rows = Vote.objects.count()
        distinct_rows = Vote.objects.values("member_id", "entry_id").distinct().count()
        sent_pairs = {(m, e) for m, _u, e in plan}
        stored_pairs = set(Vote.objects.values_list("member_id", "entry_id"))
        audit = AuditLogEntry.objects.filter(action="contests.vote_cast").count()
        bursts = VoteBurst.objects.count()
        connection.close()
    elapsed = finished - start
    lag = Timing.of(lags)
    per_vote = 1000 / len(plan)
    cpu_ms = {
        "workers": worker_cpu * per_vote,
        "postgres": backend_cpu * per_vote,
        "drain": drain.get("cpu", 0.0) * per_vote,
        "drain_postgres": drain.get("backend_cpu", 0.0) * per_vote,
    }
    cpu_ms["redis_server"] = redis_cpu * per_vote
    total_ms = sum(cpu_ms.values())
    queue_rows: list[tuple[str, Any]] = (
        [
            ("CPU per vote, drain process (ms)", f"{cpu_ms['drain']:.3f}"),
            ("CPU per vote, drain's PostgreSQL backend (ms)", f"{cpu_ms['drain_postgres']:.3f}"),
            (
                "drain runs / longest queue (records)",
                f"{drain['runs']} / {drain['longest_queue']:,}",
            ),
            ("last vote stored (s after start)", round(drain["last_stored"] - start, 1)),
            ("left in the queue", drain["left"]),
        ]
        if queue_url
        else []
    )
    lost = len(sent_pairs - stored_pairs)
    twice = rows - distinct_rows
    print(f"load average after: {os.getloadavg()}")
    print_table(
        ["figure", "value"],
        [
            ("votes sent (incl. double taps)", len(plan)),
            ("offered rate (votes/s)", args.rate),
            ("achieved rate (votes/s)", round(len(plan) / elapsed, 1)),
            ("wall time (s)", round(elapsed, 1)),
            ("latency from due time p50 (ms)", lag.p50_ms),
            ("latency from due time p95 (ms)", lag.p95_ms),
            ("latency from due time max (ms)", lag.max_ms),
            ("mode", "vote queue + drain" if queue_url else "direct"),
            ("CPU per vote, voting processes (ms)", f"{cpu_ms['workers']:.3f}"),
            ("CPU per vote, their PostgreSQL backends (ms)", f"{cpu_ms['postgres']:.3f}"),
            *queue_rows,
            ("CPU per vote, Redis server, all its clients (ms)", f"{redis_cpu * per_vote:.3f}"),
            ("CPU per vote, all measured (ms)", f"{total_ms:.3f}"),
            ("votes/s that CPU allows on 2 cores", round(2000 / total_ms) if total_ms else "-"),
            ("accepted", outcomes.get("counted", 0)),
            ("refused as double taps", outcomes.get("contest_already_voted", 0)),
            (
                "other refusals",
                sum(
                    v for k, v in outcomes.items() if k not in ("counted", "contest_already_voted")
                ),
            ),
            ("vote rows", rows),
            ("lost (sent pair without a row)", lost),
            ("counted twice", twice),
            ("audit entries", audit),
            ("bursts recorded", bursts),
        ],
    )
    ok = (
        lost == 0
        and twice == 0
        and rows == outcomes.get("counted", 0) == len(sent_pairs) == audit
        and not drain.get("left", 0)
    )
    write_json(
        "engagement",
        {
            "vote_burst": {
                "args": vars(args),
                "sent": len(plan),
                "achieved_rate": len(plan) / elapsed,
                "latency": lag,
                "queue": queue_url,
                "cpu_ms_per_vote": cpu_ms,
                "drain": drain,
                "outcomes": dict(outcomes),
                "rows": rows,
                "lost": lost,
                "counted_twice": twice,
                "audit": audit,
                "bursts": bursts,
                "zero_loss": ok,
            }
        },
    )
    print("zero loss, nothing counted twice" if ok else "LOSS OR DOUBLE COUNT")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="bench", required=True)
    burst = sub.add_parser("vote-burst", help="the photo contest's public vote under a burst")
    burst.add_argument("--rate", type=int, default=1000, help="votes per second offered")
    burst.add_argument("--seconds", type=int, default=30)
    burst.add_argument("--members", type=int, default=30_000)
    burst.add_argument("--entries", type=int, default=60)
    burst.add_argument("--burst-threshold", type=int, default=600, help="votes/minute/photo")
    burst.add_argument("--processes", type=int, default=4)
    burst.add_argument("--threads", type=int, default=8)
    burst.add_argument("--seed", type=int, default=2026)
    burst.add_argument("--server", default=DEFAULT_SERVER)
    burst.add_argument("--cache", default="redis://127.0.0.1:6379/2")
    burst.add_argument("--queue", default="", help="the vote queue's Redis (default: --cache)")
    burst.add_argument(
        "--direct", action="store_true", help="no vote queue: one transaction a vote"
    )
    burst.add_argument("--drain-every", type=float, default=5.0, help="seconds between drains")
    args = parser.parse_args(argv)
    return vote_burst(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
