"""The queue (outbox) in the admin: every delivery in scope, filtered by status,
channel, platform and unit; dead letters retried in one click, uncertain ones
settled ("Bài đã lên" / "Gửi lại"), cancel or edit before sending, removal from
the platform after; each delivery's attempts timeline.
"""

from functools import cached_property
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton

from lantoa.channels import selectors as channel_selectors
from lantoa.channels import selectors_admin
from lantoa.channels.choices import EDITABLE_STATUSES, DeliveryStatus, Platform
from lantoa.channels.forms import DeliveryEditForm, ResolveUncertainForm
from lantoa.channels.models import Delivery
from lantoa.channels.services import posts
from lantoa.channels.services.outbox import delivery_render
from lantoa.channels.viewsets.common import (
    DELIVERIES,
    POSTS,
    STATUS_TONES,
    ActionsColumn,
    BadgeColumn,
    FilteredIndexView,
    ObjectActionView,
    ObjectFormView,
    ScopedFilterSet,
    SubtreeFilter,
    _accounts,
    _units,
    admin_url,
    delivery_name,
    local_time,
    short,
)
from lantoa.core.exceptions import InvalidInput
from lantoa.core.viewsets import (
    ListingOnlyViewSet,
    ScopedInspectView,
    form_refusals,
)
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can


class DeliveryFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DeliveryStatus.choices)
    platform = django_filters.ChoiceFilter(
        label=_("Nền tảng"), field_name="account__platform", choices=Platform.choices
    )
    account = django_filters.ModelChoiceFilter(label=_("Kênh"), queryset=_accounts)
    unit = SubtreeFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"),
        queryset=_units,
        path_lookup="account__unit__path",
    )

    class Meta:
        model = Delivery
        fields: list[str] = []


def delivery_time(delivery: Delivery) -> str:
    if delivery.sent_at:
        return local_time(delivery.sent_at)
    if delivery.scheduled_at:
        return f"{_('Hẹn')} {local_time(delivery.scheduled_at)}"
    return local_time(delivery.created_at)


# Statuses that wait for a person, offered as shortcuts above the queue.
NEEDS_A_PERSON = (DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)


class DeliveryIndexView(FilteredIndexView):
    page_title = _("Hàng đợi")
    filterset_class = DeliveryFilterSet
    default_ordering = "-created_at"

    def get_base_queryset(self) -> QuerySet[Delivery]:
        return selectors_admin.delivery_list(self.request.user)

    def order_queryset(self, queryset: QuerySet[Delivery]) -> QuerySet[Delivery]:
        ordering = self.ordering or "-created_at"
        return queryset.order_by(ordering, "-id" if ordering.startswith("-") else "id")

    def actions(self, delivery: Delivery) -> list[dict[str, Any]]:
        pk = delivery.pk
        if delivery.status == DeliveryStatus.FAILED:
            return [{"label": _("Gửi lại"), "url": reverse(f"{DELIVERIES}:retry", args=[pk])}]
        if delivery.status == DeliveryStatus.UNCERTAIN:
            url = reverse(f"{DELIVERIES}:resolve", args=[pk])
            return [
                {"label": _("Bài đã lên"), "url": url, "fields": {"was_posted": "1"}},
                {"label": _("Gửi lại"), "url": url, "fields": {"was_posted": "0"}},
            ]
        if delivery.status in EDITABLE_STATUSES:
            return [
                {
                    "label": _("Huỷ"),
                    "url": reverse(f"{DELIVERIES}:cancel", args=[pk]),
                    "secondary": True,
                }
            ]
        return []

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "post",
                label=_("Bài đăng"),
                accessor=lambda d: short(d.text_override or d.post.text, 60),
                get_url=self.get_inspect_url,
            ),
            Column("account", label=_("Kênh")),
            Column("unit", label=_("Đơn vị"), accessor="account.unit"),
            BadgeColumn("status", label=_("Trạng thái"), tones=STATUS_TONES, sort_key="status"),
            Column("when", label=_("Thời điểm"), accessor=delivery_time, sort_key="created_at"),
            Column("attempt_count", label=_("Số lần gửi")),
            Column("last_error", label=_("Lỗi gần nhất"), accessor=lambda d: short(d.last_error)),
            ActionsColumn("actions", label=_("Xử lý"), get_actions=self.actions),
        ]

    def get_list_more_buttons(self, instance: Delivery) -> list[MenuItem]:
        if url := self.get_inspect_url(instance):
            return [MenuItem(_("Xem chi tiết và lịch sử gửi"), url, "info-circle", 10)]
        return []

    @cached_property
    def header_buttons(self) -> list[Any]:
        counts = selectors_admin.delivery_status_counts(self.request.user, NEEDS_A_PERSON)
        index = reverse(f"{DELIVERIES}:index")
        return [
            HeaderButton(
                f"{DeliveryStatus(status).label} ({counts[status]})",
                url=f"{index}?{urlencode({'status': status})}",
                icon_name="warning" if status == DeliveryStatus.FAILED else "help",
            )
            for status in NEEDS_A_PERSON
        ]


class DeliveryInspectView(ScopedInspectView):
    """One delivery: the exact text, what can still be done, and every call
    made to the platform (the attempts timeline)."""

    object_select_related = ("post", "post__unit", "account", "account__unit")
    template_name = "social_channels/admin/delivery_inspect.html"

    def get_page_subtitle(self) -> str:
        return delivery_name(self.object)

    def get_scheduled_at_display_value(self) -> str:
        return local_time(self.object.scheduled_at)

    def get_sent_at_display_value(self) -> str:
        return local_time(self.object.sent_at)

    def get_created_at_display_value(self) -> str:
        return local_time(self.object.created_at)

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        delivery = self.object
        pk = delivery.pk
        editable = delivery.status in EDITABLE_STATUSES
        figures = channel_selectors.delivery_figures([delivery]).get(pk)
        context.update(
            figures=figures,
            figures_at=local_time(figures.taken_at) if figures else "",
            rendered_text=delivery_render(delivery).text,
            attempts=[
                (a, local_time(a.started_at), local_time(a.finished_at))
                for a in selectors_admin.delivery_attempts(delivery)
            ],
            post_url=admin_url(f"{POSTS}:inspect", delivery.post_id)
            if user_can(self.request.user, Perm.CONTENT_EDIT, delivery.post.unit)
            else None,
            retry_url=admin_url(f"{DELIVERIES}:retry", pk)
            if delivery.status == DeliveryStatus.FAILED
            else None,
            resolve_url=admin_url(f"{DELIVERIES}:resolve", pk)
            if delivery.status == DeliveryStatus.UNCERTAIN
            else None,
            cancel_url=admin_url(f"{DELIVERIES}:cancel", pk) if editable else None,
            change_url=admin_url(f"{DELIVERIES}:change", pk) if editable else None,
            delete_remote_url=admin_url(f"{DELIVERIES}:delete_remote", pk)
            if selectors_admin.can_delete_remote(delivery)
            else None,
        )
        return context


class DeliveryActionView(ObjectActionView):
    model = Delivery
    object_select_related = ("post", "account", "account__unit")
    inspect_url_name = f"{DELIVERIES}:inspect"

    def describe(self) -> str:
        return delivery_name(self.object)


class DeliveryRetryView(DeliveryActionView):
    page_title = _("Gửi lại")
    submit_label = _("Gửi lại")
    success_text = _("Đã đưa %(object)s vào hàng đợi để gửi lại.")

    @property
    def confirm_text(self) -> Any:  # type: ignore[override]
        return _("Gửi lại bài lên «%(channel)s»? Lần trước nền tảng báo: %(error)s") % {
            "channel": self.object.account,
            "error": self.object.last_error or "—",
        }

    def perform(self) -> Any:
        return posts.delivery_retry(actor=self.request.user, delivery=self.object)


class DeliveryCancelView(DeliveryActionView):
    page_title = _("Huỷ lượt gửi")
    submit_label = _("Huỷ lượt gửi")
    success_text = _("Đã huỷ lượt gửi %(object)s.")

    @property
    def confirm_text(self) -> Any:  # type: ignore[override]
        return _("Huỷ, không gửi bài này lên «%(channel)s»?") % {"channel": self.object.account}

    def perform(self) -> Any:
        return posts.delivery_cancel(actor=self.request.user, delivery=self.object)


class DeliveryDeleteRemoteView(DeliveryActionView):
    page_title = _("Gỡ bài khỏi nền tảng")
    submit_label = _("Gỡ bài")
    success_text = _("Đã gỡ bài khỏi nền tảng: %(object)s.")

    @property
    def confirm_text(self) -> Any:  # type: ignore[override]
        return _("Gỡ bài đã đăng khỏi «%(channel)s»? Người theo dõi sẽ không còn thấy bài.") % {
            "channel": self.object.account
        }

    def perform(self) -> Any:
        return posts.delivery_delete_remote(actor=self.request.user, delivery=self.object)


class DeliveryResolveView(DeliveryActionView):
    """An uncertain delivery: a person checked the channel."""

    page_title = _("Xác nhận kết quả gửi")
    template_name = "social_channels/admin/delivery_resolve.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = getattr(self, "form", None) or ResolveUncertainForm()
        return context

    def perform(self) -> Any:
        self.form = ResolveUncertainForm(self.request.POST)
        if not self.form.is_valid():
            raise InvalidInput("Địa chỉ bài trên nền tảng không hợp lệ.")
        self.was_posted = self.form.cleaned_data["was_posted"]
        return posts.delivery_resolve_uncertain(
            actor=self.request.user,
            delivery=self.object,
            was_posted=self.was_posted,
            external_url=self.form.cleaned_data.get("external_url") or "",
        )

    @property
    def success_text(self) -> Any:  # type: ignore[override]
        if self.was_posted:
            return _("Đã ghi nhận: bài đã lên «%(channel)s».") % {"channel": self.object.account}
        return _("Đã đưa bài vào hàng đợi để gửi lại lên «%(channel)s».") % {
            "channel": self.object.account
        }


class DeliveryEditView(ObjectFormView):
    """This channel's own text or a new time, while it is not yet sent."""

    model = Delivery
    object_select_related = ("post", "post__unit", "account", "account__unit")
    template_name = "social_channels/admin/delivery_edit.html"
    page_title = _("Sửa lượt gửi")
    header_icon = "edit"

    def get_page_subtitle(self) -> str:
        return delivery_name(self.object)

    def current_text(self) -> str:
        return self.object.text_override or self.object.post.text

    def get_initial(self) -> dict[str, Any]:
        return {"text": self.current_text(), "scheduled_at": self.object.scheduled_at}

    def get_form(self, form_class: Any = None) -> DeliveryEditForm:
        return DeliveryEditForm(**self.get_form_kwargs(), unit=self.object.account.unit)

    def form_valid(self, form: BaseForm) -> HttpResponse:
        text = form.cleaned_data["text"]
        at = form.cleaned_data.get("scheduled_at")
        with form_refusals(form) as refused:
            posts.delivery_edit(
                actor=self.request.user,
                delivery=self.object,
                text=text if text.strip() != self.current_text() else None,
                at=at if at != self.object.scheduled_at else None,
            )
        if refused:
            return self.form_invalid(form)
        messages.success(
            self.request, _("Đã lưu lượt gửi %(object)s.") % {"object": delivery_name(self.object)}
        )
        return redirect(admin_url(f"{DELIVERIES}:inspect", self.object.pk))


class DeliveryViewSet(ListingOnlyViewSet):
    menu_name = "channels-deliveries"
    model = Delivery
    name = DELIVERIES
    url_prefix = "kenh-truyen-thong/hang-doi"
    icon = "tasks"
    menu_label = _("Hàng đợi")
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "post", "account", "status", "scheduled_at", "sent_at", "attempt_count",
        "external_url", "last_error", "last_error_code", "created_at",
    ]  # fmt: skip
    list_per_page = 50

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("change/<int:pk>/", self.construct_view(DeliveryEditView), name="change"),
            path("retry/<int:pk>/", self.construct_view(DeliveryRetryView), name="retry"),
            path("cancel/<int:pk>/", self.construct_view(DeliveryCancelView), name="cancel"),
            path("resolve/<int:pk>/", self.construct_view(DeliveryResolveView), name="resolve"),
            path(
                "delete-remote/<int:pk>/",
                self.construct_view(DeliveryDeleteRemoteView),
                name="delete_remote",
            ),
        ]

    def register_admin_url_finder(self) -> None:
        return None
