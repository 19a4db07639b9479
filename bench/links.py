"""Personal short links under load: redirects per second with every click
counted exactly once (bench/README.md, "Short links").

Builds a throw-away PostgreSQL database (or reuses one, `--reuse`) with one
share kit and 200 ambassadors (800 personal links), starts the short-link
server (`lantoa.advocacy.wsgi` on granian, or gunicorn's gthread workers with
`--server gunicorn`) on 127.0.0.1, and has 8 client processes follow the
links over keep-alive connections, each request timed; the server's CPU (its
whole process group, from /proc) and the clients' are divided per request. Clicks go through the Redis queue (`LANTOA_ADVOCACY_CLICK_QUEUE`,
database 3 by default); afterwards the drain stores them and the benchmark
checks that the database holds exactly one click per request answered 302.
With `--direct`, each click is an INSERT instead (no Redis).

    .venv/bin/python bench/links.py                 # 8 clients × 5,000 requests
    .venv/bin/python bench/links.py --requests 2000 --direct
    .venv/bin/python bench/links.py --server gunicorn --reuse lantoa_links  # keeps its links
"""

import argparse
import contextlib
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
    DEFAULT_SERVER,
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
HOST = "127.0.0.1"
PORT = 9160  # --port


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every live process in group `pgid`: the
    server's master and workers."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def client(
    codes: list[str], requests: int, start_at: float, port: int, out: "multiprocessing.Queue"
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    samples: list[float] = []
    redirects = 0
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    cpu_began = time.process_time()
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
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        samples.append(time.perf_counter() - started)
    out.put(
        (redirects, errors, samples, began, time.perf_counter(), time.process_time() - cpu_began)
    )


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


def build_links() -> list[str]:
    """One published share kit, 200 ambassadors and their 4 personal links each."""
    from lantoa.advocacy import services
    from lantoa.advocacy.models import ShareKit
    from lantoa.core.actors import SYSTEM
    from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, UserFactory

    root = OrgUnitFactory(code="DKVN", name="Công đoàn Dầu khí Việt Nam")
    unit = OrgUnitFactory(parent=root, code="PVGAS", name="Công đoàn PV GAS")
    kit = services.kit_save(
        actor=SYSTEM,
        kit=ShareKit(unit=unit, title="Hội thao công nhân Khí 2026", url="https://pvgas.vn/tin/1/"),
        texts={"facebook": "Hội thao", "zalo": "Hội thao", "telegram": "Hội thao", "copy": "x"},
    )
    kit = services.kit_publish(actor=SYSTEM, kit=kit)
    codes = []
    for i in range(200):
        user = UserFactory(username=f"ds{i}")
        member = MemberFactory(unit=unit, user=user)
        ambassador = services.ambassador_join(actor=user, member=member)
        for network in ("facebook", "zalo", "telegram", "copy"):
            codes.append(services.link_for(ambassador=ambassador, kit=kit, network=network).code)
    return codes


def server_command(server: str, workers: int, threads: int) -> list[str]:
    """The short-link server: granian (Rust HTTP, the WSGI callable on
    `threads` blocking threads per worker) or gunicorn's gthread workers."""
    if server == "granian":
        return [
            str(REPO / ".venv" / "bin" / "granian"),
            "--interface", "wsgi",
            "--host", HOST,
            "--port", str(PORT),
            "--workers", str(workers),
            "--blocking-threads", str(threads),
            "--no-ws",
            "--log-level", "warning",
            "lantoa.advocacy.wsgi:application",
        ]  # fmt: skip
    return [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "lantoa.advocacy.wsgi",
        "--bind", f"{HOST}:{PORT}",
        "--worker-class", "gthread",
        "--workers", str(workers),
        "--threads", str(threads),
        "--keep-alive", "5",
        "--log-level", "warning",
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=5000, help="per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--port", type=int, default=9160)
    parser.add_argument("--server", choices=("granian", "gunicorn"), default="granian")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="an existing database on the bench server, kept (its links are made on first use)",
    )
    parser.add_argument("--direct", action="store_true", help="one INSERT per click, no Redis")
    args = parser.parse_args()
    global PORT
    PORT = args.port
    queue_url = "" if args.direct else args.redis

    database = (
        contextlib.nullcontext(f"{DEFAULT_SERVER}/{args.reuse}")
        if args.reuse
        else throwaway_postgres_database()
    )
    with database as url:
        os.environ["LANTOA_ADVOCACY_CLICK_QUEUE"] = queue_url
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

        from lantoa.advocacy import clicks
        from lantoa.advocacy.models import Click, ShareLink

        if args.reuse and ShareLink.objects.exists():
            codes = list(ShareLink.objects.order_by("pk").values_list("code", flat=True))
            Click.objects.all().delete()
        else:
            codes = build_links()
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
            server_command(args.server, args.workers, args.threads),
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
                    args=(codes[i :: args.clients], args.requests, start_at, PORT, out),
                )
                for i in range(args.clients)
            ]
            for p in procs:
                p.start()
            server_cpu = group_cpu_seconds(server.pid)
            results = [out.get() for _ in procs]
            server_cpu = group_cpu_seconds(server.pid) - server_cpu
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
        client_cpu = sum(r[5] for r in results)
        per_request = max(len(samples), 1)
        print(
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
            f"{args.clients} clients, {args.server} {args.workers}×{args.threads}, "
            f"clicks {'INSERT each' if args.direct else 'queued in Redis'}"
        )
        print_table(
            ["requests", "302", "errors", "seconds", "redirects/s", "p50 ms", "p95 ms", "max ms",
             "clicks stored", "drain s"],
            [[len(samples), redirects, errors, round(wall, 2), round(rate), round(timing.p50_ms, 2),
              round(timing.p95_ms, 2), round(timing.max_ms, 1), stored, round(drained_in, 2)]],
        )  # fmt: skip
        print(
            f"CPU per request: server {server_cpu / per_request * 1000:.3f} ms "
            f"(master and workers, {server_cpu:.1f} s in all), "
            f"clients {client_cpu / per_request * 1000:.3f} ms ({client_cpu:.1f} s)"
        )
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
                "server_cpu_ms_per_request": server_cpu / per_request * 1000,
                "client_cpu_ms_per_request": client_cpu / per_request * 1000,
            },
        )
        from django.db import connections

        connections.close_all()
        if not exact:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
