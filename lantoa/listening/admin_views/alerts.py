"""Alerts in the admin: the spikes of the user's subtree, including those
escalated to a unit in it because nobody acknowledged them in time, and the
one-click acknowledgement (`services.alerts.alert_acknowledge`)."""

from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.listening.admin_views.common import (
    ALERTS,
    DASHBOARD,
    PERM,
    ListeningAccessMixin,
    ObjectPostView,
    alert_permission_policy,
    extra_actions,
    home_crumb,
)
from lantoa.listening.choices import AlertState
from lantoa.listening.models import Alert
from lantoa.listening.selectors_admin import alert_list_visible
from lantoa.listening.services.alerts import alert_acknowledge
from lantoa.org.scoping import user_can

PER_PAGE = 50


class AlertIndexView(ListeningAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "listening/admin/alerts.html"
    page_title = _("Cảnh báo ý kiến")
    header_icon = "warning"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Cảnh báo ý kiến")}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "")
        state = state if state in AlertState.values else ""
        page = Paginator(alert_list_visible(self.request.user, state=state), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        user = self.request.user
        index = reverse(f"{ALERTS}:index")
        context.update(
            page_obj=page,
            rows=[
                {
                    "alert": alert,
                    "can_acknowledge": alert.state != AlertState.ACKNOWLEDGED
                    and user_can(user, PERM, alert.unit),
                    "acknowledge_url": reverse(f"{ALERTS}:acknowledge", args=[alert.pk]),
                    "extra_actions": extra_actions("listening_alert_actions", self.request, alert),
                    "dashboard_url": (
                        f"{reverse(f'{DASHBOARD}:index')}?{urlencode({'unit': alert.unit.code})}"
                    ),
                }
                for alert in page.object_list
            ],
            states=[
                ("", _("Tất cả"), index, state == ""),
                *(
                    (value, label, f"{index}?{urlencode({'state': value})}", state == value)
                    for value, label in AlertState.choices
                ),
            ],
            state=state,
            next=self.request.get_full_path(),
        )
        return context


class AlertAcknowledgeView(ObjectPostView):
    model = Alert
    permission_policy = alert_permission_policy
    object_select_related = ("unit",)
    success_text = _("Đã tiếp nhận cảnh báo.")

    def fallback_url(self) -> str:
        return reverse(f"{ALERTS}:index")

    def perform(self) -> Any:
        return alert_acknowledge(actor=self.request.user, alert=self.object)
