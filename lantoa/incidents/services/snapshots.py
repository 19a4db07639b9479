"""Snapshots of reported URLs (worker side: slow, never enqueues).

The page is fetched once, as a plain HTTP client: the HTML is stored as it
came (private storage, with its SHA-256), its visible text extracted; then,
where Chromium is available, the page is rendered and screenshotted. Both
refuse addresses inside the deployment's network (loopback, private,
link-local…), for the page and for every redirect and sub-resource, unless
`LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS` allows them (tests, the dev stack).
"""

import hashlib
import ipaddress
import logging
import shutil
import socket
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.incidents.choices import IncidentAction, SnapshotState, TimelineKind
from lantoa.incidents.models import Report, Snapshot
from lantoa.incidents.services.common import timeline_add

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_TEXT = 200_000
USER_AGENT = "Mozilla/5.0 (compatible; Lantoa evidence snapshot)"


class SnapshotRefused(Exception):
    """The URL may not or could not be fetched; the message is Vietnamese."""


@dataclass(frozen=True)
class Fetched:
    final_url: str
    status: int
    content_type: str
    body: bytes


def _private_allowed() -> bool:
    return bool(getattr(settings, "LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS", False))


@lru_cache(maxsize=256)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as exc:
        raise SnapshotRefused(f"Không tìm thấy máy chủ «{host}».") from exc
    return tuple(sorted({str(info[4][0]) for info in infos}))


def host_allowed(url: str) -> bool:
    """Whether `url` may be fetched: http(s), and no address of its host is
    internal (unless private hosts are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if _private_allowed():
        return True
    try:
        addresses = _resolve(parts.hostname)
    except SnapshotRefused:
        return False
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            return False
    return True


def fetch(url: str) -> Fetched:
    """GET `url`, following at most 5 redirects, each one checked; at most
    `LANTOA_INCIDENTS_SNAPSHOT_MAX_BYTES` are read."""
    limit = int(settings.LANTOA_INCIDENTS_SNAPSHOT_MAX_BYTES)
    timeout = float(settings.LANTOA_INCIDENTS_SNAPSHOT_TIMEOUT)
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if not host_allowed(url):
                raise SnapshotRefused("Địa chỉ này không được phép truy cập từ máy chủ.")
            with client.stream("GET", url, headers={"User-Agent": USER_AGENT}) as response:
                if response.is_redirect and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        body = body[:limit]
                        break
                return Fetched(
                    final_url=str(response.url),
                    status=response.status_code,
                    content_type=response.headers.get("Content-Type", "")[:200],
                    body=body,
                )
    raise SnapshotRefused("Đường dẫn chuyển hướng quá nhiều lần.")


def page_text(html: bytes) -> tuple[str, str]:
    """(title, visible text) of an HTML page; meta descriptions first, since
    social platforms put the post's text there."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg"]):
        tag.decompose()
    title = " ".join((soup.title.get_text() if soup.title else "").split())
    metas = []
    for name in ("og:title", "og:description", "description", "twitter:description"):
        found = soup.find("meta", attrs={"property": name}) or soup.find(
            "meta", attrs={"name": name}
        )
        content = " ".join(str(found.get("content") or "").split()) if found else ""
        if content and content not in metas:
            metas.append(content)
    body = " ".join(soup.get_text(" ").split())
    text = "\n".join([*metas, body]).strip()
    return title[:500], text[:MAX_TEXT]


def screenshot(url: str) -> bytes:
    """A PNG of `url` rendered by Chromium (JavaScript on, as a reader sees
    it); every request the page makes is checked like the page itself."""
    from playwright.sync_api import Route, sync_playwright

    executable = shutil.which(str(settings.LANTOA_INCIDENTS_CHROMIUM))
    if not executable:
        raise SnapshotRefused("Máy chủ không có Chromium để chụp màn hình.")

    def guard(route: Route) -> None:
        if host_allowed(route.request.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(
                locale="vi-VN", viewport={"width": 1280, "height": 1600}, service_workers="block"
            )
            page = context.new_page()
            page.route("**/*", guard)
            page.goto(url, wait_until="load", timeout=30_000)
            return page.screenshot(full_page=False, type="png")
        finally:
            browser.close()


def report_snapshot_take(*, actor: Actor, report_id: int) -> Snapshot | None:
    """Fetch and store the report's URL. Idempotent: a snapshot already taken
    (done or failed) is returned unchanged. Runs outside any transaction
    while it talks to the page; writes what it got in one."""
    report = Report.objects.select_related("unit", "incident").filter(pk=report_id).first()
    if report is None or not report.url:
        return None
    snap, _ = Snapshot.objects.get_or_create(report=report, defaults={"url": report.url})
    if snap.state != SnapshotState.PENDING:
        return snap
    html_bytes = b""
    try:
        fetched = fetch(snap.url)
        html_bytes = fetched.body
        title, text = page_text(html_bytes) if "html" in fetched.content_type.lower() else ("", "")
        if not text and fetched.content_type.lower().startswith("text/"):
            text = html_bytes.decode("utf-8", errors="replace")[:MAX_TEXT]
        snap.final_url = fetched.final_url[:1000]
        snap.http_status = fetched.status
        snap.content_type = fetched.content_type
        snap.title, snap.text = title, text
        snap.sha256 = hashlib.sha256(html_bytes).hexdigest()
        snap.state = SnapshotState.DONE
    except (SnapshotRefused, httpx.HTTPError) as exc:
        snap.state = SnapshotState.FAILED
        snap.error = (str(exc) or type(exc).__name__)[:500]
    png = b""
    if snap.state == SnapshotState.DONE and settings.LANTOA_INCIDENTS_SCREENSHOTS:
        try:
            png = screenshot(snap.url)
        except Exception as exc:  # noqa: BLE001 — a browser failure must not lose the HTML
            snap.screenshot_error = (str(exc).splitlines() or [type(exc).__name__])[0][:500]
            logger.warning("snapshot %s: no screenshot: %s", snap.pk, snap.screenshot_error)
    with transaction.atomic():
        locked = Snapshot.objects.select_for_update(of=("self",)).get(pk=snap.pk)
        if locked.state != SnapshotState.PENDING:
            return locked  # another run stored it meanwhile
        snap.fetched_at = timezone.now()
        if html_bytes:
            snap.html.save(f"{report.public_id}.html", ContentFile(html_bytes), save=False)
        if png:
            snap.screenshot.save(f"{report.public_id}.png", ContentFile(png), save=False)
        snap.save()
        audit_record(
            actor=actor,
            action=IncidentAction.SNAPSHOT_STORE,
            target=report,
            unit_path=report.unit.path,
            data={"state": snap.state, "sha256": snap.sha256, "error": snap.error},
        )
        if report.incident is not None:
            timeline_add(
                incident=report.incident,
                actor=actor,
                kind=TimelineKind.SNAPSHOT,
                text=snapshot_sentence(snap),
            )
    return snap


def snapshot_sentence(snap: Snapshot) -> str:
    if snap.state == SnapshotState.DONE:
        return f"Đã lưu bằng chứng của {snap.url} (mã HTTP {snap.http_status})."
    return f"Không lưu được bằng chứng của {snap.url}: {snap.error}"
