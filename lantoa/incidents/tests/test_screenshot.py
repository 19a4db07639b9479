"""The snapshot's screenshot, in Debian's Chromium (skipped locally without it, fails in CI)."""

from lantoa.core.actors import SYSTEM
from lantoa.core.testing import require_tool
from lantoa.incidents.choices import ReportSource, SnapshotState
from lantoa.incidents.services import intake, snapshots


def test_reported_page_is_screenshotted_in_chromium(tree, people, public_posts, settings):
    require_tool("chromium", "the evidence screenshot is taken in Chromium")
    settings.LANTOA_INCIDENTS_SCREENSHOTS = True
    url = public_posts.add_post("chup-anh", author="Trang giả mạo", text="Tin sai về Đại hội")
    report = intake.report_create(
        actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, url=url
    )
    snap = snapshots.report_snapshot_take(actor=SYSTEM, report_id=report.pk)
    assert snap.state == SnapshotState.DONE
    assert snap.screenshot_error == ""
    png = snap.screenshot.read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 5000  # a rendered page, not an empty image


def test_no_browser_keeps_the_html_and_says_why(tree, people, public_posts, settings):
    settings.LANTOA_INCIDENTS_SCREENSHOTS = True
    settings.LANTOA_INCIDENTS_CHROMIUM = "no-such-browser"
    url = public_posts.add_post("khong-trinh-duyet", author="A", text="Tin sai")
    report = intake.report_create(
        actor=people.unit_officer, unit=tree.unit, source=ReportSource.OFFICER, url=url
    )
    snap = snapshots.report_snapshot_take(actor=SYSTEM, report_id=report.pk)
    assert snap.state == SnapshotState.DONE
    assert "Tin sai" in snap.text
    assert not snap.screenshot
    assert snap.screenshot_error == "Máy chủ không có Chromium để chụp màn hình."
