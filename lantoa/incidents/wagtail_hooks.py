"""Registration only: the incidents app's permission policies and admin screens."""

from typing import Any

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.incidents.admin_views.common import INCIDENTS, admin_url
from lantoa.incidents.models import Fact, Incident, Playbook, Report, Response, Tipline
from lantoa.incidents.panels import IncidentNoticesPanel
from lantoa.incidents.permissions import (
    fact_permission_policy,
    incident_permission_policy,
    playbook_permission_policy,
    report_permission_policy,
    response_permission_policy,
    tipline_permission_policy,
)
from lantoa.incidents.viewsets import IncidentsMenuGroup
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

register_permission_policy(Incident, incident_permission_policy)
register_permission_policy(Report, report_permission_policy)
register_permission_policy(Response, response_permission_policy)
register_permission_policy(Tipline, tipline_permission_policy)
register_permission_policy(Fact, fact_permission_policy)
register_permission_policy(Playbook, playbook_permission_policy)


@hooks.register("register_admin_viewset")
def register_incidents_admin() -> IncidentsMenuGroup:
    return IncidentsMenuGroup()


@hooks.register("listening_opinion_actions")
def open_from_opinion(request: Any, opinion: Any) -> tuple[str, str] | None:
    """One click from a toxic or false-looking comment to an incident."""
    if not user_can(request.user, Perm.CONTENT_EDIT, opinion.unit):
        return None
    return _("Mở sự cố thông tin"), admin_url(f"{INCIDENTS}:open", opinion=opinion.pk)


@hooks.register("listening_alert_actions")
def open_from_alert(request: Any, alert: Any) -> tuple[str, str] | None:
    if not user_can(request.user, Perm.CONTENT_EDIT, alert.unit):
        return None
    return _("Mở sự cố"), admin_url(f"{INCIDENTS}:open", alert=alert.pk)


@hooks.register("construct_homepage_panels")
def add_incident_notices(request: Any, panels: list[Any]) -> None:
    panels.append(IncidentNoticesPanel(request))
