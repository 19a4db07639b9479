"""Intake, nothing lost (docs/subsystems/incidents.md, "Intake").

Every tip becomes a `Report`, whatever it came through: an officer's report,
a member's public form, a tipline message, a listening alert or opinion. A
report is stored first, exactly as given; its URL is then snapshotted by a
task enqueued after commit, before any person or process looks at it.
Intake from a source with an identity (an alert, an opinion, a channel
message) is idempotent: the same source is one report.
"""

import re
import uuid
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.incidents.choices import IncidentAction, Platform, ReportSource, ReportState
from lantoa.incidents.models import Report, Snapshot
from lantoa.incidents.services.common import require_edit
from lantoa.incidents.tasks import report_snapshot_task
from lantoa.listening.public import Alert, Opinion
from lantoa.org.public import OrgUnit

MAX_TEXT = 20_000
BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(/|$)")
MAX_SCREENSHOT_BYTES = 10 * 2**20
SCREENSHOT_TYPES = {"image/png", "image/jpeg", "image/webp"}
# Sources anyone may report through (a member, a visitor, a tipline).
PUBLIC_SOURCES = frozenset({ReportSource.MEMBER_FORM, ReportSource.TIPLINE})

PLATFORM_HOSTS = {
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "fb.watch": Platform.FACEBOOK,
    "zalo.me": Platform.ZALO,
    "tiktok.com": Platform.TIKTOK,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "t.me": Platform.TELEGRAM,
    "telegram.me": Platform.TELEGRAM,
    "viber.com": Platform.VIBER,
}


def clean_url(url: str) -> str:
    """An http(s) URL, trimmed; "" for none. Refuses anything else."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url and BARE_HOST.match(url):
        url = f"https://{url}"  # "facebook.com/…" as people paste it
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 1000:
        raise InvalidInput("Đường dẫn không hợp lệ: hãy dán địa chỉ bắt đầu bằng https://")
    return url


def platform_of(url: str) -> str:
    """The platform a URL belongs to, from its host ("" when no URL)."""
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for suffix, platform in PLATFORM_HOSTS.items():
        if host == suffix or host.endswith(f".{suffix}"):
            return platform
    return Platform.WEBSITE


def _check_screenshot(upload: "UploadedFile[bytes] | None") -> None:
    if upload is None:
        return
    if upload.size is not None and upload.size > MAX_SCREENSHOT_BYTES:
        raise InvalidInput("Ảnh chụp màn hình quá lớn (tối đa 10 MB).")
    if (upload.content_type or "").lower() not in SCREENSHOT_TYPES:
        raise InvalidInput("Ảnh chụp màn hình phải là tệp PNG, JPEG hoặc WebP.")


def report_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    source: str,
    text: str = "",
    url: str = "",
    platform: str = "",
    screenshot: "UploadedFile[bytes] | None" = None,
    reporter_name: str = "",
    reporter_contact: str = "",
    source_key: str = "",
    received_at: datetime | None = None,
    alert_id: int | None = None,
    opinion_id: int | None = None,
    inbound_message_id: int | None = None,
) -> Report:
    """Store one tip. Officers report for their scope; members and tiplines
    for any active unit. With `source_key`, idempotent: the report already
    stored for that key is returned unchanged. The URL's snapshot is taken
    by a task enqueued after commit."""
    if source not in ReportSource.values:
        raise InvalidInput("Nguồn tin không hợp lệ.")
    if source not in PUBLIC_SOURCES:
        require_edit(actor=actor, unit=unit)
    if not unit.is_active:
        raise InvalidInput("Đơn vị này không còn hoạt động.")
    if source_key:
        existing = Report.objects.filter(source_key=source_key).first()
        if existing is not None:
            return existing
    text = (text or "").strip()
    url = clean_url(url)
    if not (text or url or screenshot):
        raise InvalidInput("Hãy cho biết đường dẫn, nội dung hoặc ảnh chụp thông tin cần báo.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Nội dung dài quá {MAX_TEXT:,} ký tự.".replace(",", "."))
    if platform and platform not in Platform.values:
        raise InvalidInput("Nền tảng không hợp lệ.")
    _check_screenshot(screenshot)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                unit=unit,
                source=source,
                source_key=source_key or f"{source}:{uuid.uuid4()}",
                url=url,
                platform=platform or platform_of(url),
                text=text,
                reporter_name=reporter_name.strip()[:200],
                reporter_contact=reporter_contact.strip()[:200],
                received_at=received_at or timezone.now(),
                created_by_id=actor_user_id(actor),
                alert_id=alert_id,
                opinion_id=opinion_id,
                inbound_message_id=inbound_message_id,
            )
            if screenshot is not None:
                report.screenshot.save(screenshot.name or "anh-chup.png", screenshot, save=True)
            audit_record(
                actor=actor,
                action=IncidentAction.REPORT_CREATE,
                target=report,
                unit_path=unit.path,
                data={"source": source, "url": url},
            )
            if url:
                _snapshot_after_commit(report)
    except IntegrityError:
        # Two deliveries of the same source raced; the other one stored it.
        existing = Report.objects.filter(source_key=source_key).first() if source_key else None
        if existing is None:
            raise
        return existing
    return report


def _snapshot_after_commit(report: Report) -> None:
    Snapshot.objects.create(report=report, url=report.url)
    transaction.on_commit(partial(report_snapshot_task.enqueue, report_id=report.pk))


@transaction.atomic
def report_dismiss(*, actor: Actor, report: Report, reason: str) -> Report:
    """Not an incident: kept, with the reason, never deleted."""
    report = Report.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)
    require_edit(actor=actor, unit=report.unit)
    if report.state != ReportState.NEW:
        raise InvalidInput("Tin báo này đã được xử lý.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Hãy ghi lý do không coi đây là sự cố.")
    report.state = ReportState.DISMISSED
    report.dismissed_reason = reason[:500]
    report.save(update_fields=["state", "dismissed_reason"])
    audit_record(
        actor=actor,
        action=IncidentAction.REPORT_DISMISS,
        target=report,
        unit_path=report.unit.path,
        data={"reason": report.dismissed_reason},
    )
    return report


def report_from_alert(*, actor: Actor, alert: Alert) -> Report:
    """The listening alert as a report (once per alert)."""
    words = ", ".join(str(w) for w in (alert.top_keywords or [])[:8])
    text = (
        f"{alert.get_kind_display()} tại {alert.unit.name}: {alert.count} ý kiến "
        f"({alert.negative_count} tiêu cực), bình thường khoảng {alert.baseline_mean:.0f}."
        + (f" Từ khoá: {words}." if words else "")
    )
    return report_create(
        actor=actor,
        unit=alert.unit,
        source=ReportSource.ALERT,
        text=text,
        source_key=f"alert:{alert.pk}",
        received_at=alert.created_at,
        alert_id=alert.pk,
    )


def report_from_opinion(*, actor: Actor, opinion: Opinion) -> Report:
    """A toxic or false-looking comment as a report (once per opinion)."""
    return report_create(
        actor=actor,
        unit=opinion.unit,
        source=ReportSource.OPINION,
        text=opinion.text,
        url=opinion.source_url,
        source_key=f"opinion:{opinion.pk}",
        received_at=opinion.received_at,
        opinion_id=opinion.pk,
    )
