"""Outbox benchmark: one post fanned out to 1,000 channel accounts.

Runs on a throw-away PostgreSQL database with 4 `db_worker` processes against
the local platform fakes, with 5% transient errors (5xx) and 1% rate limits
(429 + Retry-After). Prints deliveries/s, p50/p95 time to sent, and — in the
same run, against the same fakes with the same faults — the throughput of a
plain httpx loop posting the same requests with the same concurrency (the
ratio is the figure). Verifies zero lost and zero duplicated from the fakes'
own logs.

Run twice: with the fakes answering at once (the outbox's own overhead) and
with a realistic platform latency (`--latency-ms`, default 150 ms).

    .venv/bin/python bench/outbox.py [--channels 1000] [--workers 4] [--latency-ms 150]
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import (  # noqa: E402
    percentile,
    print_table,
    throwaway_postgres_database,
    write_json,
)

SEED = 20261126
FAULTS = {"error_rate": 0.05, "rate_limit_rate": 0.01, "retry_after": 1, "seed": SEED}


def _django(db_url: str, fernet_key: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": db_url,
            "LANTOA_FERNET_KEYS": fernet_key,
            "LANTOA_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def _migrate() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=os.environ.copy(),
        check=True,
    )


def _accounts(unit, fakes, n: int, offset: int):
    from lantoa.channels.models import ChannelAccount
    from lantoa.core.crypto import encrypt_json

    # Telegram channels: the fake accepts any "-100…" channel for its bot.
    tg = fakes["telegram"]
    creds = encrypt_json({"bot_token": tg.DEFAULT_TOKEN})
    rows = [
        ChannelAccount(
            unit=unit,
            platform="telegram_channel",
            name=f"Kênh {i}",
            external_id=str(-1002000000000 - offset - i),
            credentials_encrypted=creds,
        )
        for i in range(n)
    ]
    return ChannelAccount.objects.bulk_create(rows, batch_size=500)


def _terminal_counts(post):
    from django.db import close_old_connections

    from lantoa.channels.models import Delivery

    close_old_connections()
    return Counter(Delivery.objects.filter(post=post).values_list("status", flat=True))


def _warm_up(unit, accounts, timeout: float = 180) -> None:
    """Workers start before the clock: the figure is a warm deployment, not Django's import time."""
    from lantoa.channels.models import Delivery
    from lantoa.channels.services import posts

    post = posts.post_create(actor=None, unit=unit, text="Khởi động")
    posts.post_schedule(actor=None, post=post, accounts=accounts)
    deadline = time.time() + timeout
    while time.time() < deadline:
        from django.db import close_old_connections

        close_old_connections()
        if (
            not Delivery.objects.filter(post=post)
            .exclude(status__in=["sent", "failed", "uncertain"])
            .exists()
        ):
            return
        time.sleep(0.2)
    raise RuntimeError("workers did not warm up")


def run_outbox(fakes, n: int, workers: int) -> dict:
    from lantoa.channels.models import ChannelAccount, Delivery
    from lantoa.channels.services import posts
    from lantoa.org.models import OrgUnit

    unit = OrgUnit.add_root(
        kind="industry_union", code=f"B{time.time_ns()}", name="Bench", slug=f"b{time.time_ns()}"
    )
    offset = ChannelAccount.objects.count()
    accounts = _accounts(unit, fakes, n + workers * 5, offset)
    accounts, warm = accounts[:n], accounts[n:]
    post = posts.post_create(
        actor=None,
        unit=unit,
        text="Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân.",
        link="https://cd.example.vn/tin/1",
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.05"],
            cwd=REPO,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    _warm_up(unit, warm)
    started = time.time()
    posts.post_schedule(actor=None, post=post, accounts=accounts)
    enqueued = time.time()
    deadline = time.time() + 600
    try:
        while time.time() < deadline:
            counts = _terminal_counts(post)
            if sum(counts[s] for s in ("sent", "failed", "uncertain")) >= n:
                break
            time.sleep(0.2)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
    finished = time.time()
    rows = list(
        Delivery.objects.filter(post=post).values_list("status", "sent_at", "attempt_count")
    )
    sent_times = [(s.timestamp() - started) for st, s, _ in rows if st == "sent"]
    last = max(sent_times) if sent_times else finished - started
    return {
        "deliveries": n,
        "statuses": dict(Counter(st for st, _, _ in rows)),
        "attempts": sum(a for _, _, a in rows),
        "enqueue_seconds": enqueued - started,
        "seconds_to_last_sent": last,
        "deliveries_per_s": len(sent_times) / last if last else 0.0,
        "p50_to_sent_ms": percentile(sent_times, 50) * 1000 if sent_times else None,
        "p95_to_sent_ms": percentile(sent_times, 95) * 1000 if sent_times else None,
        "markers": dict(Delivery.objects.filter(post=post).values_list("marker", "status")),
    }


def run_baseline(base_url: str, token: str, n: int, concurrency: int) -> dict:
    """The same sendMessage requests from a plain httpx loop, same concurrency,
    retrying 5xx at once and 429 after the platform's retry_after."""
    chats = [str(-1003000000000 - i) for i in range(n)]
    times: list[float] = []
    attempts = Counter()
    lock = threading.Lock()
    started = time.time()

    def loop(part: list[str]) -> None:
        with httpx.Client(timeout=30) as client:
            for chat in part:
                while True:
                    r = client.post(
                        f"{base_url}/bot{token}/sendMessage",
                        json={
                            "chat_id": chat,
                            "text": "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân.\n\nhttps://cd.example.vn/tin/1?lt=baseline",
                        },
                    )
                    with lock:
                        attempts[chat] += 1
                    if r.status_code == 200:
                        with lock:
                            times.append(time.time() - started)
                        break
                    if r.status_code == 429:
                        time.sleep(float(r.json().get("parameters", {}).get("retry_after", 1)))

    parts = [chats[i::concurrency] for i in range(concurrency)]
    threads = [threading.Thread(target=loop, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    last = max(times)
    return {
        "requests": n,
        "attempts": sum(attempts.values()),
        "seconds": last,
        "per_s": n / last,
        "p50_ms": percentile(times, 50) * 1000,
        "p95_ms": percentile(times, 95) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--latency-ms", type=int, nargs="*", default=[0, 150])
    args = parser.parse_args()

    from cryptography.fernet import Fernet

    from lantoa.channels.fakes import FakeTelegram

    results = {"channels": args.channels, "workers": args.workers, "faults": FAULTS, "runs": []}
    with throwaway_postgres_database() as db_url:
        _django(db_url, Fernet.generate_key().decode())
        _migrate()
        for latency in args.latency_ms:
            faults = {**FAULTS, "latency_ms": latency}
            with FakeTelegram(faults=faults) as tg:
                os.environ["LANTOA_TELEGRAM_API_URL"] = tg.base_url
                from django.conf import settings

                settings.LANTOA_CHANNEL_API_URLS["telegram_channel"] = tg.base_url
                outbox = run_outbox({"telegram": tg}, args.channels, args.workers)
                posted = Counter(
                    p["text"].rsplit("lt=", 1)[-1] for p in tg.posts.all() if "lt=" in p["text"]
                )
                lost = [m for m, st in outbox["markers"].items() if posted.get(m, 0) == 0]
                dup = [m for m, c in posted.items() if c > 1]
                tg.faults.update({"seed": SEED})
                tg.posts.clear()
                base = run_baseline(tg.base_url, tg.DEFAULT_TOKEN, args.channels, args.workers)
            outbox.pop("markers")
            run = {
                "latency_ms": latency,
                "outbox": outbox,
                "baseline": base,
                "ratio": outbox["deliveries_per_s"] / base["per_s"],
                "lost": len(lost),
                "duplicated": len(dup),
            }
            results["runs"].append(run)
            print(
                f"\n== {args.channels} channels, {args.workers} workers, fake latency {latency} ms, "
                f"faults 5% 5xx + 1% 429 =="
            )
            print_table(
                ["", "per s", "p50 ms", "p95 ms", "attempts", "seconds"],
                [
                    [
                        "outbox (db_worker)",
                        outbox["deliveries_per_s"],
                        outbox["p50_to_sent_ms"],
                        outbox["p95_to_sent_ms"],
                        outbox["attempts"],
                        outbox["seconds_to_last_sent"],
                    ],
                    [
                        "plain httpx loop",
                        base["per_s"],
                        base["p50_ms"],
                        base["p95_ms"],
                        base["attempts"],
                        base["seconds"],
                    ],
                ],
            )
            print(
                f"ratio outbox/baseline: {run['ratio']:.2f}   statuses: {outbox['statuses']}   "
                f"lost: {run['lost']}   duplicated: {run['duplicated']}"
            )
    path = write_json("outbox.json", results)
    print(f"\nwritten {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
