import pytest
from django.core.management import CommandError, call_command

from devstack.demo.incidents import CLOSED, OPEN, IncidentDemoLoader
from lantoa.incidents.choices import IncidentState, StepState
from lantoa.incidents.models import Incident
from lantoa.incidents.pdf import incident_report_pdf

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_incidents")
    assert not Incident.objects.exists()


def test_a_closed_incident_with_its_report_and_an_open_one_mid_playbook(settings, tree):
    settings.DEBUG = True
    assert IncidentDemoLoader().load() == {"Fact": 10, "Playbook": 2, "Incident": 2}
    closed = Incident.objects.get(title=CLOSED)
    assert closed.state == IncidentState.CLOSED
    assert closed.responses.get().state == "published"
    assert incident_report_pdf(closed).startswith(b"%PDF")
    opened = Incident.objects.get(title=OPEN)
    assert opened.state == IncidentState.RESPONDING
    states = list(opened.steps.order_by("order").values_list("state", flat=True))
    assert states == [StepState.DONE, StepState.PENDING, StepState.PENDING, StepState.PENDING]
    assert opened.escalations.get().to_unit == tree.root  # high severity: told at once
    asked = opened.timeline.get(kind="removal")  # the fake accounts reported to Zalo
    assert asked.data == {
        "report_id": opened.reports.get().pk,
        "method": "platform_report",
        "ok": True,
    }
    assert IncidentDemoLoader().load() == {}  # idempotent
