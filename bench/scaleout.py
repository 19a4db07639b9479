"""Scale-out proof: two web processes and three workers against one PostgreSQL and one Redis.

Starts a PostgreSQL cluster of its own (initdb in a temporary directory, on
`--port`, never the machine's shared server), uses Redis DB `--redis-db` as
the cache (rate counters, page cache), an SMTP sink process, and the Facebook
fake with `--channels` Pages. Then:

* two gunicorn web processes (ports port+1, port+2) and three "worker
  machines", each a `db_worker` and an `outbox_worker`, plus `run_periodic`;
* a bulletin issue to `--recipients` members (real SMTP to the sink);
* the channel posts published through the API, alternately on each web
  process (200 channels per call, the API's limit): one delivery per Page;
* while they run, `--kills` worker processes (either kind, at random) are
  SIGKILLed, one every 5-15 s, each started again a moment later, and
  PostgreSQL is restarted once (fast shutdown) halfway through the kills.

At the end it prints the counts: for the bulletin, every recipient's message
stored by the sink exactly once (repeated copies of an in-doubt batch carry
the same Message-ID and are dropped by the sink, as by a real receiver); for
the channels, each delivery's marker on its Page exactly once (lost 0,
duplicated 0) from the fake's own log. Exits 1 if anything was lost or doubled.

    .venv/bin/python bench/scaleout.py                        # 60,000 recipients, 1,000 channels
    .venv/bin/python bench/scaleout.py --recipients 3000 --channels 200   # a quick look
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import print_table, throwaway_postgres_database, write_json  # noqa: E402
from bench.bulletin import Sink  # noqa: E402

SEED = 20261207
API_CHANNELS_PER_CALL = 200


# ---- processes ---------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found under /usr/lib/postgresql/*/bin")
    return str(found[-1])


class OwnPostgres:
    """A throw-away PostgreSQL cluster on `port`, restartable without touching any other."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.socket_dir = workdir
        self.user_args: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.user_args = ["runuser", "-u", "postgres", "--"]
            shutil.chown(workdir, "postgres")
        subprocess.run(
            [*self.user_args, _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=128MB -c synchronous_commit=off"
        )
        subprocess.run(
            [*self.user_args, _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log),
             "-o", options, "-w", "-m", "fast", *args],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> float:
        started = time.monotonic()
        self._ctl("restart")
        return time.monotonic() - started

    def stop(self) -> None:
        self._ctl("stop")

    @property
    def server(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"


class Fleet:
    """The web and worker processes, each in its own session so it can be killed alone."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.commands: dict[str, list[str]] = {}
        self.kills: list[tuple[float, str]] = []
        self.exits: list[tuple[float, str, int]] = []
        self.lock = threading.Lock()

    def start(self, name: str, argv: list[str]) -> None:
        self.commands[name] = argv
        with (self.logs / f"{name}.log").open("ab") as out:
            self.procs[name] = subprocess.Popen(
                argv, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        self.kills.append((time.time(), name))

    def restart(self, name: str) -> None:
        self.start(name, self.commands[name])

    def supervise(self) -> None:
        """Start again whatever exited on its own, as systemd's Restart=always would."""
        for name, proc in list(self.procs.items()):
            if proc.poll() is not None and (not self.kills or self.kills[-1][1] != name):
                self.exits.append((time.time(), name, proc.returncode))
                self.restart(name)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
                print(f"  ({name} did not stop on SIGTERM; killed)")


def _wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


# ---- the world -----------------------------------------------------------------------


def build_world(recipients: int, channels: int, fb) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import APIToken, Page
    from wagtail.rich_text import RichText

    from lantoa.bulletin.models import IssueArticle
    from lantoa.bulletin.services import issues
    from lantoa.channels.models import ChannelAccount
    from lantoa.core.crypto import encrypt_json
    from lantoa.core.text import search_key
    from lantoa.newsroom.models import ArticlePage
    from lantoa.org.choices import Role
    from lantoa.org.models import Member, OrgUnit, RoleAssignment

    root = OrgUnit.add_root(
        kind="industry_union", code="DKVN", name="Công đoàn Dầu khí Việt Nam", slug="dkvn"
    )
    units = [
        root.add_child(
            kind="grassroots_union", code=f"CS{i:03d}", name=f"Công đoàn cơ sở {i}", slug=f"cs-{i}"
        )
        for i in range(60)
    ]
    batch = []
    for n in range(recipients):
        name = f"Nguyễn Văn Đoàn Viên {n}"
        unit = units[n % len(units)]
        batch.append(
            Member(
                unit=unit,
                unit_path=unit.path,
                full_name=name,
                search_name=search_key(name),
                employee_code=f"NV{n:07d}",
                email=f"doanvien{n:06d}@pvn.example.vn",
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)

    officer = get_user_model().objects.create_user(
        "tuyengiao", "tuyengiao@pvn.example.vn", "x" * 20
    )
    for role in (Role.OFFICER, Role.APPROVER):
        RoleAssignment.objects.create(user=officer, unit=root, role=role)
    token = APIToken.generate_token()
    APIToken.objects.create(
        user=officer, name="scaleout", key_hash=APIToken.hash_token(token), prefix=token[:8]
    )

    bulletin = issues.bulletin_create(actor=officer, unit=root, name="Bản tin Công đoàn Dầu khí")
    page = ArticlePage(
        title="Tháng Công nhân: nghìn phần quà sẻ chia",
        slug="thang-cong-nhan",
        lead="Công đoàn chăm lo đời sống, việc làm của người lao động Dầu khí.",
        body=[("text", RichText("<p>Công đoàn các cấp chăm lo việc làm, thu nhập.</p>"))],
        unit=root,
        live=True,
        first_published_at=timezone.now(),
    )
    Page.get_first_root_node().add_child(instance=page)
    today = timezone.localdate()
    issue = issues.issue_create(
        actor=officer,
        bulletin=bulletin,
        number=11,
        year=today.year,
        period_start=today,
        period_end=today,
        title="Lan tỏa tinh thần Tháng Công nhân",
    )
    IssueArticle.objects.create(issue=issue, section="Thời sự", page=page, sort_order=0)

    accounts = []
    for i in range(channels):
        page_id = f"1050000{i:08d}"
        page_token = f"EAAFakeScaleoutPageToken{i:08d}"
        fb.add_page(page_id, f"Công đoàn cơ sở {i}", page_token)
        accounts.append(
            ChannelAccount(
                unit=units[i % len(units)],
                platform="facebook_page",
                name=f"Trang {i}",
                external_id=page_id,
                credentials_encrypted=encrypt_json({"page_token": page_token}),
            )
        )
    accounts = ChannelAccount.objects.bulk_create(accounts)
    return {
        "root": root,
        "officer": officer,
        "token": token,
        "issue": issue,
        "channels": [str(a.public_id) for a in accounts],
    }


# ---- the run ---------------------------------------------------------------------------


def publish_through_api(world: dict, web_urls: list[str]) -> list[str]:
    """The channel posts, through the API, alternately on each web process."""
    ids = []
    chunks = [
        world["channels"][i : i + API_CHANNELS_PER_CALL]
        for i in range(0, len(world["channels"]), API_CHANNELS_PER_CALL)
    ]
    for n, chunk in enumerate(chunks):
        response = httpx.post(
            f"{web_urls[n % len(web_urls)]}/api/v1/posts/",
            headers={"Authorization": f"Bearer {world['token']}"},
            json={
                "unit": str(world["root"].public_id),
                "text": "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân.",
                "link": "https://cd.example.vn/tin/thang-cong-nhan",
                "channels": chunk,
            },
            timeout=120,
        )
        if response.status_code != 201:
            raise RuntimeError(f"API answered {response.status_code}: {response.text[:500]}")
        ids.append(response.json()["public_id"])
    return ids


def chaos(fleet: Fleet, pg: OwnPostgres, kills: int, stop: threading.Event, report: dict) -> None:
    """Kill `kills` random workers, one every 5-15 s (each started again 0.5-2 s
    later); restart PostgreSQL once, after half of them."""
    rng = random.Random(SEED)
    workers = [n for n in fleet.commands if n.startswith(("db_worker", "outbox_worker"))]
    started = time.monotonic()
    for n in range(kills):
        if stop.wait(rng.uniform(5, 15)):
            return
        victim = rng.choice(workers)
        with fleet.lock:
            fleet.kill(victim)
            time.sleep(rng.uniform(0.5, 2))
            fleet.restart(victim)
        if n == kills // 2:
            report["postgres_restarted_at"] = time.monotonic() - started
            report["postgres_restart_seconds"] = pg.restart()


def _done(issue_id: int, post_ids: list[str]) -> tuple[bool, str]:
    from django.db import close_old_connections

    from lantoa.bulletin.models import Issue
    from lantoa.channels.models import Delivery

    close_old_connections()
    try:
        state = Issue.objects.get(pk=issue_id).state
        open_deliveries = (
            Delivery.objects.filter(post__public_id__in=post_ids)
            .exclude(status__in=["sent", "failed", "uncertain"])
            .count()
        )
    except Exception as exc:  # noqa: BLE001 - the database is being restarted
        return False, f"database unavailable ({type(exc).__name__})"
    return state == "sent" and open_deliveries == 0, f"issue {state}, {open_deliveries} open"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=60_000)
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--port", type=int, default=9240, help="PostgreSQL; web on +1, +2")
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--kills", type=int, default=6, help="workers SIGKILLed during the run")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()

    from cryptography.fernet import Fernet

    from devstack.fakes import FakeFacebook

    workdir = Path(tempfile.mkdtemp(prefix="lantoa-scaleout-"))
    logs = workdir / "logs"
    logs.mkdir()
    pg = OwnPostgres(args.port, workdir)
    pg.start()
    web_urls = [f"http://127.0.0.1:{args.port + n}" for n in (1, 2)]
    sink_port = args.port + 3
    report: dict = {"recipients": args.recipients, "channels": args.channels}
    fleet: Fleet | None = None
    sink: Sink | None = None
    print(f"load average before: {os.getloadavg()}  ({os.cpu_count()} CPUs); logs in {logs}")
    try:
        with (
            throwaway_postgres_database(server=pg.server, prefix="lantoa_scaleout") as db_url,
            FakeFacebook(port=args.port + 4, require_appsecret_proof=False) as fb,
        ):
            import redis

            redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db).flushdb()
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
                "DJANGO_SECRET_KEY": "scaleout-only-" + "x" * 50,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": db_url,
                "CACHE_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
                "LANTOA_FERNET_KEYS": Fernet.generate_key().decode(),
                "LANTOA_LOG_LEVEL": "WARNING",
                "LANTOA_SSL_REDIRECT": "false",
                "LANTOA_MEDIA_ROOT": str(workdir / "media"),
                "LANTOA_BASE_URL": web_urls[0],
                "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
                "LANTOA_BULLETIN_MAX_PER_SECOND": "0",
                "LANTOA_BULLETIN_SEND_LANES": "3",
                "LANTOA_OUTBOX_WORKERS": "true",
                "LANTOA_CHANNEL_STALE_SENDING_SECONDS": "20",
                "LANTOA_FACEBOOK_GRAPH_URL": f"{fb.base_url}/v25.0",
                "PYTHONUNBUFFERED": "1",
            }
            os.environ.update(env)
            import django

            django.setup()
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                cwd=REPO, env=env, check=True,
            )  # fmt: skip
            started = time.time()
            world = build_world(args.recipients, args.channels, fb)
            print(f"world: {args.recipients:,} members, {args.channels:,} Pages "
                  f"in {time.time() - started:.0f} s")  # fmt: skip

            sink = Sink(sink_port, workdir, "sink")
            fleet = Fleet(env, logs)
            manage = [sys.executable, "manage.py"]
            for n, url in enumerate(web_urls, 1):
                fleet.start(
                    f"web{n}",
                    [str(Path(sys.executable).parent / "gunicorn"), "lantoa.wsgi:application",
                     "-b", url.removeprefix("http://"), "-w", "2", "--threads", "4",
                     "--timeout", "120"],
                )  # fmt: skip
            for n in range(1, 4):
                fleet.start(f"db_worker{n}", [*manage, "db_worker", "--interval", "0.1"])
                fleet.start(
                    f"outbox_worker{n}",
                    [*manage, "outbox_worker", "--concurrency", "16", "--interval", "0.1"],
                )
            fleet.start("periodic", [*manage, "run_periodic", "--tick", "2"])
            for url in web_urls:
                _wait_http(f"{url}/healthz")

            from lantoa.bulletin.services import issues, sending

            clock = time.time()
            issue = issues.issue_approve(actor=world["officer"], issue=world["issue"])
            sending.issue_send(actor=world["officer"], issue=issue)
            stop = threading.Event()
            chaos_thread = threading.Thread(
                target=chaos, args=(fleet, pg, args.kills, stop, report)
            )
            chaos_thread.start()
            try:
                post_ids = publish_through_api(world, web_urls)
                print(f"published {len(post_ids)} posts through the API on both web processes")
                deadline = time.time() + args.timeout
                last_print = 0.0
                while True:
                    with fleet.lock:
                        fleet.supervise()
                    done, status = _done(issue.pk, post_ids)
                    if done:
                        break
                    if time.time() > deadline:
                        raise RuntimeError(f"not finished after {args.timeout} s: {status}")
                    if time.time() - last_print > 30:
                        print(f"  {time.time() - clock:.0f} s: {status}, "
                              f"{len(fleet.kills)} kills", flush=True)  # fmt: skip
                        last_print = time.time()
                    time.sleep(1)
            finally:
                stop.set()
                chaos_thread.join()
            report["seconds"] = time.time() - clock
            report["kills"] = Counter(name.rstrip("0123456789") for _, name in fleet.kills)
            report["exits"] = [f"{name} (code {code})" for _, name, code in fleet.exits]
            report["ready"] = [httpx.get(f"{u}/readyz", timeout=30).status_code for u in web_urls]
            fleet.stop_all()
            fleet = None
            sink_stats = sink.stop()
            sink = None
            report.update(count(issue.pk, post_ids, sink_stats, fb))
    finally:
        if fleet is not None:
            fleet.stop_all()
        if sink is not None:
            sink.stop()
        pg.stop()
    print_report(report)
    write_json("scaleout.json", json.loads(json.dumps(report, default=str)))
    bad = (
        report["bulletin_missing"]
        + report["bulletin_stored_twice"]
        + report["channels_lost"]
        + report["channels_duplicated"]
    )
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


def count(issue_id: int, post_ids: list[str], sink_stats: dict, fb) -> dict:
    from django.db import close_old_connections

    from lantoa.bulletin.models import Delivery as Mail
    from lantoa.channels.models import Delivery

    close_old_connections()
    expected = set(Mail.objects.filter(issue_id=issue_id).values_list("email", flat=True))
    stored = sink_stats["stored_by_recipient"]
    received = sink_stats["received_by_recipient"]
    deliveries = dict(
        Delivery.objects.filter(post__public_id__in=post_ids).values_list("marker", "status")
    )
    posted = Counter()
    for p in fb.posts.all():
        where = f"{p.get('link') or ''} {p.get('text') or ''}"
        if "lt=" in where:
            posted[where.split("lt=", 1)[1].split()[0].split("&")[0]] += 1
    return {
        "bulletin_recipients": len(expected),
        "bulletin_sent": Mail.objects.filter(issue_id=issue_id, state="sent").count(),
        "bulletin_failed": Mail.objects.filter(issue_id=issue_id, state="failed").count(),
        "bulletin_received_copies": sink_stats["received"],
        "bulletin_copies_dropped_by_message_id": sink_stats["duplicates"],
        "bulletin_missing": len(expected - set(stored)),
        "bulletin_stored_twice": sum(1 for v in stored.values() if v > 1),
        "bulletin_resent_recipients": sum(1 for c in received.values() if c > 1),
        "channel_statuses": dict(Counter(deliveries.values())),
        "channels_posted": sum(1 for m in deliveries if posted.get(m)),
        "channels_lost": sum(
            1 for m, st in deliveries.items() if not posted.get(m) and st != "uncertain"
        ),
        "channels_duplicated": sum(1 for m in deliveries if posted.get(m, 0) > 1),
    }


def print_report(r: dict) -> None:
    print(
        f"\n== scale-out: 2 web (gunicorn) + 3 × (db_worker + outbox_worker), one PostgreSQL "
        f"(restarted once, {r.get('postgres_restart_seconds', 0):.1f} s, at "
        f"{r.get('postgres_restarted_at', 0):.0f} s), Redis; {sum(r['kills'].values())} workers "
        f"SIGKILLed ({dict(r['kills'])}); finished in {r['seconds']:.0f} s; "
        f"/readyz after: {r['ready']}; exited on their own and restarted: "
        f"{r['exits'] or 'none'} =="
    )
    print_table(
        ["", "expected", "sent", "lost", "duplicated", "notes"],
        [
            ["bulletin e-mails", r["bulletin_recipients"], r["bulletin_sent"],
             r["bulletin_missing"], r["bulletin_stored_twice"],
             f"{r['bulletin_received_copies']} copies received, "
             f"{r['bulletin_copies_dropped_by_message_id']} dropped by Message-ID "
             f"({r['bulletin_resent_recipients']} recipients of in-doubt batches); "
             f"failed {r['bulletin_failed']}"],
            ["channel posts (Facebook Pages)", r["channels"], r["channels_posted"],
             r["channels_lost"], r["channels_duplicated"], f"statuses {r['channel_statuses']}"],
        ],
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
