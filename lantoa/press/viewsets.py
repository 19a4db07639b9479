"""Back office of press relations: "Báo chí" → Cơ quan báo chí, Phóng viên,
Thông cáo, Bài báo phản ánh, Tin mới từ RSS, Báo cáo. Rights come from `org`
scoping over the row's unit (Perm.CONTENT_EDIT; approving a release needs
Perm.CONTENT_APPROVE); every change goes through a service."""

import uuid
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.campaign_refs import campaign_choices
from lantoa.core.viewsets import (
    ListingOnlyViewSet,
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
    detail_and_action,
)
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm
from lantoa.press import admin_views, services
from lantoa.press.choices import Beat
from lantoa.press.models import Clipping, FeedItem, Journalist, Outlet, PressRelease

POLICIES: dict[type[Model], BasePermissionPolicy] = {
    Outlet: content_policy(Outlet),
    Journalist: content_policy(Journalist),
    PressRelease: content_policy(PressRelease),
    Clipping: content_policy(Clipping),
    FeedItem: content_policy(FeedItem, "outlet__unit__path"),
}


class CampaignField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Chiến dịch"), required=False, coerce=uuid.UUID, empty_value=None, **kwargs
        )


class PressForm(WagtailAdminModelForm):
    """Units, outlets and releases offered are those in the user's scope; the
    campaign is chosen among those the user may see."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "unit" in self.fields:
            self.fields["unit"].queryset = scoping.units_for(user, Perm.CONTENT_EDIT).order_by(
                "path"
            )
            if self.instance.pk is not None:
                self.fields["unit"].disabled = True
        if "outlet" in self.fields:
            self.fields["outlet"].queryset = POLICIES[Outlet].instances_user_has_permission_for(
                user, "view"
            )
        if "release" in self.fields:
            self.fields["release"].queryset = POLICIES[
                PressRelease
            ].instances_user_has_permission_for(user, "view")
        if "campaign_ref" in self.fields:
            self.fields["campaign_ref"] = CampaignField(
                choices=[("", "—")] + [(str(k), v) for k, v in campaign_choices(user)],
                initial=self.instance.campaign_ref,
            )
        if "beats" in self.fields:
            self.fields["beats"] = forms.MultipleChoiceField(
                label=_("Mảng"),
                choices=Beat.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=self.instance.beats,
            )


class ServiceCreateView(ServiceFormMixin, generic.CreateView):
    service: Any = None

    def save_instance(self) -> Any:
        return type(self).service(
            actor=self.request.user, **{self.arg: self.form.save(commit=False)}
        )


class ServiceEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    service: Any = None

    def save_instance(self) -> Any:
        return type(self).service(
            actor=self.request.user, **{self.arg: self.form.save(commit=False)}
        )


def _views(service: Any, arg: str) -> tuple[type, type]:
    create = type(
        f"{arg.title()}CreateView", (ServiceCreateView,), {"service": service, "arg": arg}
    )
    edit = type(f"{arg.title()}EditView", (ServiceEditView,), {"service": service, "arg": arg})
    return create, edit


class PressViewSet(ScopedModelViewSet):
    delete_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> Any:
        from django.forms.models import modelform_factory

        return modelform_factory(self.model, form=PressForm, fields=self.form_fields)


class OutletViewSet(PressViewSet):
    model = Outlet
    icon = "globe"
    menu_label = _("Cơ quan báo chí")
    url_prefix = "bao-chi/co-quan"
    name = "press_outlets"
    permission_policy = POLICIES[Outlet]
    index_view_class = ScopedIndexView
    add_view_class, edit_view_class = _views(services.outlet_save, "outlet")
    form_fields = ["unit", "name", "kind", "website", "feed_url", "reach", "active"]
    list_display = ["name", "unit", "kind", "reach", "feed_checked_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


class JournalistViewSet(PressViewSet):
    model = Journalist
    icon = "user"
    menu_label = _("Phóng viên")
    url_prefix = "bao-chi/phong-vien"
    name = "press_journalists"
    permission_policy = POLICIES[Journalist]
    index_view_class = ScopedIndexView
    add_view_class, edit_view_class = _views(services.journalist_save, "journalist")
    form_fields = [
        "unit", "outlet", "full_name", "position", "email", "phone", "beats", "consent",
        "consent_note", "notes",
    ]  # fmt: skip
    list_display = ["full_name", "outlet", "unit", "email", "consent"]
    list_filter = ["consent"]
    search_fields = ["full_name", "email"]


class ReleaseIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "press_releases:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Tiêu đề"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị")),
            Column("kind", label=_("Loại"), accessor=lambda r: r.get_kind_display()),
            Column("state", label=_("Trạng thái"), accessor=lambda r: r.get_state_display()),
            Column("embargo_until", label=_("Cấm đăng trước")),
            Column("sent_at", label=_("Gửi lúc")),
        ]


class ReleaseViewSet(PressViewSet):
    model = PressRelease
    icon = "mail"
    menu_label = _("Thông cáo báo chí")
    url_prefix = "bao-chi/thong-cao"
    name = "press_releases"
    permission_policy = POLICIES[PressRelease]
    index_view_class = ReleaseIndexView
    add_view_class, edit_view_class = _views(services.release_save, "release")
    form_fields = [
        "unit", "kind", "title", "summary", "body", "contact_name", "contact_phone",
        "contact_email", "campaign_ref", "event_at", "event_place", "beats", "embargo_until",
    ]  # fmt: skip
    list_filter = ["state", "kind"]
    search_fields = ["title"]
    object_views = detail_and_action(admin_views.ReleaseDetailView, admin_views.ReleaseActionView)


class ClippingDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        services.clipping_delete(actor=self.request.user, clipping=self.object)


class ClippingViewSet(PressViewSet):
    model = Clipping
    icon = "doc-full"
    menu_label = _("Bài báo phản ánh")
    url_prefix = "bao-chi/bai-bao"
    name = "press_clippings"
    permission_policy = POLICIES[Clipping]
    index_view_class = ScopedIndexView
    add_view_class, edit_view_class = _views(services.clipping_save, "clipping")
    delete_view_enabled = True
    delete_view_class = ClippingDeleteView
    form_fields = [
        "unit", "outlet", "outlet_name", "url", "title", "published_on", "tone", "reach",
        "excerpt", "release", "campaign_ref",
    ]  # fmt: skip
    list_display = ["title", "published_on", "outlet", "outlet_name", "tone", "unit"]
    list_filter = ["tone", "source"]
    search_fields = ["title"]


class FeedItemIndexView(ScopedIndexView):
    object_select_related = ("outlet__unit",)
    default_ordering = "-published_at"

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().filter(clipping__isnull=True, dismissed_at__isnull=True)

    row_url_name = "press_inbox:log"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Bài mới"), get_url=self.get_edit_url, accessor=str),
            Column("outlet", label=_("Cơ quan báo chí")),
            Column("published_at", label=_("Đăng lúc")),
            Column(
                "matched_terms",
                label=_("Từ khóa khớp"),
                accessor=lambda i: ", ".join(i.matched_terms),
            ),
        ]


class FeedItemViewSet(ListingOnlyViewSet):
    model = FeedItem
    icon = "rss"
    menu_label = _("Tin mới từ RSS/Atom")
    url_prefix = "bao-chi/tin-moi"
    name = "press_inbox"
    permission_policy = POLICIES[FeedItem]
    index_view_class = FeedItemIndexView
    inspect_view_enabled = False
    object_views = (
        ("ghi-nhan", "log", admin_views.FeedItemLogView),
        ("bo-qua", "dismiss", admin_views.FeedItemDismissView),
    )


class PressMenuGroup(ViewSetGroup):
    menu_label = _("Báo chí")
    menu_icon = "mail"
    menu_order = 290
    items = (
        ReleaseViewSet,
        ClippingViewSet,
        FeedItemViewSet,
        JournalistViewSet,
        OutletViewSet,
    )
