"""The admin home page's panel of incidents: unread notices of the user's
units (escalations from below, late steps, responses waiting for approval,
expired facts) and how many incidents are open in their scope."""

from typing import Any

from lantoa.incidents import selectors
from lantoa.incidents.admin_views.common import INCIDENTS, REPORTS, admin_url
from lantoa.incidents.choices import ReportState
from lantoa.org.admin_blocks import PermissionPanel

NOTICE_COUNT = 10


class IncidentNoticesPanel(PermissionPanel):
    name = "incident_notices"
    template_name = "incidents/admin/home_notices.html"
    order = 80

    def panel_context(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "notices": list(selectors.notices_for(user)[:NOTICE_COUNT]),
            "open_count": selectors.open_incidents_for(user).count(),
            "new_reports": selectors.reports_for(user).filter(state=ReportState.NEW).count(),
            "incidents_url": admin_url(f"{INCIDENTS}:index"),
            "reports_url": admin_url(f"{REPORTS}:index"),
        }
