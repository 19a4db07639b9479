"""Reading outlets' RSS/Atom feeds into the clipping inbox, and logging a
feed item as a clipping (docs/subsystems/press.md, "Feeds")."""

import calendar
import datetime as dt
import logging
from typing import Any

import feedparser
import httpx
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import search_key
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm
from lantoa.press.choices import ClippingSource, PressAction, ReleaseState, Tone
from lantoa.press.models import Clipping, FeedItem, Outlet, PressRelease
from lantoa.press.services.clippings import clipping_save, clipping_url

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 5 * 1024 * 1024
FEED_TIMEOUT_SECONDS = 15.0
RECENT_RELEASE_DAYS = 60


def _fetch(url: str, etag: str) -> tuple[int, bytes, str]:
    headers = {"User-Agent": "Lantoa press clipping reader"}
    if etag:
        headers["If-None-Match"] = etag
    with (
        httpx.Client(
            timeout=FEED_TIMEOUT_SECONDS, follow_redirects=True, max_redirects=3
        ) as client,
        client.stream("GET", url, headers=headers) as response,
    ):
        body = b""
        if response.status_code == 200:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_FEED_BYTES:
                    raise InvalidInput("RSS/Atom quá lớn (hơn 5 MB).")
        return response.status_code, body, response.headers.get("ETag", "")


def _published(entry: Any) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def watch_terms(outlet: Outlet) -> list[str]:
    """What makes an article relevant to the outlet's unit: the unit's names
    and the titles of its releases sent lately (folded, as `search_key`)."""
    unit = outlet.unit
    terms = [unit.name, getattr(unit, "short_name", "")]
    since = timezone.now() - dt.timedelta(days=RECENT_RELEASE_DAYS)
    terms += PressRelease.objects.filter(
        unit=unit, state=ReleaseState.SENT, sent_at__gte=since
    ).values_list("title", flat=True)
    return sorted({search_key(t) for t in terms if t and t.strip()})


def _matches(terms: list[str], *texts: str) -> list[str]:
    haystack = search_key(" ".join(texts))
    return [t for t in terms if t in haystack]


def outlet_feed_read(*, actor: Actor, outlet_id: int) -> int:
    """Read the outlet's feed once and add its new articles to the inbox
    (once per article: the feed's id, else the link, is unique per outlet).
    A 304 or an unreachable feed adds nothing; the error is kept on the
    outlet for its officers. Returns how many articles were new."""
    outlet = Outlet.objects.select_related("unit").filter(pk=outlet_id, active=True).first()
    if outlet is None or not outlet.feed_url:
        return 0
    require_perm(actor, Perm.CONTENT_EDIT, outlet.unit)
    etag = outlet.feed_etag
    try:
        status, body, new_etag = _fetch(outlet.feed_url, etag)
    except (httpx.HTTPError, InvalidInput) as exc:
        message = str(exc) or type(exc).__name__
        Outlet.objects.filter(pk=outlet.pk).update(
            feed_checked_at=timezone.now(), feed_error=f"Không đọc được RSS/Atom: {message}"[:500]
        )
        return 0
    if status == 304:
        Outlet.objects.filter(pk=outlet.pk).update(feed_checked_at=timezone.now(), feed_error="")
        return 0
    if status != 200:
        Outlet.objects.filter(pk=outlet.pk).update(
            feed_checked_at=timezone.now(), feed_error=f"Máy chủ trả về mã {status}."
        )
        return 0
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        Outlet.objects.filter(pk=outlet.pk).update(
            feed_checked_at=timezone.now(), feed_error="Nội dung không phải RSS/Atom hợp lệ."
        )
        return 0
    terms = watch_terms(outlet)
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "")
        try:
            url = clipping_url(link)
        except InvalidInput:
            continue
        title = " ".join(str(entry.get("title") or "").split())[:500]
        if not title:
            continue
        summary = str(entry.get("summary") or "")[:5000]
        items.append(
            FeedItem(
                outlet=outlet,
                guid=str(entry.get("id") or url)[:500],
                url=url,
                title=title,
                summary=summary,
                published_at=_published(entry),
                matched_terms=_matches(terms, title, summary),
            )
        )
    with transaction.atomic():
        known = set(
            FeedItem.objects.filter(outlet=outlet, guid__in=[i.guid for i in items]).values_list(
                "guid", flat=True
            )
        )
        new = [i for i in items if i.guid not in known]
        FeedItem.objects.bulk_create(new, ignore_conflicts=True)
        Outlet.objects.filter(pk=outlet.pk).update(
            feed_checked_at=timezone.now(), feed_error="", feed_etag=new_etag[:200]
        )
    return len(new)


def outlets_feeds_read(*, actor: Actor) -> int:
    """Read every active outlet's feed (the periodic job). Returns how many
    articles were new."""
    total = 0
    for pk in Outlet.objects.filter(active=True).exclude(feed_url="").values_list("pk", flat=True):
        total += outlet_feed_read(actor=actor, outlet_id=pk)
    return total


@transaction.atomic
def feed_item_log(
    *,
    actor: Actor,
    item: FeedItem,
    tone: str = Tone.NEUTRAL,
    reach: int | None = None,
    release: PressRelease | None = None,
    campaign_ref: Any = None,
) -> Clipping:
    """Log a feed article as a clipping of the outlet's unit (once: a second
    call returns the same clipping). Needs `Perm.CONTENT_EDIT` at the unit."""
    item = FeedItem.objects.select_for_update().select_related("outlet__unit").get(pk=item.pk)
    if item.clipping_id is not None:
        return Clipping.objects.get(pk=item.clipping_id)
    published = item.published_at or item.fetched_at
    clipping = clipping_save(
        actor=actor,
        clipping=Clipping(
            unit=item.outlet.unit,
            outlet=item.outlet,
            url=item.url,
            title=item.title,
            published_on=timezone.localdate(published),
            tone=tone,
            reach=reach,
            excerpt=item.summary[:2000],
            release=release,
            campaign_ref=campaign_ref,
            source=ClippingSource.FEED,
        ),
    )
    item.clipping = clipping
    item.save(update_fields=["clipping"])
    return clipping


@transaction.atomic
def feed_item_dismiss(*, actor: Actor, item: FeedItem) -> FeedItem:
    """Hide an article that is not about the unit's work from the inbox."""
    require_perm(actor, Perm.CONTENT_EDIT, item.outlet.unit)
    if item.dismissed_at is None:
        item.dismissed_at = timezone.now()
        item.save(update_fields=["dismissed_at"])
        audit_record(
            actor=actor,
            action=PressAction.FEED_ITEM_DISMISS,
            target=item,
            unit_path=item.outlet.unit.path,
            data={"url": item.url},
        )
    return item
