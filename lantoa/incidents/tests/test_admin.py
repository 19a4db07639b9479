"""The incidents back office and the public report form, through the test client."""

import pytest
from django.urls import reverse

from lantoa.incidents.choices import IncidentState, ReportSource, ReportState
from lantoa.incidents.models import Incident, Report
from lantoa.incidents.tests.factories import IncidentFactory, ReportFactory
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org.services import sync_admin_access


@pytest.fixture
def officer_client(client, people):
    sync_admin_access(people.unit_officer)
    client.force_login(people.unit_officer)
    return client


def test_public_form_stores_a_members_report(client, tree, settings):
    response = client.post(
        reverse("incidents:report"),
        {
            "unit": tree.child.pk,
            "text": "Trang giả mạo công đoàn thu tiền",
            "reporter_name": "Bình",
        },
    )
    assert response.status_code == 200
    assert "Cảm ơn bạn đã báo tin" in response.content.decode()
    report = Report.objects.get()
    assert (report.unit, report.source, report.reporter_name) == (
        tree.child,
        ReportSource.MEMBER_FORM,
        "Bình",
    )


def test_public_form_refuses_empty_and_traps_robots(client, tree):
    empty = client.post(reverse("incidents:report"), {"unit": tree.unit.pk})
    assert "Hãy cho biết đường dẫn, nội dung hoặc ảnh chụp" in empty.content.decode()
    robot = client.post(
        reverse("incidents:report"), {"unit": tree.unit.pk, "text": "spam", "website": "x"}
    )
    assert robot.status_code == 200
    assert Report.objects.count() == 0


def test_public_form_is_rate_limited(client, tree, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LANTOA_INCIDENTS_REPORT_RATE = "2/600"
    for n in range(2):
        client.post(reverse("incidents:report"), {"unit": tree.unit.pk, "text": f"Tin {n}"})
    third = client.post(reverse("incidents:report"), {"unit": tree.unit.pk, "text": "Tin 3"})
    assert third.status_code == 429
    assert Report.objects.count() == 2


def test_one_click_from_an_opinion_opens_an_incident(officer_client, tree, people):
    opinion = OpinionFactory(unit=tree.child, text="Chủ tịch công đoàn ăn chặn thưởng Tết")
    page = officer_client.get(reverse("listening_opinions:inspect", args=[opinion.pk]))
    url = f"{reverse('incidents_incidents:open')}?opinion={opinion.pk}"
    assert url in page.content.decode()
    form = officer_client.get(url)
    assert "Chủ tịch công đoàn ăn chặn thưởng Tết" in form.content.decode()
    response = officer_client.post(
        url,
        {
            "opinion": opinion.pk,
            "unit": tree.child.pk,
            "title": "Tin ăn chặn thưởng Tết",
            "claim": opinion.text,
            "category": "false_claim",
            "severity": 2,
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents_incidents:detail", args=[incident.pk])
    report = incident.reports.get()
    assert (report.source, report.opinion, report.state) == (
        ReportSource.OPINION,
        opinion,
        ReportState.ATTACHED,
    )


def test_sibling_opinion_cannot_be_used(officer_client, tree):
    opinion = OpinionFactory(unit=tree.sibling, text="Tin của đơn vị khác")
    form = officer_client.get(f"{reverse('incidents_incidents:open')}?opinion={opinion.pk}")
    assert "Tin của đơn vị khác" not in form.content.decode()


def test_detail_page_shows_steps_facts_and_timeline(officer_client, tree, people):
    incident = IncidentFactory(unit=tree.unit, claim="Đoàn phí tăng gấp đôi")
    page = officer_client.get(reverse("incidents_incidents:detail", args=[incident.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert incident.title in text
    assert "Soạn phản hồi" in text


def test_report_pdf_opens(officer_client, tree):
    incident = IncidentFactory(unit=tree.unit, state=IncidentState.RESOLVED)
    response = officer_client.get(reverse("incidents_incidents:report_pdf", args=[incident.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_inbox_lists_new_reports_of_the_scope_only(officer_client, tree):
    mine = ReportFactory(unit=tree.child, text="Tin của tổ")
    ReportFactory(unit=tree.sibling, text="Tin của Cà Mau")
    page = officer_client.get(reverse("incidents_reports:index")).content.decode()
    assert "Tin của tổ" in page
    assert "Tin của Cà Mau" not in page
    assert f"?report={mine.pk}" in page


def test_a_note_goes_on_the_timeline(officer_client, tree):
    incident = IncidentFactory(unit=tree.unit)
    response = officer_client.post(
        reverse("incidents_incidents:note", args=[incident.pk]),
        {"note-text": "Đã gọi cho admin nhóm"},
    )
    assert response.status_code == 302
    assert incident.timeline.get().text == "Đã gọi cho admin nhóm"


def test_fact_added_through_the_admin(officer_client, tree):
    from lantoa.incidents.models import Fact

    response = officer_client.post(
        reverse("incidents_facts:add"),
        {
            "unit": tree.unit.code,
            "statement": "Tiền ăn ca tối thiểu 50.000 đồng/suất.",
            "details": "",
            "keywords": "ăn ca",
            "category": "",
            "sources_text": "Quy chế chi tiêu nội bộ 2025 | https://example.vn/qc\nBiên bản đối thoại",
            "valid_from": "2025-01-01",
            "valid_until": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fact = Fact.objects.get()
    assert fact.sources == [
        {"title": "Quy chế chi tiêu nội bộ 2025", "url": "https://example.vn/qc"},
        {"title": "Biên bản đối thoại", "url": ""},
    ]


def test_playbook_with_steps_through_the_admin(officer_client, tree):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from lantoa.incidents.models import Playbook

    data = nested_form_data(
        {
            "unit": tree.unit.code,
            "name": "Tin sai về bữa ăn ca",
            "description": "",
            "category": "false_claim",
            "min_severity": 1,
            "max_severity": 4,
            "active": "on",
            "steps": inline_formset(
                [
                    {
                        "order": 2,
                        "title": "Đăng phản hồi",
                        "instructions": "",
                        "role": "approver",
                        "due_minutes": 240,
                        "holding_statement": "",
                    },
                    {
                        "order": 1,
                        "title": "Xác minh",
                        "instructions": "",
                        "role": "officer",
                        "due_minutes": 60,
                        "holding_statement": "",
                    },
                ]
            ),
        }
    )
    response = officer_client.post(reverse("incidents_playbooks:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    playbook = Playbook.objects.get()
    assert list(playbook.steps.values_list("order", "title")) == [
        (1, "Xác minh"),
        (2, "Đăng phản hồi"),
    ]


def test_home_panel_shows_an_escalation_to_the_parent_and_it_can_be_read(client, tree, people):
    from lantoa.incidents.choices import EscalationReason
    from lantoa.incidents.models import Notice
    from lantoa.incidents.services.escalation import incident_escalate

    incident = IncidentFactory(unit=tree.unit, title="Tin giả về đoàn phí")
    incident_escalate(actor=people.unit_officer, incident=incident, reason=EscalationReason.MANUAL)
    sync_admin_access(people.parent_officer)
    client.force_login(people.parent_officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tin giả về đoàn phí" in home
    notice = Notice.objects.get()
    client.post(reverse("incidents_incidents:notice_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_by == people.parent_officer
    assert "Tin giả về đoàn phí" not in client.get(reverse("wagtailadmin_home")).content.decode()
