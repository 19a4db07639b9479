"""Benchmark of the public news sites on PostgreSQL, through the production server.

    .venv/bin/python bench/site.py                        # 100,000 articles, 300 unit sites
    .venv/bin/python bench/site.py --articles 10000 --sites 60 --seconds 5   # a quick look
    .venv/bin/python bench/site.py --seed-only            # seed and keep a database, then
    .venv/bin/python bench/site.py --reuse lantoa_bench_site_…   # time it (migrate it first
                                                          # if migrations were added since)

Creates a throw-away database on 127.0.0.1:5432 (user postgres, trust auth),
migrates it and seeds it: an org tree of `--sites` units (the industry union,
direct unions, grassroots unions), one Wagtail site home per unit nested as the
tree is, two sections per site, `--articles` articles spread over the sections
(written with COPY; Wagtail's page tree and url paths computed exactly as
treebeard does), 50 shared hero images, and the search index built by Wagtail's
own backend. Then it starts gunicorn with `lantoa.settings.production`
(DEBUG off) on 127.0.0.1 and measures with `wrk` (Debian package `wrk`):

* requests/s and p50/p95 latency for the home, article, section and search
  pages, each over many different URLs: *cached* (the whole-response page
  cache on, every URL visited once beforehand) and *uncached* (the server
  restarted with LANTOA_PAGE_CACHE_SECONDS=0, so every request renders; the
  per-site fragment caches stay on, as in production, but most URLs are
  visited once, so "Các tin khác" and a home's blocks are mostly rendered cold);
* in the same server run, a static HTML file of the same size as an article
  page, served by the same gunicorn + WhiteNoise: cached throughput is
  reported as a ratio of it;
* the database queries of one uncached request of each page type (counted
  in-process with Django's test client on the same database).

Targets: uncached article p95 < 100 ms; cached pages ≥ 50 % of the
static file's throughput; ≤ 15 queries for an uncached article page.
Prints a table and writes bench/out/site.json; the database is dropped at the
end (LANTOA_BENCH_KEEP_DB=1 keeps it).
"""

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    DEFAULT_SERVER,
    OUT_DIR,
    REPO,
    print_table,
    throwaway_postgres_database,
    write_json,
)

ARTICLE_P95_TARGET_MS = 100.0
CACHED_RATIO_TARGET = 0.5
ARTICLE_QUERY_TARGET = 15
PORT = 8931
WORDS = [
    "công",
    "đoàn",
    "người",
    "lao",
    "động",
    "đại",
    "hội",
    "an",
    "toàn",
    "vệ",
    "sinh",
    "tháng",
    "công",
    "nhân",
    "chăm",
    "lo",
    "đời",
    "sống",
    "việc",
    "làm",
    "thu",
    "nhập",
    "thi",
    "đua",
    "tuyên",
    "truyền",
    "đoàn",
    "viên",
    "sáng",
    "kiến",
    "dầu",
    "khí",
    "giàn",
    "khoan",
    "nhà",
    "máy",
    "đối",
    "thoại",
    "thỏa",
    "ước",
    "phúc",
    "lợi",
    "tết",
    "sum",
    "vầy",
    "giải",
    "chạy",
    "văn",
    "nghệ",
    "thể",
    "thao",
    "khen",
    "thưởng",
]
SEARCHES = ["dai hoi", "cong doan", "an toan lao dong", "Tết", "thi đua", "gian khoan",
            "doan vien", "sang kien", "nha may", "phuc loi"]  # fmt: skip


# ---- environment -------------------------------------------------------------


def server_env(
    database_url: str, var_dir: Path, *, page_cache: bool, cache_url: str
) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-" + uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LANTOA_FERNET_KEYS": Fernet.generate_key().decode(),
            "LANTOA_VAR_DIR": str(var_dir),
            "LANTOA_MEDIA_ROOT": str(var_dir / "media"),
            "LANTOA_SSL_REDIRECT": "false",
            "LANTOA_LOG_LEVEL": "WARNING",
            "LANTOA_PAGE_CACHE_SECONDS": "300" if page_cache else "0",
            "CACHE_URL": cache_url,
        }
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


# ---- seeding -------------------------------------------------------------------


def _picture(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 750), tuple(rng.randrange(40, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(1200), rng.randrange(750)
        draw.ellipse([x, y, x + 120, y + 120], outline="white", width=5)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def seed(n_sites: int, n_articles: int, rng: random.Random) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.db import connection, transaction
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, Site

    from lantoa.newsroom.models import ArticlePage, SectionIndex, UnitSiteHome
    from lantoa.org.choices import UnitKind
    from lantoa.org.models import OrgUnit

    started = time.perf_counter()
    Image = get_image_model()
    images = [
        Image.objects.create(title=f"Ảnh {n}", file=ContentFile(_picture(n), name=f"anh-{n}.jpg"))
        for n in range(50)
    ]
    # The org tree: the industry union, ~10% direct unions, grassroots below them.
    root = OrgUnit.add_root(
        kind=UnitKind.INDUSTRY_UNION, code="DKVN", name="Công đoàn Dầu khí Việt Nam", slug="dkvn"
    )
    directs = max(1, n_sites // 10)
    units = [root]
    for n in range(directs):
        units.append(
            root.add_child(
                kind=UnitKind.DIRECT_UNION,
                code=f"D{n}",
                name=f"Công đoàn trực thuộc {n}",
                slug=f"truc-thuoc-{n}",
            )
        )
        root.refresh_from_db()
    for n in range(n_sites - 1 - directs):
        parent = units[1 + n % directs]
        parent.refresh_from_db()
        units.append(
            parent.add_child(
                kind=UnitKind.GRASSROOTS_UNION, code=f"G{n}", name=f"CĐCS số {n}", slug=f"co-so-{n}"
            )
        )
    # Site homes nested as the tree is, two sections each (Wagtail's add_child).
    wagtail_root = Page.get_first_root_node()
    homes: dict[int, UnitSiteHome] = {}
    sections: list[SectionIndex] = []
    for unit in sorted(units, key=lambda u: u.path):
        parent_page = (
            homes.get(OrgUnit.objects.get(path=unit.path[:-4]).pk)
            if unit.depth > 1
            else wagtail_root
        )
        parent_page.refresh_from_db()
        home = UnitSiteHome(title=unit.name, slug=unit.slug, unit=unit, live=True)
        parent_page.add_child(instance=home)
        homes[unit.pk] = home
        for slug, title in (("tin-tuc", "Tin tức - Sự kiện"), ("tuyen-giao", "Tuyên giáo các cấp")):
            home.refresh_from_db()
            section = SectionIndex(title=title, slug=slug, show_in_menus=True, live=True)
            home.add_child(instance=section)
            sections.append(section)
    site = Site.objects.get(is_default_site=True)
    site.root_page = homes[root.pk]
    site.hostname = "127.0.0.1"
    site.save()
    Page.objects.filter(depth=2).exclude(pk=homes[root.pk].pk).filter(numchild=0).delete()

    # Articles: COPY into wagtailcore_page and newsroom_articlepage.
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    locale_id = Locale.get_default().pk
    home_by_path = {h.path: h for h in homes.values()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
        next_id = cursor.fetchone()[0] + 1
    now = datetime.now(UTC)
    per_section: dict[int, int] = {s.pk: 0 for s in sections}
    articles: list[ArticlePage] = []
    for n in range(n_articles):
        section = sections[rng.randrange(len(sections))]
        per_section[section.pk] += 1
        position = per_section[section.pk]
        slug = f"tin-{n}"
        title_words = rng.sample(WORDS, 9)
        published = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        home = home_by_path[section.path[:-4]]
        article = ArticlePage(
            id=next_id + n,
            page_ptr_id=next_id + n,
            path=Page._get_path(section.path, section.depth + 1, position),
            depth=section.depth + 1,
            numchild=0,
            title=" ".join(title_words).capitalize(),
            draft_title=" ".join(title_words).capitalize(),
            slug=slug,
            content_type_id=content_type_id,
            live=True,
            url_path=f"{section.url_path}{slug}/",
            locale_id=locale_id,
            translation_key=uuid.uuid4(),
            first_published_at=published,
            last_published_at=published,
            lead=" ".join(rng.choices(WORDS, k=40)).capitalize() + ".",
            hero_image_id=images[n % len(images)].pk,
            hero_caption="Ảnh minh họa",
            author="Ban Tuyên giáo",
            unit_id=home.unit_id,
            body=[
                {
                    "type": "text",
                    "id": str(uuid.uuid4()),
                    "value": "".join(
                        f"<p>{' '.join(rng.choices(WORDS, k=60)).capitalize()}.</p>"
                        for _ in range(4)
                    ),
                },
            ],
        )
        articles.append(article)
    page_fields = list(Page._meta.local_concrete_fields)
    article_fields = list(ArticlePage._meta.local_concrete_fields)
    with transaction.atomic(), connection.cursor() as cursor:
        for model_fields, table in ((page_fields, "wagtailcore_page"),
                                    (article_fields, "newsroom_articlepage")):  # fmt: skip
            columns = ", ".join(f'"{f.column}"' for f in model_fields)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for article in articles:
                    row = []
                    for field in model_fields:
                        value = field.get_db_prep_save(getattr(article, field.attname), connection)
                        if hasattr(value, "obj"):  # psycopg Json adapters
                            value = json.dumps(value.obj)
                        row.append(value)
                    copy.write_row(row)
        for section_pk, count in per_section.items():
            SectionIndex.objects.filter(pk=section_pk).update(numchild=count)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), MAX(id)) "
            "FROM wagtailcore_page"
        )
    seeded_s = time.perf_counter() - started

    # The search index, built by Wagtail's own backend in batches.
    started = time.perf_counter()
    from wagtail.search.backends import get_search_backend

    index = get_search_backend().get_index_for_model(ArticlePage)
    for start in range(0, len(articles), 1000):
        index.add_items(ArticlePage, articles[start : start + 1000])
    indexed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "homes": [h.url_path for h in homes.values()],
        "sections": [s.url_path for s in sections],
        "articles": [a.url_path for a in articles],
        "root_url_path": homes[root.pk].url_path,
        "seed_s": round(seeded_s, 1),
        "index_s": round(indexed_s, 1),
    }


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def public_path(url_path: str, root_url_path: str) -> str:
    return "/" + url_path[len(root_url_path) :]


# ---- queries per page ----------------------------------------------------------


def count_queries(paths: dict[str, str]) -> dict[str, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    counts = {}
    for name, path in paths.items():
        client.get(path)  # renditions and site caches exist, as on a live site
        from lantoa.newsroom.caching import bump_generation

        bump_generation()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(queries)
    cache.clear()
    return counts


# ---- server and load -----------------------------------------------------------


def start_server(
    env: dict[str, str], workers: int, worker_class: str = "gthread"
) -> subprocess.Popen[bytes]:
    # gthread: 4 threads per worker, keep-alive. sync: one request at a time per
    # worker, the connection closed after it - what gunicorn behind nginx does
    # (docs/deploy.md): a request is accepted only by an idle worker.
    threads = ["--threads", "4"] if worker_class == "gthread" else []
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lantoa.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--worker-class", worker_class, *threads,
         "--log-level", "warning"],
        cwd=REPO, env=env, start_new_session=True,
    )  # fmt: skip
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/healthz", timeout=2).status_code < 500:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local n = 0
wrk.headers["X-Forwarded-Proto"] = "https"
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%f %%f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def load(paths: list[str], seconds: int, connections: int, tmp: Path) -> dict[str, float]:
    paths_file = tmp / f"paths-{uuid.uuid4().hex}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = tmp / "bench.lua"
    script.write_text(WRK_SCRIPT % {"paths": paths_file})
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script),
         f"http://127.0.0.1:{PORT}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    requests, duration_us, p50, p95, errors = line.split()[1:]
    return {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "errors": int(errors),
    }


def warm(paths: list[str]) -> None:
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{PORT}", headers={"X-Forwarded-Proto": "https"},
                      timeout=60) as client:  # fmt: skip
        for path in paths:
            client.get(path)


def warm_every_worker(paths: list[str], *, in_a_row: int = 6, limit: int = 40) -> float:
    """Visit each path on new connections until it answers from the page cache
    `in_a_row` times running: each gunicorn worker keeps its own local-memory
    cache, and a keep-alive client would only ever reach one of them. Returns
    the share of answers that were hits."""
    import httpx

    hits = total = 0
    headers = {"X-Forwarded-Proto": "https", "Connection": "close"}
    with httpx.Client(base_url=f"http://127.0.0.1:{PORT}", headers=headers, timeout=60) as client:
        for path in paths:
            streak = 0
            for _ in range(limit):
                hit = client.get(path).headers.get("X-Lantoa-Cache") == "hit"
                hits, total = hits + hit, total + 1
                streak = streak + 1 if hit else 0
                if streak >= in_a_row:
                    break
    return hits / total if total else 0.0


# ---- main ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class",
        choices=("gthread", "sync"),
        default="gthread",
        help="gthread: WORKERS x 4 threads; sync: WORKERS processes, as docs/deploy.md deploys",
    )
    parser.add_argument("--server", default=DEFAULT_SERVER)
    parser.add_argument("--reuse", metavar="DATABASE", help="time a kept bench database again")
    parser.add_argument(
        "--seed-only", action="store_true", help="seed a database, keep it and stop (for --reuse)"
    )
    parser.add_argument(
        "--cache",
        choices=("locmem", "redis"),
        default="locmem",
        help="locmem: one cache per worker process; redis: shared, as in production "
        "(127.0.0.1:6379, database 14, flushed first)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/site.py needs wrk: apt-get install wrk")
    print(f"load average: {os.getloadavg()}")
    if args.cache == "redis":
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=14).flushdb()
        cache_url = "rediscache://127.0.0.1:6379/14"
    else:
        # One local-memory cache per worker process, large enough for the
        # pages and renditions of the run (the default keeps 300 entries).
        cache_url = "locmemcache://bench?max_entries=200000"
    rng = random.Random(20260)
    if args.reuse:
        database: Any = contextlib.nullcontext(f"{args.server}/{args.reuse}")
    else:
        database = throwaway_postgres_database(args.server, prefix="lantoa_bench_site")
    with database as url, tempfile.TemporaryDirectory(prefix="lantoa-site-") as tmp_name:
        tmp = Path(tmp_name)
        # Media and the URL lists live beside bench/out so that --reuse finds them.
        var = OUT_DIR / f"site-{url.rsplit('/', 1)[1]}"
        var.mkdir(parents=True, exist_ok=True)
        cached_env = server_env(url, var, page_cache=True, cache_url=cache_url)
        uncached_env = server_env(url, var, page_cache=False, cache_url=cache_url)
        migrate_s = 0.0
        # Before Django is set up here: the manifest storage reads its manifest once.
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                       cwd=REPO, env=cached_env, check=True)  # fmt: skip
        if args.reuse:
            setup_django(cached_env)
            data = json.loads((var / "paths.json").read_text())
        else:
            started = time.perf_counter()
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO,
                           env=cached_env, check=True)  # fmt: skip
            migrate_s = time.perf_counter() - started
            setup_django(cached_env)
            step(f"migrated in {migrate_s:.0f} s; seeding")
            data = seed(args.sites, args.articles, rng)
            (var / "paths.json").write_text(json.dumps(data))
            if args.seed_only:
                os.environ["LANTOA_BENCH_KEEP_DB"] = "1"
                step(f"seeded; time it with --reuse {url.rsplit('/', 1)[1]}")
                return
        root = data["root_url_path"]
        homes = [public_path(p, root) for p in data["homes"]]
        sections = [public_path(p, root) for p in data["sections"]]
        articles = [public_path(p, root) for p in data["articles"]]
        searches = [f"/tim-kiem/?q={quote_plus(q)}" for q in SEARCHES]
        # Uncached runs spread over many URLs; cached runs over URLs visited once first.
        sample = {
            "home": rng.sample(homes, min(300, len(homes))),
            "article": rng.sample(articles, min(5000, len(articles))),
            "section": rng.sample(sections, min(600, len(sections))),
            "search": searches,
        }
        cached_sample = {
            "home": sample["home"][:50],
            "article": sample["article"][:200],
            "section": sample["section"][:100],
            "search": searches,
        }
        step(f"seeded in {data['seed_s']} s, indexed in {data['index_s']} s; counting queries")
        queries = count_queries(
            {
                "home": "/",
                "article": sample["article"][0],
                "section": sample["section"][0],
                "search": searches[0],
            }
        )
        rows: list[list[Any]] = []
        results: dict[str, Any] = {"queries": queries, "seed": data, "migrate_s": migrate_s}
        results["seed"] = {k: v for k, v in data.items() if k.endswith("_s")}

        # Uncached: every request renders (page cache off); renditions warmed first.
        step("uncached runs")
        server = start_server(uncached_env, args.workers, args.worker_class)
        try:
            warm(sample["article"][:100] + sample["home"][:20])  # renditions exist
            for name in ("home", "article", "section", "search"):
                step(f"uncached {name}")
                results[f"uncached_{name}"] = load(
                    sample[name], args.seconds, args.connections, tmp
                )
        finally:
            stop_server(server)

        # Cached, and a static file of an article page's size, from one server run.
        import httpx

        server = start_server(cached_env, args.workers, args.worker_class)
        try:
            article_html = httpx.get(
                f"http://127.0.0.1:{PORT}{sample['article'][0]}",
                headers={"X-Forwarded-Proto": "https"},
            ).content
            stop_server(server)
            static_dir = var / "static"
            (static_dir / "bench-article.html").write_bytes(article_html)
            server = start_server(cached_env, args.workers, args.worker_class)
            for name in ("home", "article", "section", "search"):
                step(f"cached {name}")
                # Each worker keeps its own cache: every worker must have seen
                # every URL, then an unmeasured run.
                warm_every_worker(cached_sample[name])
                load(cached_sample[name], max(3, args.seconds // 2), args.connections, tmp)
                results[f"cached_{name}"] = load(
                    cached_sample[name], args.seconds, args.connections, tmp
                )
            results["static_file"] = load(
                ["/static/bench-article.html"], args.seconds, args.connections, tmp
            )
            results["static_file"]["bytes"] = len(article_html)
        finally:
            stop_server(server)

    static_rps = results["static_file"]["rps"]
    for name in ("home", "article", "section", "search"):
        for mode in ("uncached", "cached"):
            r = results[f"{mode}_{name}"]
            ratio = f"{r['rps'] / static_rps:.0%}" if mode == "cached" else ""
            rows.append([f"{name} ({mode})", r["rps"], r["p50_ms"], r["p95_ms"], r["errors"],
                         queries[name] if mode == "uncached" else 0, ratio])  # fmt: skip
    s = results["static_file"]
    rows.append(
        [
            f"static file ({s['bytes']:,} B)",
            s["rps"],
            s["p50_ms"],
            s["p95_ms"],
            s["errors"],
            0,
            "100%",
        ]
    )
    shape = "× 4 threads" if args.worker_class == "gthread" else "(sync)"
    print(f"\n{args.articles:,} articles over {args.sites} unit sites; gunicorn {args.workers} "
          f"workers {shape}; wrk {args.connections} connections, {args.seconds:g} s per row; "
          f"cache: {args.cache}")  # fmt: skip
    print(
        f"seeded in {results['seed']['seed_s']} s, search index in {results['seed']['index_s']} s\n"
    )
    print_table(["page", "req/s", "p50 ms", "p95 ms", "errors", "queries", "vs static"], rows)
    article_p95 = results["uncached_article"]["p95_ms"]
    cached_min = (
        min(results[f"cached_{n}"]["rps"] for n in ("home", "article", "section")) / static_rps
    )
    verdicts = {
        "uncached article p95 < 100 ms": article_p95 < ARTICLE_P95_TARGET_MS,
        "cached pages ≥ 50% of static": cached_min >= CACHED_RATIO_TARGET,
        "article queries ≤ 15": queries["article"] <= ARTICLE_QUERY_TARGET,
    }
    print()
    for label, ok in verdicts.items():
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    results["verdicts"] = verdicts
    results["params"] = vars(args)
    results["load_average_end"] = os.getloadavg()
    print(f"load average at the end: {results['load_average_end']}")
    print(f"\nwritten: {write_json('site.json', results)}")


if __name__ == "__main__":
    main()
