"""The post-incident report in PDF (WeasyPrint): what happened, the clocks,
the playbook's steps, escalations, responses, evidence and lessons; fonts
that cover Vietnamese embedded from the font packages, nothing fetched."""

from django.template.loader import render_to_string
from django.utils import timezone

from lantoa.core.pdf import font_faces, report_pdf
from lantoa.incidents import selectors
from lantoa.incidents.choices import SEVERITY_DEFINITIONS
from lantoa.incidents.models import Incident


def _duration(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    hours, rest = divmod(minutes, 60)
    return f"{hours} giờ {rest} phút" if hours else f"{rest} phút"


def incident_report_html(incident: Incident) -> str:
    return render_to_string(
        "incidents/pdf/report.html",
        {
            "incident": incident,
            "fonts": font_faces(),
            "severity_definition": SEVERITY_DEFINITIONS.get(incident.severity, ""),
            "first_response": _duration(incident.minutes_to_first_response),
            "resolution": _duration(incident.minutes_to_resolution),
            "steps": list(incident.steps.select_related("done_by")),
            "escalations": list(incident.escalations.select_related("from_unit", "to_unit")),
            "reports": list(incident.reports.select_related("snapshot").order_by("received_at")),
            "responses": list(incident.responses.prefetch_related("facts")),
            "timeline": list(incident.timeline.select_related("actor")),
            "affected": list(incident.affected_units.all()),
            "similar": selectors.incidents_similar(incident, limit=3),
            "printed_at": timezone.localtime(),
        },
    )


def incident_report_pdf(incident: Incident) -> bytes:
    return report_pdf(incident_report_html(incident), what="incident PDF")
