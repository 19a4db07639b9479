"""The hot path of a personal short link: who is a bot, the day's visitor
hash, and recording one click exactly once (docs/subsystems/advocacy.md,
"Clicks").

No address is ever stored: a click keeps a keyed hash (HMAC-SHA256) of the
client address and browser under a random key of the day. The key lives in
the database for the day and the next one, then is destroyed
(`visitor_keys_forget`), after which nobody — not even we — can tell whose
click it was; within a day the same visitor gives the same hash, which is
what counts unique clicks.

With `LANTOA_ADVOCACY_CLICK_QUEUE` (a Redis URL) a click is one `RPUSH` of
its record and the drain (`clicks_drain`, every 10 seconds) stores the
records under their unique key, so a drain that dies after its commit and
runs again stores nothing twice. Without it, the click is one INSERT.
"""

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.advocacy.models import Click, ShareLink, VisitorKey
from lantoa.core import write_queue

QUEUE_KEY = "lantoa:advocacy:clicks"
DRAIN_LOCK = "lantoa:advocacy:clicks:drain"
DRAIN_BATCH = write_queue.DRAIN_BATCH
LINK_CACHE_SECONDS = 60.0

# Link previews, crawlers and tools (lower-case parts of their User-Agent):
# redirected (so previews work) but never counted. Plain substring tests: this
# runs on every click.
BOT_AGENT_PARTS = (
    "bot", "crawl", "spider", "slurp", "facebookexternalhit", "preview", "headless",
    "curl/", "wget/", "python-", "httpx", "okhttp", "go-http-client", "java/", "libwww",
    "lighthouse", "embedly", "whatsapp", "discord", "slack", "pinterest", "vkshare",
)  # fmt: skip
PREFETCH_HEADERS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_bot(meta: Mapping[str, Any]) -> bool:
    """True for a request no person made: a crawler, a link preview, a
    prefetch or prerender, or a HEAD request."""
    if meta.get("REQUEST_METHOD", "GET") not in ("GET", "POST"):
        return True
    agent = str(meta.get("HTTP_USER_AGENT", "")).lower()
    if not agent or any(part in agent for part in BOT_AGENT_PARTS):
        return True
    for header in PREFETCH_HEADERS:
        value = meta.get(header)
        if value and any(p in str(value).lower() for p in ("prefetch", "preview", "prerender")):
            return True
    return False


# -- the day's key ----------------------------------------------------------------

_keys: dict[dt.date, bytes] = {}
_keys_lock = threading.Lock()


def day_key(day: dt.date) -> bytes:
    """The random key of `day` (made by the first process that needs it)."""
    key = _keys.get(day)
    if key is not None:
        return key
    with _keys_lock:
        row = VisitorKey.objects.filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = VisitorKey.objects.create(day=day, key=secrets.token_hex(32))
            except IntegrityError:
                row = VisitorKey.objects.get(day=day)
        key = bytes.fromhex(row.key)
        _keys.clear()  # only today's key stays in memory
        _keys[day] = key
    return key


def forget_keys_in_memory() -> None:
    _keys.clear()


def visitor_hash(day: dt.date, address: str, agent: str) -> str:
    message = f"{address}\n{agent}".encode()
    return hmac.new(day_key(day), message, hashlib.sha256).hexdigest()[:32]


# -- links ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    link_id: int
    url: str


def tagged_url(url: str, *, network: str, campaign: str, code: str) -> str:
    """`url` with the UTM parameters of a personal link (existing ones replaced)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not k.startswith("utm_")]
    query += [
        ("utm_source", network),
        ("utm_medium", "dai-su"),
        ("utm_campaign", campaign),
        ("utm_content", code),
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


_targets: dict[str, tuple[float, Target | None]] = {}


def target_of(code: str) -> Target | None:
    """The link behind `code` (cached in the process for a minute)."""
    now = time.monotonic()
    cached = _targets.get(code)
    if cached is not None and now - cached[0] < LINK_CACHE_SECONDS:
        return cached[1]
    link = ShareLink.objects.select_related("kit").filter(code=code).first()
    target = (
        Target(
            link.pk,
            tagged_url(link.kit.url, network=link.network, campaign=link.kit.slug, code=code),
        )
        if link is not None
        else None
    )
    if len(_targets) > 100_000:
        _targets.clear()
    _targets[code] = (now, target)
    return target


# -- recording --------------------------------------------------------------------


def queue() -> Any:
    return write_queue.queue_client("LANTOA_ADVOCACY_CLICK_QUEUE")


_day_cache: list[Any] = [0.0, None]


def _local_day(now: dt.datetime) -> dt.date:
    """Today in Vietnam, recomputed at most once a second (hot path)."""
    stamp = now.timestamp()
    if stamp - _day_cache[0] >= 1.0 or _day_cache[1] is None:
        _day_cache[0], _day_cache[1] = stamp, timezone.localdate(now)
    return _day_cache[1]  # type: ignore[no-any-return]


def click_record(*, link_id: int, meta: Mapping[str, Any]) -> bool:
    """Count one click on link `link_id` unless a bot made it. True when counted."""
    if is_bot(meta):
        return False
    now = timezone.now()
    day = _local_day(now)
    visitor = visitor_hash(
        day, str(meta.get("REMOTE_ADDR", "")), str(meta.get("HTTP_USER_AGENT", ""))
    )
    key = os.urandom(16).hex()
    redis = queue()
    if redis is not None:
        redis.rpush(QUEUE_KEY, f"{key}|{link_id}|{day.isoformat()}|{visitor}|{now.timestamp():.3f}")
    else:
        Click.objects.create(key=key, link_id=link_id, day=day, visitor=visitor, at=now)
    return True


def _parse(raw: bytes) -> Click:
    key, link_id, day, visitor, at = raw.decode().split("|")
    return Click(
        key=key,
        link_id=int(link_id),
        day=dt.date.fromisoformat(day),
        visitor=visitor,
        at=dt.datetime.fromtimestamp(float(at), tz=dt.UTC),
    )


def _store(records: list[bytes]) -> None:
    rows = [_parse(r) for r in records]
    known = set(
        ShareLink.objects.filter(pk__in={r.link_id for r in rows}).values_list("pk", flat=True)
    )
    Click.objects.bulk_create([r for r in rows if r.link_id in known], ignore_conflicts=True)


def clicks_drain(*, batch: int = DRAIN_BATCH) -> int:
    """Move the queued clicks into the database; returns how many were read.
    One drainer at a time; the records leave the queue only after their rows
    are committed, and rows are unique by click key, so a repeated drain
    stores nothing twice (lantoa/core/write_queue.py)."""
    redis = queue()
    if redis is None:
        return 0
    return write_queue.drain(redis, key=QUEUE_KEY, lock=DRAIN_LOCK, store=_store, batch=batch)


def visitor_keys_forget(*, today: dt.date | None = None) -> int:
    """Destroy the keys of days before yesterday; returns how many."""
    today = today or timezone.localdate()
    deleted, _ = VisitorKey.objects.filter(day__lt=today - dt.timedelta(days=1)).delete()
    forget_keys_in_memory()
    return deleted


# -- the redirect itself ----------------------------------------------------------


def redirect_for(code: str, meta: Mapping[str, Any]) -> str | None:
    """Where `code` leads (counting the click); None for an unknown code."""
    target = target_of(code)
    if target is None:
        return None
    click_record(link_id=target.link_id, meta=meta)
    return target.url


CODE = re.compile(r"^/l/([A-Za-z0-9]{4,16})/?$")


def wsgi_application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The short-link server on its own (`lantoa.advocacy.wsgi`): the
    redirect without Django's middleware, for a links host under heavy load.
    `/l/<code>` answers 302 to the tagged address; anything else 404."""
    found = CODE.match(environ.get("PATH_INFO", ""))
    location = redirect_for(found.group(1), environ) if found else None
    if location is None:
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"Not found"]
    start_response(
        "302 Found",
        [
            ("Location", location),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer-when-downgrade"),
            ("Content-Length", "0"),
        ],
    )
    return [b""]
