"""The term in numbers: pick a topic hub and a period, see the figures of the
hub's unit and its subtree, then save them as a draft of the hub's "numbers"
block (for approval) or publish them (`services.term_numbers`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from lantoa.analytics.admin_views.common import AnalyticsAccessMixin, home_crumb
from lantoa.analytics.forms import TermNumbersForm, hubs_for
from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import term_figures
from lantoa.analytics.services.term_numbers import (
    default_heading,
    hub_unit,
    term_number_items,
    term_numbers_publish,
)
from lantoa.core.admin_views import AdminPageView
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied

DEFAULT_TERM_YEARS = 5


def chosen_figures(data: Any) -> list[str] | None:
    """The ticked figures (`figure`), ordered by their «Thứ tự» box
    (`order_<key>`, a number; unnumbered ones keep their place, after); None
    (every figure) when the form had no choice to make (`figures_shown` absent)."""
    if "figures_shown" not in data:
        return None
    ticked = [str(key) for key in data.getlist("figure")]

    def place(pair: tuple[int, str]) -> tuple[float, int]:
        index, key = pair
        try:
            return (float(data.get(f"order_{key}", "")), index)
        except ValueError:
            return (float("inf"), index)

    return [key for _index, key in sorted(enumerate(ticked), key=place)]


class TermNumbersView(AnalyticsAccessMixin, AdminPageView):
    template_name = "analytics/admin/term_numbers.html"
    page_title = _("Con số nhiệm kỳ")
    header_icon = "pick"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Con số nhiệm kỳ")}]

    def form(self, data: Any) -> TermNumbersForm:
        return TermNumbersForm(data, hubs=hubs_for(self.request.user))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = "hub" in request.GET
        if bound:
            form = self.form(request.GET)
        else:
            term = Period.last_months(1).last.year
            form = self.form(None)
            form.initial = {
                "first": f"{term - DEFAULT_TERM_YEARS}-01",
                "last": f"{term}-12",
            }
        return self.render_to_response(self.get_context_data(form=form, preview=bound))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, preview=False))
        hub = form.cleaned_data["hub_page"]
        publish = request.POST.get("action") == "publish"
        try:
            term_numbers_publish(
                actor=request.user,
                hub=hub,
                period=form.cleaned_data["period"],
                heading=form.cleaned_data["heading"],
                publish=publish,
                chosen=chosen_figures(request.POST),
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return self.render_to_response(self.get_context_data(form=form, preview=True))
        if publish:
            messages.success(request, f"Đã xuất bản khối con số của chuyên trang «{hub.title}».")
        else:
            messages.success(
                request, f"Đã lưu bản nháp khối con số của chuyên trang «{hub.title}», chờ duyệt."
            )
        return redirect(reverse("wagtailadmin_pages:edit", args=[hub.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form: TermNumbersForm = kwargs["form"]
        if kwargs.get("preview") and form.is_valid():
            hub = form.cleaned_data["hub_page"]
            period = form.cleaned_data["period"]
            figures = term_figures(hub_unit(hub), period)
            context.update(
                figures=figures,
                items=term_number_items(figures),
                heading=form.cleaned_data["heading"] or default_heading(period),
                hub=hub,
            )
        return context
