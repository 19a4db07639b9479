"""Back office of honours: "Tôn vinh" → Đợt tôn vinh, Đề cử. Rights come from
`org` scoping: officers of the organiser run a round, its approver opens and
publishes it; officers of a unit nominate; each unit's approver decides when
a nomination reaches it. Every change goes through a service."""

import uuid
from typing import Any

from django import forms
from django.db.models import Model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.campaign_refs import campaign_choices
from lantoa.core.viewsets import (
    ListingOnlyViewSet,
    ScopedIndexView,
    ScopedModelViewSet,
    ServiceFormMixin,
    detail_and_action,
)
from lantoa.honours import admin_views
from lantoa.honours.models import HonourRound, Nomination
from lantoa.honours.services import rounds
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm

round_permission_policy = content_policy(HonourRound)
nomination_permission_policy = content_policy(Nomination)
POLICIES: dict[type[Model], BasePermissionPolicy] = {
    HonourRound: round_permission_policy,
    Nomination: nomination_permission_policy,
}


class RoundForm(WagtailAdminModelForm):
    campaign_ref = forms.TypedChoiceField(
        label=_("Chiến dịch"),
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        help_text=_(
            "Chiến dịch mà đợt tôn vinh thuộc về, nếu có (Tháng Công nhân, Tháng ATVSLĐ…)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "unit" in self.fields:
            self.fields["unit"].queryset = scoping.units_for(
                self.for_user, Perm.CONTENT_EDIT
            ).order_by("path")
        if "campaign_ref" in self.fields:
            self.fields["campaign_ref"].choices = [("", "—")] + [  # type: ignore[attr-defined]
                (str(pk), title)
                for pk, title in (campaign_choices(self.for_user) if self.for_user else [])
            ]


class RoundCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "honours_rounds:detail"

    def save_instance(self) -> HonourRound:
        data = self.form.cleaned_data
        return rounds.round_create(
            actor=self.request.user,
            unit=data["unit"],
            title=data["title"],
            theme=data["theme"],
            nominations_close_on=data["nominations_close_on"],
            description=data["description"],
            criteria=data["criteria"],
            quota_per_unit=data["quota_per_unit"],
            campaign_ref=data.get("campaign_ref"),
        )

    def get_edit_url(self) -> str:
        """There is no edit screen: the round's own screen stands for it."""
        return reverse("honours_rounds:detail", args=[self.object.pk])


class RoundIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "honours_rounds:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Đợt tôn vinh"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị tổ chức")),
            Column("theme", label=_("Dịp"), accessor=lambda r: r.get_theme_display()),
            Column("state", label=_("Trạng thái"), accessor=lambda r: r.get_state_display()),
            Column("nominations_close_on", label=_("Hạn gửi đề cử")),
        ]


class RoundViewSet(ScopedModelViewSet):
    model = HonourRound
    icon = "pick"
    menu_label = _("Đợt tôn vinh")
    url_prefix = "ton-vinh/dot"
    name = "honours_rounds"
    permission_policy = round_permission_policy
    index_view_class = RoundIndexView
    add_view_class = RoundCreateView
    edit_view_enabled = False
    delete_view_enabled = False
    list_filter = ["state", "theme"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        panels = [
            FieldPanel("unit"),
            FieldPanel("title"),
            FieldPanel("theme"),
            FieldPanel("description"),
            FieldPanel("criteria"),
            FieldPanel("nominations_close_on"),
            FieldPanel("quota_per_unit"),
            FieldPanel("campaign_ref"),
        ]
        return ObjectList(panels, base_form_class=RoundForm).bind_to_model(HonourRound)

    object_views = detail_and_action(admin_views.RoundDetailView, admin_views.RoundActionView)


class NominationIndexView(ScopedIndexView):
    object_select_related = ("member", "unit", "round", "awaiting_unit")
    row_url_name = "honours_nominations:decide"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "member",
                label=_("Đoàn viên"),
                get_url=self.get_edit_url,
                accessor=lambda n: n.member.full_name,
            ),
            Column("round", label=_("Đợt")),
            Column("unit", label=_("Đơn vị đề cử")),
            Column("state", label=_("Trạng thái"), accessor=lambda n: n.get_state_display()),
            Column("awaiting_unit", label=_("Chờ đơn vị duyệt")),
        ]


class NominationViewSet(ListingOnlyViewSet):
    model = Nomination
    icon = "user"
    menu_label = _("Đề cử")
    url_prefix = "ton-vinh/de-cu"
    name = "honours_nominations"
    permission_policy = nomination_permission_policy
    index_view_class = NominationIndexView
    list_filter = ["state", "round"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("them/", admin_views.NominationCreateView.as_view(), name="nominate"),
            path("<int:pk>/xet-duyet/", admin_views.NominationDecideView.as_view(), name="decide"),
        ]


class HonoursMenuGroup(ViewSetGroup):
    menu_label = _("Tôn vinh")
    menu_icon = "pick"
    menu_order = 287
    items = (RoundViewSet, NominationViewSet)
