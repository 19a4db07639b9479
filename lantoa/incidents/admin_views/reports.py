"""The tip inbox: reports of the user's subtree waiting to be looked at
(officers', members', tiplines', listening's), an officer's own report,
dismissing one with a reason, and the evidence files (private)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages

from lantoa.core.admin_views import AdminPageView
from lantoa.core.storage import private_file_response
from lantoa.core.viewsets import form_refusals
from lantoa.incidents import selectors
from lantoa.incidents.admin_views.common import (
    INCIDENTS,
    REPORTS,
    AccessMixin,
    ActionView,
    admin_url,
    home_crumb,
    paginate,
    scoped,
)
from lantoa.incidents.admin_views.incidents import units_for
from lantoa.incidents.choices import ReportSource, ReportState
from lantoa.incidents.forms import ReportForm
from lantoa.incidents.permissions import report_permission_policy
from lantoa.incidents.services import intake


class ReportIndexView(AccessMixin, AdminPageView):
    template_name = "incidents/admin/report_index.html"
    page_title = _("Tin báo")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", ReportState.NEW)
        state = state if state in ReportState.values else ReportState.NEW
        rows = (
            selectors.reports_for(self.request.user)
            .filter(state=state)
            .select_related("unit", "incident", "snapshot")
            .order_by("-received_at", "-pk")
        )
        page = paginate(self.request, rows)
        context.update(
            page_obj=page,
            rows=[
                {
                    "report": r,
                    "open_url": admin_url(f"{INCIDENTS}:open", report=r.pk),
                    "dismiss_url": admin_url(f"{REPORTS}:dismiss", r.pk),
                }
                for r in page.object_list
            ],
            state=state,
            states=ReportState.choices,
            add_url=admin_url(f"{REPORTS}:add"),
        )
        return context


class ReportCreateView(AccessMixin, AdminPageView):
    """An officer reports what they saw: URL, screenshot, text, platform."""

    template_name = "incidents/admin/report_form.html"
    page_title = _("Báo tin thông tin xấu, độc")
    header_icon = "mail"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            home_crumb(),
            {"url": admin_url(f"{REPORTS}:index"), "label": _("Tin báo")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or ReportForm(units=units_for(self.request))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReportForm(request.POST, request.FILES, units=units_for(request))
        if form.is_valid():
            data = form.cleaned_data
            with form_refusals(form) as refused:
                report = intake.report_create(
                    actor=request.user,
                    unit=data["unit"],
                    source=ReportSource.OFFICER,
                    url=data["url"],
                    platform=data["platform"],
                    text=data["text"],
                    screenshot=data["screenshot"],
                )
            if not refused:
                messages.success(request, _("Đã ghi nhận tin báo; bằng chứng đang được lưu."))
                return redirect(admin_url(f"{INCIDENTS}:open", report=report.pk))
        return self.render_to_response(self.get_context_data(form=form))


class ReportDismissView(ActionView):
    success_text = _("Đã ghi nhận: tin báo không phải sự cố.")

    def load(self, pk: int) -> Any:
        return scoped(report_permission_policy, self.request, pk, select_related=("unit",))

    def perform(self, obj: Any) -> Any:
        return intake.report_dismiss(
            actor=self.request.user, report=obj, reason=str(self.request.POST.get("reason", ""))
        )

    def fallback_url(self, obj: Any) -> str:
        return admin_url(f"{REPORTS}:index")


class ReportFileView(AccessMixin, View):
    """A report's evidence file (screenshot, stored HTML, page screenshot):
    private, for users who may see the report."""

    FILES = ("screenshot", "snapshot_html", "snapshot_screenshot")

    def get(self, request: HttpRequest, pk: int, which: str) -> HttpResponseBase:
        report = scoped(report_permission_policy, request, pk, select_related=("snapshot",))
        if which == "screenshot":
            file = report.screenshot
        elif which in ("snapshot_html", "snapshot_screenshot") and hasattr(report, "snapshot"):
            file = report.snapshot.html if which == "snapshot_html" else report.snapshot.screenshot
        else:
            raise Http404
        if not file:
            raise Http404
        response = private_file_response(file, download_name=f"bang-chung-{report.pk}-{which}")
        if which == "snapshot_html":
            # Evidence, never a page to run in our origin.
            response["Content-Type"] = "text/plain; charset=utf-8"
            response["Content-Security-Policy"] = "sandbox"
        return response
