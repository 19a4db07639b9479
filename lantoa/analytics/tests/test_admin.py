"""The dashboard screen, its scope, its drill-down and its exports.

Data: unit (KVT) has a live Telegram channel; uncle (BSR) a paused Zalo
account; root has a site. Counted units: root, parent, unit, sibling, uncle.
"""

import datetime as dt
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import dashboard_for
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.analytics.tests.factories import DeliveryFactory
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.events import DIRECTIVE_SENT, DIRECTIVE_TASK_DONE
from lantoa.campaigns.models import DirectiveTask
from lantoa.campaigns.tests.factories import DirectiveFactory, DirectiveTaskFactory
from lantoa.channels.choices import AccountState, Platform
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import events
from lantoa.core.testing import require_tool
from lantoa.newsroom.tests.factories import UnitSiteHomeFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import UserFactory, staff_user

DASHBOARD = "analytics_dashboard:index"


def officer_of(unit, role=Role.OFFICER):
    return staff_user(unit, role)


@pytest.fixture
def figures(tree, pages):
    tg = ChannelAccountFactory(unit=tree.unit, platform=Platform.TELEGRAM_CHANNEL)
    DeliveryFactory(account=tg)
    ChannelAccountFactory(unit=tree.uncle, platform=Platform.ZALO_OA, state=AccountState.PAUSED)
    UnitSiteHomeFactory(unit=tree.root)
    analytics_refresh(full=True)
    return tree


def url(name=DASHBOARD, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse(name)}?{query}" if query else reverse(name)


@pytest.mark.parametrize(
    ("holder", "code", "status"),
    [
        ("superuser", "DKVN", 200),
        ("parent", "PVGAS", 200),
        ("parent", "KVT", 200),  # drill-down inside the subtree
        ("parent", "KCM", 200),
        ("parent", "BSR", 404),  # the parent's sibling
        ("parent", "DKVN", 404),  # above the role
        ("unit", "KCM", 404),  # a sibling's figures
        ("unit", "NOPE", 404),
    ],
)
def test_dashboard_scope(client, figures, holder, code, status):
    if holder == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = officer_of(getattr(figures, holder))
    client.force_login(user)

    response = client.get(url(unit=code))

    assert response.status_code == status
    if status == 404:
        assert b"data-indicator" not in response.content


def test_without_a_role_the_dashboard_is_refused(client, figures):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)

    response = client.get(url(unit="DKVN"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_dashboard_opens_at_the_top_of_the_scope_with_drill_down(client, figures):
    client.force_login(officer_of(figures.parent))

    response = client.get(url())

    assert response.status_code == 200
    dash = response.context["dash"]
    assert dash.unit == figures.parent
    assert (dash.coverage.units, dash.coverage.units_social) == (3, 1)
    html = response.content.decode()
    assert 'data-indicator="social"' in html
    assert "33,3%" in html
    period = Period.last_months(12)
    child = f"{reverse(DASHBOARD)}?unit=KVT&amp;tu={period.first:%Y-%m}&amp;den={period.last:%Y-%m}"
    assert child in html
    # The parent's own ancestors are outside the officer's scope: no breadcrumb.
    assert response.context["ancestors"] == []


def test_month_chart_is_an_svg_with_its_numbers(client, figures):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    html = client.get(url(unit="DKVN")).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Bài đăng MXH: 1</title>" in html


def test_invalid_period_falls_back_to_the_last_twelve_months(client, figures):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(url(unit="DKVN", tu="2023-13", den="2023-01"))

    assert response.context["dash"].period == Period.last_months(12)
    assert "Tháng không hợp lệ" in response.content.decode()


def test_dashboard_query_count_is_pinned(figures, django_assert_num_queries):
    period = Period.last_months(12)
    # State + cache check, children, coverage, months, platforms, campaigns.
    with django_assert_num_queries(6):
        root = dashboard_for(figures.root, period)
    with django_assert_num_queries(6):
        unit = dashboard_for(figures.unit, period)
    assert (root.from_cache, unit.from_cache) == (True, False)


def test_xlsx_export_opens_with_the_dashboards_numbers(client, figures, tmp_path):
    client.force_login(officer_of(figures.root))

    response = client.get(url("analytics_dashboard:xlsx", unit="DKVN"))

    assert response.status_code == 200
    period = Period.last_months(12)
    assert response["Content-Disposition"] == (
        f'attachment; filename="so-lieu-DKVN-{period.first:%Y%m}-{period.last:%Y%m}.xlsx"'
    )
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path)
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo cấp",
        "Đơn vị trực thuộc",
        "Theo nền tảng",
        "Theo tháng",
    ]
    rows = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert rows["Đơn vị có kênh mạng xã hội đang hoạt động"][:3] == (1, 5, 0.2)
    assert rows["Đơn vị có trang thông tin điện tử"][:3] == (1, 5, 0.2)
    assert rows["Bài đăng mạng xã hội"][0] == 1
    branches = [r[:5] for r in book["Đơn vị trực thuộc"].iter_rows(min_row=3, values_only=True)]
    assert branches == [
        ("Công đoàn Dầu khí Việt Nam (riêng đơn vị)", "DKVN", 1, 0, 0.0),
        ("Công đoàn PV GAS", "PVGAS", 3, 1, 0.333),
        ("Công đoàn BSR", "BSR", 1, 0, 0.0),
    ]
    assert book["Đơn vị trực thuộc"]["E4"].number_format == "0.0%"
    platforms = list(book["Theo nền tảng"].iter_rows(min_row=3, values_only=True))
    assert platforms == [("Zalo OA", 1, 0, 0, 0, 0), ("Telegram Channel", 1, 1, 1, 0, 0)]


def test_xlsx_export_of_a_sibling_is_refused(client, figures):
    client.force_login(officer_of(figures.unit))

    response = client.get(url("analytics_dashboard:xlsx", unit="KCM"))

    assert response.status_code == 404
    assert response["Content-Type"] != (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_pdf_report_reads_as_a_union_report(client, figures, tmp_path):
    pdftotext = require_tool("pdftotext", "the PDF report test reads the text back")
    client.force_login(officer_of(figures.parent))

    response = client.get(url("analytics_dashboard:pdf", unit="KVT"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 — a fixed tool on a file we wrote
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in (
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kính gửi: Công đoàn PV GAS",
        "I. ĐỘ PHỦ KÊNH TRUYỀN THÔNG",
        "III. SẢN LƯỢNG NỘI DUNG",
        "V. THỰC HIỆN ĐỊNH HƯỚNG TUYÊN TRUYỀN",
        "Đơn vị có kênh mạng xã hội đang hoạt động",
        "TM. BAN THƯỜNG VỤ",
    ):
        assert heading in text, heading
    assert "Trang 1/" in text


def test_pdf_fonts_are_embedded(client, figures, tmp_path):
    pdffonts = require_tool("pdffonts", "the PDF report test lists the fonts")
    client.force_login(officer_of(figures.parent))
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(client.get(url("analytics_dashboard:pdf", unit="PVGAS")).content)

    lines = subprocess.run(  # noqa: S603
        [pdffonts, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert lines
    # Only the embedded families of the report: no system font stood in.
    assert all(line.split()[0].split("+")[1].startswith("Report-") for line in lines), lines
    assert all(" yes " in line for line in lines), lines


def test_compliance_change_shows_after_the_refresh(
    client, figures, django_capture_on_commit_callbacks
):
    due = timezone.now() + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        directive = DirectiveFactory(sender_unit=figures.root, sent=True, due_at=due)
        done = DirectiveTaskFactory(directive=directive, unit=figures.unit)
        DirectiveTaskFactory(directive=directive, unit=figures.uncle)
        # What `directive_send` announces with the tasks it made.
        events.announce(
            DIRECTIVE_SENT, directive_id=directive.pk, sender_unit_id=figures.root.pk, task_count=2
        )
    analytics_refresh()
    client.force_login(officer_of(figures.root))
    params = {"unit": "DKVN", "tu": f"{timezone.localdate():%Y-%m}", "den": f"{due:%Y-%m}"}
    before = client.get(url(**params)).content.decode()
    assert re.search(r'data-compliance="done">Đã hoàn thành<strong>0%</strong>0/2', before)

    DirectiveTask.objects.filter(pk=done.pk).update(state=TaskState.DONE, done_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(DIRECTIVE_TASK_DONE, task_id=done.pk, unit_id=figures.unit.pk, late=False)
    analytics_refresh()

    after = client.get(url(**params)).content.decode()
    assert re.search(r'data-compliance="done">Đã hoàn thành<strong>50%</strong>1/2', after)


def test_the_menu_is_offered_to_officers_only(client, figures):
    import json

    from django.contrib.auth.models import Permission

    label = json.dumps("Độ phủ và tiếp cận")[1:-1]
    client.force_login(officer_of(figures.unit))
    assert label in client.get(reverse("wagtailadmin_home")).content.decode()

    roleless = UserFactory()
    roleless.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(roleless)
    assert label not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_incidents_indicators_are_a_section_of_the_dashboard(client, figures):
    from lantoa.incidents.choices import IncidentState, Severity
    from lantoa.incidents.tests.factories import IncidentFactory

    def local(*args):
        return dt.datetime(*args, tzinfo=timezone.get_default_timezone())

    detected = local(2026, 2, 10, 8, 0)
    IncidentFactory(  # answered in 90 minutes, resolved in 300, escalated once
        unit=figures.unit,
        severity=Severity.HIGH,
        detected_at=detected,
        first_response_at=detected + dt.timedelta(minutes=90),
        resolved_at=detected + dt.timedelta(minutes=300),
        escalation_level=1,
        state=IncidentState.CLOSED,
    )
    IncidentFactory(  # in a unit below, answered in 30 minutes, still open
        unit=figures.child,
        detected_at=local(2026, 3, 31, 23, 30),
        first_response_at=local(2026, 4, 1, 0, 0),
    )
    IncidentFactory(unit=figures.unit, detected_at=local(2026, 4, 1, 0, 5))  # after the period
    IncidentFactory(unit=figures.uncle, detected_at=detected)  # another branch
    officer = officer_of(figures.parent)
    client.force_login(officer)

    response = client.get(url(unit="PVGAS", tu="2026-01", den="2026-03"))

    assert response.status_code == 200
    data = response.context["incidents"]
    assert (data.since, data.until) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    total = data.total
    assert (total.count, total.open, total.responded, total.escalated) == (2, 1, 2, 1)
    assert (total.median_first_response_minutes, total.median_resolution_minutes) == (60, 300)
    high = next(r for r in data.by_severity if r.label == Severity.HIGH.label)
    assert (high.count, high.median_first_response_minutes) == (1, 90)
    by_child = {r.label: r.count for r in data.by_child}
    assert by_child[figures.unit.name] == 2
    html = response.content.decode()
    table = html[
        html.index("data-incident-indicators") : html.index(
            "</table>", html.index("data-incident-indicators")
        )
    ]
    assert "<td>2</td><td>1</td><td>2</td><td>60</td><td>300</td><td>1</td>" in table
    assert "Xem chỉ số ứng phó sự cố" in html  # an officer may open the incidents


def test_the_dashboard_shows_events_attendance_and_a_campaigns_honours(client, figures):
    from lantoa.campaigns.tests.factories import CampaignFactory
    from lantoa.core.actors import SYSTEM
    from lantoa.events.services import attendance
    from lantoa.events.tests.factories import event_approved, register
    from lantoa.honours.choices import NominationState
    from lantoa.honours.services import nominations
    from lantoa.honours.tests.factories import nominate, round_open
    from lantoa.org.tests.factories import MemberFactory

    today = timezone.localdate()
    campaign = CampaignFactory(
        unit=figures.root,
        starts_on=today.replace(day=1),
        ends_on=today + dt.timedelta(days=30),
    )
    nomination = nominate(
        round_open(figures.root, campaign_ref=campaign.public_id),
        figures.unit,
        MemberFactory(unit=figures.unit),
    )
    while nomination.state == NominationState.IN_REVIEW:
        nomination = nominations.nomination_approve(actor=SYSTEM, nomination=nomination)
    now = timezone.now()
    event = event_approved(
        figures.unit,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        registration_closes_at=now + dt.timedelta(minutes=30),
    )
    for _ in range(3):
        code = register(event, MemberFactory(unit=figures.child)).code
        attendance.checkin_record(actor=SYSTEM, event=event, code=code)
    analytics_refresh(full=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    html = client.get(url(unit="DKVN")).content.decode()

    events_card = re.search(r'<li data-output="events">(.*?)</li>', html, re.S)
    assert events_card is not None
    assert "<strong>1</strong>3 lượt điểm danh" in events_card.group(1)
    month = today.strftime("%Y-%m")
    assert re.search(rf'data-month="{month}".*?data-col="attendees">3<', html, re.S)
    assert 'data-campaign-honours="1"' in html
