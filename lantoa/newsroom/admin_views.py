"""«Trang tin các đơn vị»: every unit of the user's scope with its news site's
public address and state, and «Mở trang tin» for a unit without one (its
approvers: a published home with the usual sections, `unit_site_open`)."""

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.admin_views import admin_url, home_crumb, paginate, safe_next
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.text import search_key
from lantoa.newsroom import selectors
from lantoa.newsroom.services import UNIT_SITE_SECTIONS, unit_site_open
from lantoa.org.admin_blocks import PermAccessMixin
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import unit_in_scope, units_for, user_can

UNIT_SITES = "newsroom_unit_sites"
STATES = (
    ("", _("Tất cả")),
    ("live", _("Đang hoạt động")),
    ("draft", _("Chưa xuất bản")),
    ("none", _("Chưa có trang tin")),
)


class UnitSitesView(PermAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsroom/admin/unit_sites.html"
    page_title = _("Trang tin các đơn vị")
    header_icon = "site"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": self.page_title}]

    def units(self) -> QuerySet[OrgUnit]:
        units = units_for(self.request.user, Perm.CONTENT_EDIT).filter(is_active=True)
        for word in search_key(self.request.GET.get("q", "")).split():
            units = units.filter(search_text__contains=word)
        state = self.request.GET.get("state", "")
        if state == "live":
            units = units.filter(site_home__live=True)
        elif state == "draft":
            units = units.filter(site_home__live=False)
        elif state == "none":
            units = units.filter(site_home__isnull=True)
        return units.order_by("path")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page_obj = paginate(self.request, self.units())
        units = list(page_obj.object_list)
        homes = selectors.unit_site_homes(units)
        user = self.request.user
        rows = []
        for unit in units:
            home = homes.get(unit.pk)
            rows.append(
                {
                    "unit": unit,
                    "home": home,
                    "address": (home.get_full_url() or "") if home is not None else "",
                    "state": "none" if home is None else ("live" if home.live else "draft"),
                    "open_url": reverse(f"{UNIT_SITES}:open", args=[unit.pk])
                    if home is None and user_can(user, Perm.CONTENT_APPROVE, unit)
                    else "",
                    "edit_url": reverse("wagtailadmin_explore", args=[home.pk]) if home else "",
                }
            )
        params = self.request.GET
        context.update(
            rows=rows,
            page_obj=page_obj,
            q=params.get("q", ""),
            state=params.get("state", ""),
            states=STATES,
            state_labels=dict(STATES[1:]),
            next=self.request.get_full_path(),
            query_prefix="".join(
                f"{k}={v}&"
                for k, v in (("q", params.get("q", "")), ("state", params.get("state", "")))
                if v
            ),
        )
        return context


class UnitSiteOpenView(PermAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation, POST opens the site. Approvers only; a unit
    outside the user's approving scope does not exist for them (404)."""

    access_perm = Perm.CONTENT_APPROVE
    template_name = "newsroom/admin/unit_site_open.html"
    page_title = _("Mở trang tin")
    header_icon = "site"

    @cached_property
    def unit(self) -> OrgUnit:
        # Looked up after the access check (dispatch): an officer is refused
        # (403) before learning whether the unit exists.
        return unit_in_scope(self.request.user, Perm.CONTENT_APPROVE, pk=int(self.kwargs["pk"]))

    def get_page_subtitle(self) -> str:
        return str(self.unit.name)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            home_crumb(),
            {"url": reverse(f"{UNIT_SITES}:index"), "label": _("Trang tin các đơn vị")},
            {"url": "", "label": self.page_title},
        ]

    def index_url(self) -> str:
        return safe_next(self.request, admin_url(f"{UNIT_SITES}:index", q=self.unit.name))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            unit=self.unit,
            sections=UNIT_SITE_SECTIONS,
            next=self.index_url(),
            action_url=self.request.path,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            home = unit_site_open(actor=request.user, unit=self.unit)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return redirect(self.index_url())
        messages.success(
            request,
            _("Đã mở trang tin của %(unit)s: %(url)s")
            % {"unit": self.unit.name, "url": home.get_full_url() or ""},
        )
        return redirect(self.index_url())
