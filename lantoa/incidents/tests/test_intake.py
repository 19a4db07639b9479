"""Intake: every tip stored as given, its URL snapshotted first, nothing lost."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.incidents.choices import (
    IncidentAction,
    Platform,
    ReportSource,
    ReportState,
    SnapshotState,
)
from lantoa.incidents.models import Report, Snapshot
from lantoa.incidents.services import intake, snapshots
from lantoa.newsroom.tests.factories import png_bytes

CLAIM = "Nghe nói Đại hội Công đoàn Dầu khí bị hoãn vô thời hạn vì thiếu kinh phí!"


def test_officer_report_with_url_stores_the_page_before_anything_else(
    tree, people, public_posts, django_capture_on_commit_callbacks
):
    url = public_posts.add_post("hoan-dai-hoi", author="Trang Tin Dầu Khí 24h", text=CLAIM)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = intake.report_create(
            actor=people.unit_officer,
            unit=tree.unit,
            source=ReportSource.OFFICER,
            url=url,
            text="Trang giả mạo đăng tin hoãn Đại hội",
        )
    assert len(callbacks) == 1  # the snapshot task, after commit
    snap = Snapshot.objects.get(report=report)
    assert snap.state == SnapshotState.DONE
    assert snap.http_status == 200
    assert snap.title == "Trang Tin Dầu Khí 24h | Bài đăng công khai"
    assert CLAIM in snap.text
    assert "tracking" not in snap.text  # scripts are not the page's text
    stored = snap.html.read()
    assert hashlib.sha256(stored).hexdigest() == snap.sha256
    assert CLAIM.encode() in stored
    # The page is gone now; the evidence is not.
    public_posts.remove_post("hoan-dai-hoi")
    snap.refresh_from_db()
    assert CLAIM in snap.text
    assert report.platform == Platform.WEBSITE
    assert list(
        AuditLogEntry.objects.filter(target_id=str(report.pk))
        .order_by("pk")
        .values_list("action", "actor_name")
    ) == [
        (IncidentAction.REPORT_CREATE, ""),
        (IncidentAction.SNAPSHOT_STORE, "incidents.snapshot"),
    ]


def test_snapshot_follows_a_share_link_redirect(tree, people, public_posts):
    public_posts.add_post("chia-se", author="Nhóm kín", text=CLAIM)
    report = intake.report_create(
        actor=people.unit_officer,
        unit=tree.unit,
        source=ReportSource.OFFICER,
        url=f"{public_posts.base_url}/r/chia-se",
    )
    snapshots.report_snapshot_take(actor=SYSTEM, report_id=report.pk)
    snap = Snapshot.objects.get(report=report)
    assert snap.final_url == public_posts.post_url("chia-se")
    assert CLAIM in snap.text


def test_snapshot_is_taken_once(tree, people, public_posts):
    url = public_posts.add_post("mot-lan", author="A", text=CLAIM)
    report = intake.report_create(
        actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, url=url
    )
    first = snapshots.report_snapshot_take(actor=SYSTEM, report_id=report.pk)
    public_posts.remove_post("mot-lan")
    again = snapshots.report_snapshot_take(actor=SYSTEM, report_id=report.pk)
    assert again.pk == first.pk
    assert again.http_status == 200
    assert AuditLogEntry.objects.filter(action=IncidentAction.SNAPSHOT_STORE).count() == 1


def test_internal_addresses_are_refused_in_production(
    tree, people, settings, public_posts, django_capture_on_commit_callbacks
):
    settings.LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS = False
    url = public_posts.add_post("noi-bo", author="A", text=CLAIM)
    with django_capture_on_commit_callbacks(execute=True):
        report = intake.report_create(
            actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, url=url
        )
    snap = Snapshot.objects.get(report=report)
    assert snap.state == SnapshotState.FAILED
    assert snap.error == "Địa chỉ này không được phép truy cập từ máy chủ."
    assert list(public_posts.requests) == []  # never called
    assert not snap.html


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://10.0.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "file:///etc/passwd",
    ],
)
def test_host_guard(settings, url):
    settings.LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS = False
    assert snapshots.host_allowed(url) is False


def test_member_form_needs_no_role_and_a_screenshot_is_kept(tree, people, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    report = intake.report_create(
        actor=AnonymousUser(),
        unit=tree.child,
        source=ReportSource.MEMBER_FORM,
        text="Có nhóm Zalo nói chủ tịch công đoàn nhận hối lộ",
        screenshot=SimpleUploadedFile("chup.png", png_bytes(), content_type="image/png"),
        reporter_name="Nguyễn Văn Bình",
        reporter_contact="0912345678",
    )
    assert report.state == ReportState.NEW
    assert report.screenshot.read() == png_bytes()
    assert report.created_by is None
    assert not Snapshot.objects.filter(report=report).exists()  # no URL, nothing to fetch
    entry = AuditLogEntry.objects.get(action=IncidentAction.REPORT_CREATE)
    assert entry.actor_name == "anonymous"


def test_officer_out_of_scope_is_refused_and_nothing_is_stored(tree, people):
    with pytest.raises(PermissionDenied):
        intake.report_create(
            actor=people.sibling_officer,
            unit=tree.unit,
            source=ReportSource.OFFICER,
            text="Tin sai",
        )
    assert Report.objects.count() == 0
    assert AuditLogEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Hãy cho biết đường dẫn, nội dung hoặc ảnh chụp thông tin cần báo."),
        ({"url": "javascript:alert(1)"}, "Đường dẫn không hợp lệ"),
        ({"url": "ftp://example.vn/x"}, "Đường dẫn không hợp lệ"),
        (
            {
                "text": "x",
                "screenshot": SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf"),
            },
            "Ảnh chụp màn hình phải là tệp PNG, JPEG hoặc WebP.",
        ),
    ],
)
def test_bad_input_is_refused_in_vietnamese(tree, people, fields, message):
    with pytest.raises(InvalidInput) as refused:
        intake.report_create(
            actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, **fields
        )
    assert refused.value.message.startswith(message)
    assert Report.objects.count() == 0


def test_same_source_is_one_report(tree, people):
    first = intake.report_create(
        actor=SYSTEM,
        unit=tree.unit,
        source=ReportSource.ALERT,
        text="Cảnh báo",
        source_key="alert:7",
    )
    again = intake.report_create(
        actor=SYSTEM,
        unit=tree.unit,
        source=ReportSource.ALERT,
        text="Cảnh báo",
        source_key="alert:7",
    )
    assert again.pk == first.pk
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.facebook.com/groups/123/posts/456", Platform.FACEBOOK),
        ("https://m.facebook.com/story.php?id=1", Platform.FACEBOOK),
        ("https://www.tiktok.com/@a/video/1", Platform.TIKTOK),
        ("https://youtu.be/abc", Platform.YOUTUBE),
        ("https://t.me/kenh/12", Platform.TELEGRAM),
        ("https://zalo.me/g/abc", Platform.ZALO),
        ("https://baomoi.com/tin.html", Platform.WEBSITE),
    ],
)
def test_platform_from_url(url, platform):
    assert intake.platform_of(url) == platform


def test_dismiss_keeps_the_report_with_its_reason(tree, people):
    report = intake.report_create(
        actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, text="Tin đồn"
    )
    with pytest.raises(InvalidInput):
        intake.report_dismiss(actor=people.unit_officer, report=report, reason=" ")
    with pytest.raises(PermissionDenied):
        intake.report_dismiss(actor=people.sibling_officer, report=report, reason="Không")
    intake.report_dismiss(
        actor=people.unit_officer, report=report, reason="Ý kiến góp ý bình thường"
    )
    report.refresh_from_db()
    assert report.state == ReportState.DISMISSED
    assert report.dismissed_reason == "Ý kiến góp ý bình thường"


def test_a_listening_alert_waits_in_the_tip_inbox(tree, django_capture_on_commit_callbacks):
    from lantoa.listening.services import alerts
    from lantoa.listening.tests.test_spikes import NOW, _stream, _today

    _stream(tree.unit, per_day=10, today=_today(60, 0.1))
    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = alerts.spikes_detect(now=NOW)
    report = Report.objects.get()
    assert (report.source, report.alert, report.unit, report.state) == (
        ReportSource.ALERT,
        alert,
        alert.unit,
        ReportState.NEW,
    )
    assert report.text.startswith(f"{alert.get_kind_display()} tại {alert.unit.name}: 60 ý kiến")
    entry = AuditLogEntry.objects.get(action=IncidentAction.REPORT_CREATE)
    assert entry.actor_name == "incidents.alert_intake"
