"""Load test: the demo union served by gunicorn on 127.0.0.1, driven by locust
(`bench/locustfile.py`) headless for a bounded time; prints the figures.

    .venv/bin/python -m pip install -c constraints.txt -e ".[bench]"   # locust
    .venv/bin/python bench/load.py                         # 30 users, 60 s
    .venv/bin/python bench/load.py --users 10 --seconds 20 # a quick look
    .venv/bin/python bench/load.py --var /tmp/lantoa-load  # keep (and reuse) the prepared demo

Steps: a var directory (new, or `--var`, reused when it already holds the demo)
gets the demo union (`migrate`, `prepare_demo`: SQLite there, or the database
DATABASE_URL names) and the collected static files; the fixtures are read from
it (page URLs of every kind, 200 members' sessions, an officer's API token);
gunicorn serves it with `lantoa.settings.production` (DEBUG off, the page
cache on, as deployed) on 127.0.0.1:`--port`; locust runs `--users` visitors
(6 readers : 3 members : 1 API client) for `--seconds`; the server is stopped.
Prints one row per kind of request (count, failures, requests/s, p50/p95/p99
ms) and writes bench/out/load.json.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import OUT_DIR, REPO, print_table, write_json

PYTHON = sys.executable
LOCUST = str(Path(sys.executable).parent / "locust")
# The development key (lantoa/settings/dev.py): the demo's stored channel
# credentials were encrypted with it.
SECRET = "bench-load-not-a-secret-" + "x" * 40


def _env(var: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "LANTOA_VAR_DIR": str(var),
        "LANTOA_MEDIA_ROOT": str(var / "media"),
        "LANTOA_PRIVATE_ROOT": str(var / "private"),
        **extra,
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'lantoa.sqlite3'}")
    return env


def _manage(var: Path, *args: str, settings: str = "lantoa.settings.dev", **extra: str) -> None:
    env = _env(var, DJANGO_SETTINGS_MODULE=settings, **extra)
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True)


def _production_env(var: Path, hosts: list[str]) -> dict[str, str]:
    import base64
    import hashlib

    dev_key = base64.urlsafe_b64encode(hashlib.sha256(b"lantoa-dev-only").digest()).decode()
    return _env(
        var,
        DJANGO_SETTINGS_MODULE="lantoa.settings.production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=",".join(hosts),
        LANTOA_FERNET_KEYS=dev_key,
        LANTOA_SSL_REDIRECT="false",
        LANTOA_HSTS_SECONDS="0",
        LANTOA_LOG_LEVEL="WARNING",
    )


def prepare(var: Path) -> None:
    done = var / ".load-prepared"
    if done.exists():
        print(f"reusing the demo in {var}")
        return
    var.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _manage(var, "migrate", "--no-input", "-v", "0")
    _manage(var, "prepare_demo")
    prod = _production_env(var, ["127.0.0.1"])
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=REPO,
        env=prod,
        check=True,
    )
    done.write_text("ok")
    print(f"demo prepared in {time.monotonic() - started:.0f} s")


FIXTURES_CODE = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import APIToken, Page, Site
from lantoa.org.choices import MemberStatus, Role
from lantoa.org.models import Member, RoleAssignment

def kind(page):
    name = type(page).__name__
    if name == "UnitSiteHome": return "home"
    if name == "ArticlePage": return "article"
    if name == "SectionIndex": return "section"
    return None

urls = {"home": [], "section": [], "article": [], "search": [], "feed": [], "member_page": []}
hosts = {"127.0.0.1"}
for page in Page.objects.live().public().specific().iterator():
    k = kind(page)
    if k is None:
        continue
    parts = page.get_url_parts()
    if not parts:
        continue
    _, root, path = parts
    if root and "127.0.0.1" not in root and "localhost" not in root:
        continue  # another site's host name: not reachable as 127.0.0.1
    urls[k].append(path)
    if k == "home":
        urls["search"].append(path + "tim-kiem/")
        urls["feed"].append(path + "rss/")
urls["article"] = urls["article"][:2000]
urls["member_page"] = ["/thanh-vien/giai-chay/"]
User = get_user_model()
sessions = []
members = Member.objects.filter(status=MemberStatus.ACTIVE).order_by("pk")[:200]
for member in members:
    user = member.user
    if user is None:
        user = User.objects.create(username=f"load-{member.public_id}", is_active=True)
        user.set_unusable_password(); user.save()
        Member.objects.filter(pk=member.pk).update(user=user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.create()
    sessions.append(session.session_key)
officer = RoleAssignment.objects.filter(role=Role.OFFICER).order_by("unit__depth", "pk").first().user
token = APIToken.generate_token()
APIToken.objects.create(user=officer, name="load", key_hash=APIToken.hash_token(token), prefix=token[:8])
names = [m.full_name.split()[-1] for m in members[:50]]
json.dump({"urls": urls, "member_sessions": sessions, "api_token": token, "names": names,
           "words": ["công đoàn", "an toàn", "đại hội", "người lao động", "khí"]},
          open(sys.argv[1], "w"), ensure_ascii=False)
"""


def fixtures(var: Path, out: Path) -> dict[str, Any]:
    # The server's key: sessions and API token hashes are signed with it.
    env = _env(var, DJANGO_SETTINGS_MODULE="lantoa.settings.dev", DJANGO_SECRET_KEY=SECRET)
    subprocess.run([PYTHON, "-c", FIXTURES_CODE, str(out)], cwd=REPO, env=env, check=True)
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "lantoa.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", "4",
         "--log-level", "warning"],
        cwd=REPO, env=env, start_new_session=True,
    )  # fmt: skip
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, data: dict[str, Any]) -> None:
    """One request of each kind per worker thread before timing: imports,
    templates and connections are loaded, as on a server that has been up."""
    import httpx

    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {data['api_token']}"}
    session = {"sessionid": data["member_sessions"][0]}
    for _ in range(4):
        for kind in ("home", "section", "article"):
            if data["urls"][kind]:
                httpx.get(base + data["urls"][kind][0], timeout=120)
        httpx.get(base + "/thanh-vien/", cookies=session, timeout=120)
        httpx.get(base + "/api/v1/units/", headers=auth, timeout=120)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_locust(args: argparse.Namespace, fixtures_path: Path, csv_prefix: Path) -> None:
    env = {**os.environ, "LANTOA_LOAD_FIXTURES": str(fixtures_path)}
    cmd = [
        LOCUST, "-f", str(REPO / "bench" / "locustfile.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.seconds}s", "--stop-timeout", "5",
        "--host", f"http://127.0.0.1:{args.port}", "--csv", str(csv_prefix),
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    # Exit code 1 means some requests failed: the table says which.
    subprocess.run(cmd, cwd=REPO, env=env, check=False, timeout=args.seconds + 120)


def read_stats(csv_prefix: Path) -> list[dict[str, Any]]:
    rows = []
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "p99": float(row["99%"] or 0),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=9180)
    parser.add_argument("--var", type=Path, help="var directory to prepare or reuse")
    args = parser.parse_args()
    if not Path(LOCUST).exists():
        raise SystemExit('locust is not installed: pip install -c constraints.txt -e ".[bench]"')

    var = args.var or Path(tempfile.mkdtemp(prefix="lantoa-load-"))
    prepare(var.resolve())
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    fixtures_path = OUT_DIR / "load-fixtures.json"
    data = fixtures(var.resolve(), fixtures_path)
    counts = {k: len(v) for k, v in data["urls"].items()}
    print(f"fixtures: {counts}, {len(data['member_sessions'])} member sessions, one API token")

    server = start_server(_production_env(var.resolve(), ["127.0.0.1"]), args.port, args.workers)
    csv_prefix = OUT_DIR / "load"
    try:
        warm_up(args.port, data)
        load_before = os.getloadavg()[0]
        run_locust(args, fixtures_path, csv_prefix)
        load_after = os.getloadavg()[0]
    finally:
        stop_server(server)
    rows = read_stats(csv_prefix)
    print(
        f"\n{args.users} users for {args.seconds} s against gunicorn {args.workers} workers x 4 "
        f"threads on 127.0.0.1 ({os.cpu_count()} cores; load average {load_before:.1f} before, "
        f"{load_after:.1f} after)"
    )
    print_table(
        ["request", "count", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms"],
        [
            [r["name"], r["requests"], r["failures"], r["rps"], r["p50"], r["p95"], r["p99"]]
            for r in rows
        ],
    )
    path = write_json(
        "load.json",
        {"users": args.users, "seconds": args.seconds, "fixtures": counts, "rows": rows},
    )
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
