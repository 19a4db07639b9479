"""Outbox benchmark: one post fanned out to many Telegram channels by outbox workers.

Runs on a throw-away PostgreSQL database with `manage.py outbox_worker`
processes (each sending on `--concurrency` threads) against the local Telegram
fake, which answers after `--latency-ms` (150 ms by default), injects 5%
transient errors (5xx) and 1% rate limits (429 + retry_after), and refuses
more than 30 messages per second per bot and 1 per second per chat, as
Telegram does. The workers share their rate counters through Redis (DB
`--redis-db`), as deployed.

For each worker count of the sweep (`--workers 1 2 4 8`) a fresh post goes to
`--sweep-channels` channels; then, unless the sweep already did, the headline
run sends one post to `--channels` channels with the largest worker count.
Each run prints deliveries/s, p50/p95 time to sent, the CPU the outbox used
per delivery (worker processes, and their PostgreSQL backends) apart from the
fake's (this process: the fake's server threads, plus the poller), the
platform-bound floor (latency × deliveries / calls in flight), and lost /
duplicated, checked against the fake's own log of what it stored.

    .venv/bin/python bench/outbox.py --channels 100000 --workers 1 2 4 8 --sweep-channels 10000
    .venv/bin/python bench/outbox.py --channels 2000 --workers 2          # a quick look
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import (  # noqa: E402
    DEFAULT_SERVER,
    percentile,
    print_table,
    throwaway_postgres_database,
    write_json,
)

SEED = 20261126
FAULTS = {"error_rate": 0.05, "rate_limit_rate": 0.01, "retry_after": 1, "seed": SEED}
TELEGRAM_PER_BOT = (30, 1.0)
TELEGRAM_PER_CHAT = (1, 1.0)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The bench schedules as a named system actor, as a job would (services refuse a missing actor).
BENCH_ACTOR_NAME = "bench.outbox"


def _actor():
    from lantoa.core.actors import system_actor

    return system_actor(BENCH_ACTOR_NAME, "Đo hiệu năng hàng đợi đăng bài")


def _environment(db_url: str, fernet_key: str, redis_db: int) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": db_url,
            "CACHE_URL": f"redis://127.0.0.1:6379/{redis_db}",
            "LANTOA_FERNET_KEYS": fernet_key,
            "LANTOA_LOG_LEVEL": "WARNING",
            "LANTOA_OUTBOX_WORKERS": "true",
        }
    )


def _django() -> None:
    import django

    django.setup()


def _migrate() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=os.environ.copy(),
        check=True,
    )


def bot_token(n: int) -> str:
    return f"{810000000 + n}:AAHbenchTokenForLantoaOutbox{n:08d}"


def _accounts(unit, tg, n: int, first_chat: int, channels_per_bot: int):
    """`n` Telegram channels the fake knows, `channels_per_bot` administered by each bot."""
    from lantoa.channels.models import ChannelAccount
    from lantoa.core.crypto import encrypt_json

    bots = max(1, -(-n // channels_per_bot))
    creds = [encrypt_json({"bot_token": bot_token(first_chat + b)}) for b in range(bots)]
    rows = []
    for i in range(n):
        chat_id = -1002000000000 - first_chat - i
        tg.add_channel(chat_id, title=f"Kênh {i}")
        rows.append(
            ChannelAccount(
                unit=unit,
                platform="telegram_channel",
                name=f"Kênh {first_chat + i}",
                external_id=str(chat_id),
                credentials_encrypted=creds[i % bots],
            )
        )
    return ChannelAccount.objects.bulk_create(rows, batch_size=2000)


def _unfinished(post) -> int:
    from django.db import close_old_connections

    from lantoa.channels.models import Delivery

    close_old_connections()
    return (
        Delivery.objects.filter(post=post).exclude(status__in=["sent", "failed", "uncertain"])
    ).count()


def _wait_done(post, timeout: float, *, total: int = 0) -> bool:
    started = time.time()
    deadline = started + timeout
    shown = started
    while time.time() < deadline:
        left = _unfinished(post)
        if left == 0:
            return True
        if total and time.time() - shown > 60:
            shown = time.time()
            done = total - left
            print(
                f"  {shown - started:.0f} s: {done:,} of {total:,} done "
                f"({done / (shown - started):.1f}/s), load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        time.sleep(0.5)
    return False


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _backend_pids() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _analyze() -> None:
    """Fresh planner statistics for the tables a fan-out just filled, as
    autovacuum gives them within a minute where it is on (it is off on the
    shared bench server): with stale ones the claim sorts every due row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE social_channels_delivery, social_channels_channelaccount")


def _cpu_snapshot(pids: list[int]) -> dict[int, float]:
    return {pid: _cpu_seconds(pid) for pid in pids}


def run_outbox(tg, *, n: int, workers: int, concurrency: int, channels_per_bot: int) -> dict:
    from lantoa.channels.models import ChannelAccount, Delivery
    from lantoa.channels.services import posts
    from lantoa.org.models import OrgUnit

    unit = OrgUnit.add_root(
        kind="industry_union", code=f"B{time.time_ns()}", name="Bench", slug=f"b{time.time_ns()}"
    )
    first = ChannelAccount.objects.count()
    warm_n = workers * concurrency
    created = _accounts(unit, tg, n + warm_n, first, channels_per_bot)
    accounts, warm = created[:n], created[n:]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "outbox_worker",
                "--concurrency",
                str(concurrency),
                "--interval",
                "0.05",
                "-v",
                "0",
            ],
            cwd=REPO,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    try:
        # Workers start before the clock: the figure is a warm deployment, not Django's import time.
        warm_post = posts.post_create(actor=_actor(), unit=unit, text="Khởi động")
        posts.post_schedule(actor=_actor(), post=warm_post, accounts=warm)
        if not _wait_done(warm_post, 300):
            raise RuntimeError("workers did not warm up")
        post = posts.post_create(
            actor=_actor(),
            unit=unit,
            text="Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân.",
            link="https://cd.example.vn/tin/1",
        )
        backends = _backend_pids()
        worker_cpu0 = _cpu_snapshot([p.pid for p in procs])
        backend_cpu0 = _cpu_snapshot(backends)
        own_cpu0 = time.process_time()
        started = time.time()
        posts.post_schedule(actor=_actor(), post=post, accounts=accounts)
        _analyze()
        enqueued = time.time()
        schedule_cpu = time.process_time() - own_cpu0
        done = _wait_done(post, 3 * 3600, total=n)
        own_cpu = time.process_time() - own_cpu0 - schedule_cpu
        worker_cpu = sum(_cpu_seconds(p.pid) - worker_cpu0[p.pid] for p in procs)
        backends = sorted(set(backends) | set(_backend_pids()))
        backend_cpu = sum(_cpu_seconds(pid) - backend_cpu0.get(pid, 0.0) for pid in backends)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
    if not done:
        raise RuntimeError("the fan-out did not finish within 3 hours")
    rows = list(
        Delivery.objects.filter(post=post).values_list("status", "sent_at", "attempt_count")
    )
    sent_times = [(s.timestamp() - started) for st, s, _ in rows if st == "sent"]
    last = max(sent_times) if sent_times else time.time() - started
    return {
        "deliveries": n,
        "workers": workers,
        "concurrency": concurrency,
        "statuses": dict(Counter(st for st, _, _ in rows)),
        "attempts": sum(a for _, _, a in rows),
        "schedule_seconds": enqueued - started,
        "seconds_to_last_sent": last,
        "deliveries_per_s": len(sent_times) / last if last else 0.0,
        "p50_to_sent_s": percentile(sent_times, 50) if sent_times else None,
        "p95_to_sent_s": percentile(sent_times, 95) if sent_times else None,
        "cpu_ms_per_delivery": {
            "workers": worker_cpu / n * 1000,
            "postgres": backend_cpu / n * 1000,
            "scheduling": schedule_cpu / n * 1000,
            "fake_and_poller": own_cpu / n * 1000,
        },
        "markers": dict(Delivery.objects.filter(post=post).values_list("marker", "status")),
    }


def check_fake(tg, markers: dict[str, str]) -> tuple[int, int]:
    """(lost, duplicated) for the run's markers, from the fake's own log."""
    posted = Counter(
        p["text"].rsplit("lt=", 1)[-1] for p in tg.posts.all() if "lt=" in (p["text"] or "")
    )
    lost = sum(1 for m, st in markers.items() if posted.get(m, 0) == 0 and st != "uncertain")
    dup = sum(1 for m in markers if posted.get(m, 0) > 1)
    return lost, dup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--sweep-channels", type=int, default=None)
    parser.add_argument("--concurrency", type=int, default=32, help="sending threads per worker")
    parser.add_argument("--latency-ms", type=int, default=150)
    parser.add_argument("--channels-per-bot", type=int, default=100)
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--port", type=int, default=0, help="the fake's port (0: any free one)")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="an existing database on the bench server, kept (migrated; each run adds its channels)",
    )
    args = parser.parse_args()
    sweep_n = min(args.sweep_channels or args.channels, args.channels)

    from cryptography.fernet import Fernet

    from devstack.fakes import FakeTelegram

    plan = [(w, sweep_n) for w in args.workers]
    if sweep_n != args.channels:
        plan.append((max(args.workers), args.channels))
    results = {
        "channels": args.channels,
        "faults": FAULTS,
        "latency_ms": args.latency_ms,
        "channels_per_bot": args.channels_per_bot,
        "load_average_before": os.getloadavg(),
        "runs": [],
    }
    print(f"load average before: {os.getloadavg()}  ({os.cpu_count()} CPUs)")
    rows = []
    database = (
        contextlib.nullcontext(f"{DEFAULT_SERVER}/{args.reuse}")
        if args.reuse
        else throwaway_postgres_database()
    )
    with database as db_url:
        _environment(db_url, Fernet.generate_key().decode(), args.redis_db)
        _django()
        _migrate()
        from django.conf import settings

        faults = {**FAULTS, "latency_ms": args.latency_ms}
        with FakeTelegram(
            port=args.port,
            faults=faults,
            per_bot_limit=TELEGRAM_PER_BOT,
            per_chat_limit=TELEGRAM_PER_CHAT,
        ) as tg:
            os.environ["LANTOA_TELEGRAM_API_URL"] = tg.base_url
            settings.LANTOA_CHANNEL_API_URLS["telegram_channel"] = tg.base_url
            for workers, n in plan:
                tg.reset()
                tg.flood_refusals = 0
                tg.faults.update({"seed": SEED})
                out = run_outbox(
                    tg,
                    n=n,
                    workers=workers,
                    concurrency=args.concurrency,
                    channels_per_bot=args.channels_per_bot,
                )
                lost, dup = check_fake(tg, out.pop("markers"))
                in_flight = workers * args.concurrency
                floor = n * args.latency_ms / 1000 / in_flight
                run = {
                    **out,
                    "lost": lost,
                    "duplicated": dup,
                    "flood_refusals": tg.flood_refusals,
                    "injected": dict(tg.faults.counts),
                    "platform_floor_seconds": floor,
                    "load_average_after": os.getloadavg(),
                }
                results["runs"].append(run)
                cpu = out["cpu_ms_per_delivery"]
                rows.append(
                    [
                        n,
                        workers,
                        out["deliveries_per_s"],
                        out["seconds_to_last_sent"],
                        floor,
                        out["p50_to_sent_s"],
                        out["p95_to_sent_s"],
                        cpu["workers"],
                        cpu["postgres"],
                        cpu["fake_and_poller"],
                        lost,
                        dup,
                        out["statuses"].get("uncertain", 0),
                        tg.flood_refusals,
                        f"{os.getloadavg()[0]:.1f}",
                    ]
                )
                print(
                    f"{n} channels, {workers} workers × {args.concurrency}: "
                    f"{out['deliveries_per_s']:.1f}/s, {out['seconds_to_last_sent']:.0f} s, "
                    f"p50 {out['p50_to_sent_s']:.1f} s, p95 {out['p95_to_sent_s']:.1f} s, "
                    f"CPU ms per delivery: workers {cpu['workers']:.1f}, "
                    f"PostgreSQL {cpu['postgres']:.1f}, fake {cpu['fake_and_poller']:.1f}; "
                    f"statuses {out['statuses']}, lost {lost}, duplicated {dup}, "
                    f"flood 429 {tg.flood_refusals}",
                    flush=True,
                )
                write_json(
                    "outbox.json", results
                )  # each run as it ends: a long sweep keeps its figures
    print(
        f"\n== Telegram fake at {args.latency_ms} ms, faults 5% 5xx + 1% 429, "
        f"{args.channels_per_bot} channels per bot, {args.concurrency} threads per worker =="
    )
    print_table(
        [
            "channels",
            "workers",
            "per s",
            "seconds",
            "floor s",
            "p50 s",
            "p95 s",
            "CPU ms/d worker",
            "CPU ms/d PG",
            "CPU ms/d fake",
            "lost",
            "dup",
            "uncertain",
            "429 flood",
            "load",
        ],
        rows,
    )
    path = write_json("outbox.json", results)
    print(f"\nwritten {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
