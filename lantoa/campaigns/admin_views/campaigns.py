"""Campaigns and plan items in the admin (Wagtail generic views over the
scoped policies), and a campaign's page: phases, goals and progress, its
directives, its plan and its content."""

from functools import cached_property
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic

from lantoa.campaigns import selectors
from lantoa.campaigns.admin_views.common import CALENDAR, DIRECTIVES, PLANS, admin_url
from lantoa.campaigns.choices import ItemKind
from lantoa.campaigns.models import Campaign, PlanItem
from lantoa.campaigns.services import calendar as calendar_service
from lantoa.campaigns.services import campaigns as campaign_service
from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedInspectView,
    ScopedObjectMixin,
    ServiceFormMixin,
)
from lantoa.honours.selectors import campaign_honours, campaign_rounds
from lantoa.org.choices import Perm
from lantoa.org.scoping import filter_by_scope, scope_paths, user_can
from lantoa.press.selectors import coverage_for_campaign


class CampaignIndexView(ScopedIndexView):
    page_title = _("Chiến dịch")
    search_fields = ["name"]
    search_backend_name = None
    object_select_related = ("unit", "target_unit")
    default_ordering = "-starts_on"

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Tên chiến dịch"), get_url=self.get_inspect_url),
            Column("unit", label=_("Đơn vị chủ trì")),
            DateColumn("starts_on", label=_("Từ ngày"), sort_key="starts_on"),
            DateColumn("ends_on", label=_("Đến ngày"), sort_key="ends_on"),
        ]

    def order_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        ordering = self.ordering or "-starts_on"
        return queryset.order_by(ordering, "-id")


class CampaignCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã tạo chiến dịch «%(object)s».")

    def save_instance(self) -> Campaign:
        return campaign_service.campaign_save(
            actor=self.request.user, campaign=self.form.save(commit=False)
        )


class CampaignEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu chiến dịch «%(object)s».")

    def save_instance(self) -> Campaign:
        return campaign_service.campaign_save(
            actor=self.request.user, campaign=self.form.save(commit=False)
        )

    @property
    def can_delete(self) -> bool:
        return False


class CampaignDetailView(ScopedInspectView):
    """The campaign at a glance: its period and phases, messages, goals with
    progress, directives, its honour rounds and the members they honoured,
    what is planned, and its latest content."""

    template_name = "campaigns/admin/campaign_detail.html"
    object_select_related = ("unit", "target_unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign: Campaign = self.object
        user = self.request.user
        progress = selectors.campaign_progress(campaign, viewer=user)
        labels = {
            "articles": _("Tin bài đã đăng"),
            "posts": _("Bài đăng mạng xã hội đã đăng"),
            "reach": _("Lượt tiếp cận"),
            "participants": _("Lượt người tham gia"),
            "unit_share": _("Tỉ lệ đơn vị tham gia (%)"),
            "honours": _("Đoàn viên được tôn vinh"),
        }
        goals = [
            (labels[g.key], g)
            for g in (
                progress.articles,
                progress.posts,
                progress.reach,
                progress.participants,
                progress.unit_share,
                progress.honours,
            )
        ]
        context.update(
            campaign=campaign,
            phases=list(campaign.phases.all()),
            progress=progress,
            goals=goals,
            directives=[
                (d, admin_url(f"{DIRECTIVES}:detail", d.pk))
                for d in selectors.directives_for(user)
                .filter(campaign=campaign)
                .order_by("-created_at")[:20]
            ],
            items=list(campaign.items.select_related("unit").order_by("-added_at")[:20]),
            item_kinds=dict(ItemKind.choices),
            calendar_url=admin_url(f"{CALENDAR}:index", campaign=campaign.pk),
            add_plan_url=admin_url(f"{PLANS}:add"),
            can_edit=user_can(user, Perm.CONTENT_EDIT, campaign.unit),
            press=coverage_for_campaign(actor=user, campaign_ref=campaign.public_id),
            press_report_url=admin_url("press_report", campaign=campaign.public_id),
            **honour_context(campaign, user),
        )
        return context


HONOURS_SHOWN = 50


def honour_context(campaign: Campaign, user: Any) -> dict[str, Any]:
    """The campaign's honour rounds that cover the reader's units (organised
    in their scope or above it), each with the members it honoured there, and
    the latest of those honours: what the reader may see, as progress counts.
    A round links to its screen for those who run it."""
    paths = scope_paths(user, selectors.PROGRESS_PERM)
    in_scope = filter_by_scope(
        campaign_honours(campaign.public_id), user, selectors.PROGRESS_PERM, "nomination__unit_path"
    )
    rounds = [
        r
        for r in campaign_rounds(campaign.public_id).annotate(
            honoured=Count("honours", filter=Q(honours__in=in_scope.values("pk")))
        )
        if paths is None
        or any(p.startswith(r.unit.path) or r.unit.path.startswith(p) for p in paths)
    ]
    honours = list(in_scope.order_by("-awarded_at", "-id")[:HONOURS_SHOWN])
    return {
        "honour_rounds": [
            (
                r,
                admin_url("honours_rounds:detail", r.pk)
                if user_can(user, Perm.CONTENT_EDIT, r.unit)
                else "",
            )
            for r in rounds
        ],
        "honours": honours,
        "honours_more": len(honours) >= HONOURS_SHOWN,
    }


class PlanItemIndexView(ScopedIndexView):
    page_title = _("Kế hoạch nội dung")
    object_select_related = ("unit", "campaign", "assignee")
    default_ordering = "due_at"
    search_fields = ["title"]
    search_backend_name = None

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Nội dung dự kiến"), get_url=self.get_edit_url),
            Column("unit", label=_("Đơn vị")),
            Column("channel", label=_("Kênh"), accessor="get_channel_display"),
            Column("campaign", label=_("Chiến dịch")),
            Column("assignee", label=_("Người thực hiện")),
            DateColumn("due_at", label=_("Thời hạn"), sort_key="due_at"),
            Column("state", label=_("Trạng thái"), accessor="get_state_display"),
        ]

    def order_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        ordering = self.ordering or "due_at"
        return queryset.order_by(ordering, "id")


class PlanItemCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã thêm «%(object)s» vào kế hoạch.")

    def save_instance(self) -> PlanItem:
        return calendar_service.plan_item_save(
            actor=self.request.user, item=self.form.save(commit=False)
        )


class PlanItemEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu «%(object)s».")
    object_select_related = ("unit",)

    def save_instance(self) -> PlanItem:
        return calendar_service.plan_item_save(
            actor=self.request.user, item=self.form.save(commit=False)
        )

    @property
    def can_delete(self) -> bool:
        return False
