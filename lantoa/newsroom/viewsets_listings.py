"""The receiving unit's screen of listings in its sections ("Tin đơn vị khác
đăng vào"): what other units ask to show on its site, and what shows there
now, with «Nhận» and «Gỡ» (services_listings). Rows belong to the receiving
unit: an officer sees those of their unit's subtree, nothing else exists."""

from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from lantoa.core.dates import format_datetime_line
from lantoa.core.viewsets import ConfirmedActionView, ScopedIndexView, ScopedModelViewSet
from lantoa.newsroom.models import ListingState, SectionListing
from lantoa.newsroom.services_listings import listing_accept, listing_withdraw
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can, user_has_any

LISTINGS = "newsroom_listings"


class ListingFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ListingState.choices)

    class Meta:
        model = SectionListing
        fields: list[str] = []


def listing_actions(listing: SectionListing, user: Any) -> list[dict[str, Any]]:
    actions = []
    title = listing.article.title
    if listing.state != ListingState.ACCEPTED and user_can(
        user, Perm.CONTENT_APPROVE, listing.unit
    ):
        actions.append(
            {
                "label": _("Nhận"),
                "title": title,
                "url": reverse(f"{LISTINGS}:accept", args=[listing.pk]),
            }
        )
    if listing.state != ListingState.WITHDRAWN:
        actions.append(
            {
                "label": _("Gỡ"),
                "title": title,
                "url": reverse(f"{LISTINGS}:withdraw", args=[listing.pk]),
                "secondary": True,
            }
        )
    return actions


class ListingActionsColumn(Column):
    cell_template_name = "newsroom/admin/listing_actions_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["actions"] = listing_actions(instance, request.user) if request else []
        context["csrf_token_value"] = get_token(request) if request else ""
        index = reverse(f"{LISTINGS}:index")
        query = request.GET.urlencode() if request else ""
        context["next"] = f"{index}?{query}" if query else index
        return context


class ArticleColumn(Column):
    cell_template_name = "wagtailadmin/tables/title_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = instance.article.url or ""
        return context


class ListingIndexView(ScopedIndexView):
    page_title = _("Tin đơn vị khác đăng vào chuyên mục")
    filterset_class = ListingFilterSet
    default_ordering = "-requested_at"
    object_select_related = ("article", "section", "unit", "from_unit")

    def order_queryset(self, queryset: QuerySet[SectionListing]) -> QuerySet[SectionListing]:
        return queryset.order_by("-requested_at", "-id")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Other units' articles only: the unit's own cross-listings need no decision.
        from django.db.models import F

        return super().filter_queryset(queryset).exclude(unit=F("from_unit"))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            ArticleColumn("article", label=_("Tin bài"), accessor=lambda r: r.article.title),
            Column("from_unit", label=_("Đơn vị gửi"), accessor=lambda r: r.from_unit.name),
            Column(
                "section",
                label=_("Vào chuyên mục"),
                accessor=lambda r: f"{r.section.title} — {r.unit.name}",
            ),
            Column("state", label=_("Trạng thái"), accessor="get_state_display"),
            Column(
                "requested_at",
                label=_("Đề nghị lúc"),
                accessor=lambda r: format_datetime_line(r.requested_at),
            ),
            ListingActionsColumn("actions", label=_("Quyết định"), accessor=lambda r: ""),
        ]


class ListingActionView(ConfirmedActionView):
    """GET asks for confirmation, POST does it (the list's buttons POST directly)."""

    model = SectionListing
    object_action = "change"
    object_select_related = ("article", "section", "unit", "from_unit")

    def get_page_subtitle(self) -> str:
        return str(self.object.article.title)

    def fallback_url(self) -> str:
        return reverse(f"{LISTINGS}:index")

    def confirm_message(self) -> str:
        listing = self.object
        return str(
            self.confirm_text % {"title": listing.article.title, "section": listing.section.title}
        )

    def success_message(self) -> str:
        return str(self.success_text % {"title": self.object.article.title})


class ListingAcceptView(ListingActionView):
    """Approvers only: whoever approves nowhere is refused before any lookup."""

    page_title = _("Nhận tin vào chuyên mục")
    submit_label = _("Nhận")
    confirm_text = _("Hiển thị tin «%(title)s» trong chuyên mục «%(section)s» của đơn vị?")
    success_text = _("Đã nhận tin «%(title)s»: tin hiển thị trong chuyên mục.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if request.method == "POST" and not user_has_any(request.user, Perm.CONTENT_APPROVE):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def perform(self) -> Any:
        return listing_accept(actor=self.request.user, listing=self.object)


class ListingWithdrawView(ListingActionView):
    page_title = _("Gỡ tin khỏi chuyên mục")
    submit_label = _("Gỡ")
    confirm_text = _("Gỡ tin «%(title)s» khỏi chuyên mục «%(section)s» của đơn vị?")
    success_text = _("Đã gỡ tin «%(title)s» khỏi chuyên mục.")

    def perform(self) -> Any:
        return listing_withdraw(actor=self.request.user, listing=self.object)


class SectionListingViewSet(ScopedModelViewSet):
    menu_name = "newsroom-listings"
    model = SectionListing
    name = LISTINGS
    url_prefix = "trang-tin/tin-dang-vao-chuyen-muc"
    icon = "doc-full"
    menu_label = _("Tin đơn vị khác đăng vào")
    index_view_class = ListingIndexView
    list_per_page = 50
    form_fields: list[str] = []
    dropped_views = frozenset(
        {"history", "history_results", "usage", "add", "edit", "delete", "copy", "inspect"}
    )
    add_to_admin_menu = True
    menu_order = 205

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("accept/<int:pk>/", self.construct_view(ListingAcceptView), name="accept"),
            path("withdraw/<int:pk>/", self.construct_view(ListingWithdrawView), name="withdraw"),
        ]

    def register_admin_url_finder(self) -> None:
        return None
