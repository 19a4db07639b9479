"""Personal short links under load: redirects per second with every click
counted exactly once (bench/README.md, "Short links").

Builds a throw-away PostgreSQL database with one share kit and 200
ambassadors (800 personal links), starts the short-link server
(`gunicorn lantoa.advocacy.wsgi`, gthread workers) on 127.0.0.1, and has 8
client processes follow the links over keep-alive connections, each request
timed. Clicks go through the Redis queue (`LANTOA_ADVOCACY_CLICK_QUEUE`,
database 3 by default); afterwards the drain stores them and the benchmark
checks that the database holds exactly one click per request answered 302.
With `--direct`, each click is an INSERT instead (no Redis).

    .venv/bin/python bench/links.py                 # 8 clients × 5,000 requests
    .venv/bin/python bench/links.py --requests 2000 --direct
"""

import argparse
import http.client
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    REPO,
    Timing,
    print_table,
    throwaway_postgres_database,
    write_json,
)
from bench.org import setup_django

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
HOST, PORT = "127.0.0.1", 9160


def client(codes: list[str], requests: int, start_at: float, out: "multiprocessing.Queue") -> None:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    samples: list[float] = []
    redirects = 0
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    for i in range(requests):
        code = codes[i % len(codes)]
        started = time.perf_counter()
        try:
            connection.request("GET", f"/l/{code}", headers={"User-Agent": BROWSER})
            response = connection.getresponse()
            response.read()
            if response.status == 302:
                redirects += 1
            else:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        samples.append(time.perf_counter() - started)
    out.put((redirects, errors, samples, began, time.perf_counter()))


def wait_for_server(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection(HOST, PORT, timeout=2)
            c.request("GET", "/l/none")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the short-link server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=5000, help="per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--direct", action="store_true", help="one INSERT per click, no Redis")
    args = parser.parse_args()
    queue_url = "" if args.direct else args.redis

    with throwaway_postgres_database() as url:
        os.environ["LANTOA_ADVOCACY_CLICK_QUEUE"] = queue_url
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

        from lantoa.advocacy import clicks, services
        from lantoa.advocacy.models import Click, ShareKit
        from lantoa.core.actors import SYSTEM
        from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, UserFactory

        root = OrgUnitFactory(code="DKVN", name="Công đoàn Dầu khí Việt Nam")
        unit = OrgUnitFactory(parent=root, code="PVGAS", name="Công đoàn PV GAS")
        kit = services.kit_save(
            actor=SYSTEM,
            kit=ShareKit(
                unit=unit, title="Hội thao công nhân Khí 2026", url="https://pvgas.vn/tin/1/"
            ),
            texts={"facebook": "Hội thao", "zalo": "Hội thao", "telegram": "Hội thao", "copy": "x"},
        )
        kit = services.kit_publish(actor=SYSTEM, kit=kit)
        codes = []
        for i in range(200):
            user = UserFactory(username=f"ds{i}")
            member = MemberFactory(unit=unit, user=user)
            ambassador = services.ambassador_join(actor=user, member=member)
            for network in ("facebook", "zalo", "telegram", "copy"):
                codes.append(
                    services.link_for(ambassador=ambassador, kit=kit, network=network).code
                )
        redis = clicks.queue()
        if redis is not None:
            redis.delete(clicks.QUEUE_KEY, clicks.DRAIN_LOCK)

        env = dict(os.environ)
        env.update(
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="lantoa.settings.dev",
            DJANGO_DEBUG="0",
            LANTOA_ADVOCACY_CLICK_QUEUE=queue_url,
            LANTOA_DB_CONN_MAX_AGE="600",
        )
        server = subprocess.Popen(
            [
                str(REPO / ".venv" / "bin" / "gunicorn"),
                "lantoa.advocacy.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--worker-class",
                "gthread",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        try:
            wait_for_server()
            # Warm up: every worker loads its links and the day's key.
            for code in codes[:50]:
                c = http.client.HTTPConnection(HOST, PORT)
                c.request("GET", f"/l/{code}", headers={"User-Agent": "bench-warmup-bot"})
                c.getresponse().read()
            out: multiprocessing.Queue = multiprocessing.Queue()
            start_at = time.time() + 1.0
            procs = [
                multiprocessing.Process(
                    target=client,
                    args=(codes[i :: args.clients], args.requests, start_at, out),
                )
                for i in range(args.clients)
            ]
            for p in procs:
                p.start()
            results = [out.get() for _ in procs]
            for p in procs:
                p.join()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

        redirects = sum(r[0] for r in results)
        errors = sum(r[1] for r in results)
        samples = [s for r in results for s in r[2]]
        wall = max(r[4] for r in results) - min(r[3] for r in results)
        drained_in = time.perf_counter()
        clicks.clicks_drain()
        drained_in = time.perf_counter() - drained_in
        stored = Click.objects.count()
        timing = Timing.of(samples)
        load = os.getloadavg()
        rate = redirects / wall
        print(
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
            f"{args.clients} clients, gunicorn gthread {args.workers}×{args.threads}, "
            f"clicks {'INSERT each' if args.direct else 'queued in Redis'}"
        )
        print_table(
            ["requests", "302", "errors", "seconds", "redirects/s", "p50 ms", "p95 ms", "max ms",
             "clicks stored", "drain s"],
            [[len(samples), redirects, errors, round(wall, 2), round(rate), round(timing.p50_ms, 2),
              round(timing.p95_ms, 2), round(timing.max_ms, 1), stored, round(drained_in, 2)]],
        )  # fmt: skip
        exact = stored == redirects and errors == 0
        print("every click counted exactly once:", "yes" if exact else "NO")
        write_json(
            "links.json",
            {
                "clients": args.clients,
                "requests": len(samples),
                "redirects": redirects,
                "errors": errors,
                "seconds": wall,
                "redirects_per_second": rate,
                "timing": timing,
                "stored": stored,
                "exact": exact,
                "mode": "direct" if args.direct else "redis",
                "load_average": load,
            },
        )
        from django.db import connections

        connections.close_all()
        if not exact:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
