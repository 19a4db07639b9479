"""Channels in the admin: the scoped list with state badges, "Kết nối kênh"
(paste a token; the platform is asked before anything is stored), reconnect
with a new token, pause and resume. Credentials are never shown back: no
screen reads them into a page, and the token fields never re-render a value.
"""

from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
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
from wagtail.admin.views import generic

from lantoa.channels import selectors_admin
from lantoa.channels.choices import AccountState, Platform
from lantoa.channels.forms import (
    EXTRA_FIELDS,
    ChannelConnectForm,
    ChannelReconnectForm,
    ChannelSettingsForm,
    redact,
)
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services import accounts
from lantoa.channels.services.credentials import account_settings, account_view
from lantoa.channels.viewsets.common import (
    ACCOUNTS,
    DELIVERIES,
    STATE_TONES,
    BadgeColumn,
    FilteredIndexView,
    ObjectActionView,
    ObjectFormView,
    ScopedFilterSet,
    SubtreeFilter,
    _units,
    admin_url,
    hide_secrets,
    local_time,
    short,
)
from lantoa.channels.viewsets.zalo_oauth import ZaloOAuthCallbackView, ZaloOAuthStartView
from lantoa.core.crypto import SecretUnreadable
from lantoa.core.exceptions import InvalidInput, LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import (
    ScopedInspectView,
    ScopedModelViewSet,
    ServiceFormMixin,
    form_refusals,
)


class AccountFilterSet(ScopedFilterSet):
    unit = SubtreeFilter(label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=_units)
    platform = django_filters.ChoiceFilter(label=_("Nền tảng"), choices=Platform.choices)
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=AccountState.choices)

    class Meta:
        model = ChannelAccount
        fields: list[str] = []


class AccountIndexView(FilteredIndexView):
    page_title = _("Kênh")
    filterset_class = AccountFilterSet
    object_select_related = ("unit",)

    def order_queryset(self, queryset: QuerySet[ChannelAccount]) -> QuerySet[ChannelAccount]:
        if self.ordering:
            return queryset.order_by(self.ordering, "id")
        return queryset.order_by("unit__path", "platform", "name", "id")

    @cached_property
    def add_item_label(self) -> str:
        return str(_("Kết nối kênh"))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "name", label=_("Tên kênh"), sort_key="name", get_url=self.get_inspect_url
            ),
            Column("platform", label=_("Nền tảng"), accessor="get_platform_display"),
            Column("unit", label=_("Đơn vị"), sort_key="unit__path"),
            BadgeColumn("state", label=_("Trạng thái"), tones=STATE_TONES, sort_key="state"),
            Column(
                "last_success_at",
                label=_("Đăng thành công gần nhất"),
                accessor=lambda a: local_time(a.last_success_at),
                sort_key="last_success_at",
            ),
            Column("last_error", label=_("Lỗi gần nhất"), accessor=lambda a: short(a.last_error)),
        ]

    def get_list_more_buttons(self, instance: ChannelAccount) -> list[MenuItem]:
        buttons = []
        if url := self.get_inspect_url(instance):
            buttons.append(MenuItem(_("Xem chi tiết"), url, "info-circle", 10))
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            buttons.append(
                MenuItem(
                    _("Kết nối lại (token mới)"),
                    reverse(f"{ACCOUNTS}:reconnect", args=[instance.pk]),
                    "link",
                    20,
                )
            )
            if instance.state != AccountState.PAUSED:
                url = reverse(f"{ACCOUNTS}:pause", args=[instance.pk])
                buttons.append(MenuItem(_("Tạm dừng"), url, "time", 30))
            if instance.state != AccountState.ACTIVE:
                url = reverse(f"{ACCOUNTS}:resume", args=[instance.pk])
                buttons.append(MenuItem(_("Tiếp tục"), url, "resubmit", 30))
        return buttons


@hide_secrets
class AccountConnectView(ServiceFormMixin, generic.CreateView):
    """Paste a token: the platform is asked who it belongs to before anything
    is stored, and its refusal is shown on the form."""

    page_title = _("Kết nối kênh")
    template_name = "social_channels/admin/account_connect.html"
    submit_button_label = _("Kiểm tra và kết nối")
    submit_button_active_label = _("Đang kiểm tra với nền tảng…")
    success_message = _("Đã kết nối kênh «%(object)s».")

    def get_form_class(self) -> type[ChannelConnectForm]:
        return ChannelConnectForm

    def save_instance(self) -> ChannelAccount:
        form = self.form
        try:
            return accounts.account_connect(actor=self.request.user, **form.connect_arguments())
        except IntegrityError as exc:
            raise InvalidInput("Kênh này đã được kết nối trong Lantoa.") from exc
        except InvalidInput as exc:
            raise InvalidInput(redact(exc.message, form.secrets_typed())) from exc

    def get_edit_url(self) -> str:
        # There is no edit screen: a channel is changed by reconnecting it.
        return admin_url(f"{ACCOUNTS}:inspect", self.object.pk)

    def get_success_buttons(self) -> list[Any]:
        return []

    def get_success_url(self) -> str:
        return admin_url(f"{ACCOUNTS}:inspect", self.object.pk)


@hide_secrets
class AccountReconnectView(ObjectFormView):
    """A new token for a broken or expiring channel; on success the channel is
    active again and its waiting deliveries resume."""

    model = ChannelAccount
    object_select_related = ("unit",)
    template_name = "social_channels/admin/account_reconnect.html"
    page_title = _("Kết nối lại kênh")
    header_icon = "link"
    submit_label = _("Kiểm tra và kết nối lại")
    submit_active_label = _("Đang kiểm tra với nền tảng…")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "account": self.object}

    def get_form(self, form_class: Any = None) -> ChannelReconnectForm:
        return ChannelReconnectForm(**self.get_form_kwargs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["last_success"] = local_time(self.object.last_success_at)
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        assert isinstance(form, ChannelReconnectForm)  # noqa: S101 - narrows the type
        try:
            stored = dict(account_view(self.object).credentials)
        except SecretUnreadable:
            stored = {}  # encrypted with a retired key: start afresh
        try:
            accounts.account_update_credentials(
                actor=self.request.user,
                account=self.object,
                credentials=form.credentials(self.object.platform, stored),
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            form.add_error(None, redact(exc.message, form.secrets_typed()))
            return self.form_invalid(form)
        messages.success(self.request, _("Đã kết nối lại «%(object)s».") % {"object": self.object})
        return redirect(admin_url(f"{ACCOUNTS}:inspect", self.object.pk))


class AccountSettingsView(ObjectFormView):
    """The settings that are not secret (author, default cover, …): changed
    without pasting the token again."""

    model = ChannelAccount
    object_select_related = ("unit",)
    template_name = "social_channels/admin/account_settings.html"
    page_title = _("Cài đặt kênh")
    header_icon = "cog"
    submit_label = _("Lưu cài đặt")
    submit_active_label = _("Đang kiểm tra…")

    def get_form(self, form_class: Any = None) -> ChannelSettingsForm:
        try:
            current = account_settings(self.object)
        except SecretUnreadable:
            current = {}
        return ChannelSettingsForm(**self.get_form_kwargs(), account=self.object, current=current)

    def form_valid(self, form: BaseForm) -> HttpResponse:
        assert isinstance(form, ChannelSettingsForm)  # noqa: S101 - narrows the type
        with form_refusals(form) as refused:
            accounts.account_settings_update(
                actor=self.request.user, account=self.object, settings=form.settings()
            )
        if refused:
            return self.form_invalid(form)
        messages.success(
            self.request, _("Đã lưu cài đặt của «%(object)s».") % {"object": self.object}
        )
        return redirect(admin_url(f"{ACCOUNTS}:inspect", self.object.pk))


class AccountStateView(ObjectActionView):
    """Pause a channel (its deliveries wait) or resume it (they go out)."""

    model = ChannelAccount
    object_select_related = ("unit",)
    inspect_url_name = f"{ACCOUNTS}:inspect"
    target_state = AccountState.PAUSED

    @property
    def page_title(self) -> Any:  # type: ignore[override]
        return _("Tạm dừng kênh") if self.pausing else _("Tiếp tục kênh")

    @property
    def pausing(self) -> bool:
        return self.target_state == AccountState.PAUSED

    @property
    def confirm_text(self) -> Any:  # type: ignore[override]
        if self.pausing:
            return _(
                "Tạm dừng «%(object)s»? Các bài chờ gửi sẽ đợi đến khi kênh hoạt động lại."
            ) % {"object": self.object}
        return _("Cho «%(object)s» hoạt động lại? Các bài đang chờ sẽ được gửi.") % {
            "object": self.object
        }

    @property
    def submit_label(self) -> Any:  # type: ignore[override]
        return _("Tạm dừng") if self.pausing else _("Tiếp tục")

    @property
    def success_text(self) -> Any:  # type: ignore[override]
        return (
            _("Đã tạm dừng «%(object)s».") if self.pausing else _("«%(object)s» đã hoạt động lại.")
        )

    def perform(self) -> Any:
        return accounts.account_set_state(
            actor=self.request.user, account=self.object, state=self.target_state
        )


class AccountInspectView(ScopedInspectView):
    object_select_related = ("unit",)
    template_name = "social_channels/admin/account_inspect.html"

    def get_last_success_at_display_value(self) -> str:
        return local_time(self.object.last_success_at)

    def get_last_error_at_display_value(self) -> str:
        return local_time(self.object.last_error_at)

    def get_token_expires_at_display_value(self) -> str:
        return local_time(self.object.token_expires_at)

    def get_created_at_display_value(self) -> str:
        return local_time(self.object.created_at)

    def get_followers_display_value(self) -> str:
        return (
            "—" if self.object.followers is None else f"{self.object.followers:,}".replace(",", ".")
        )

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        return []  # the actions are in the page itself

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        account = self.object
        recent = list(selectors_admin.delivery_list(self.request.user, account=account)[:10])
        context.update(
            reconnect_url=admin_url(f"{ACCOUNTS}:reconnect", account.pk),
            settings_url=admin_url(f"{ACCOUNTS}:settings", account.pk)
            if any(not secret and account.platform in used for _k, _l, secret, used in EXTRA_FIELDS)
            else None,
            pause_url=admin_url(f"{ACCOUNTS}:pause", account.pk)
            if account.state != AccountState.PAUSED
            else None,
            resume_url=admin_url(f"{ACCOUNTS}:resume", account.pk)
            if account.state != AccountState.ACTIVE
            else None,
            recent_deliveries=[(d, admin_url(f"{DELIVERIES}:inspect", d.pk)) for d in recent],
            deliveries_url=f"{admin_url(f'{DELIVERIES}:index')}?{urlencode({'account': account.pk})}",
        )
        return context


class ChannelAccountViewSet(ScopedModelViewSet):
    menu_name = "channels-accounts"
    model = ChannelAccount
    name = ACCOUNTS
    url_prefix = "kenh-truyen-thong/kenh"
    icon = "globe"
    menu_label = _("Kênh")
    index_view_class = AccountIndexView
    add_view_class = AccountConnectView
    inspect_view_class = AccountInspectView
    inspect_view_enabled = True
    # Never the credentials: not even their ciphertext.
    inspect_view_fields = [
        "name", "platform", "external_id", "unit", "state", "followers", "last_success_at",
        "last_error", "last_error_at", "token_expires_at", "auto_post_articles", "created_at",
    ]  # fmt: skip
    list_per_page = 50
    dropped_views = frozenset({"history", "history_results", "usage", "edit", "delete"})

    def get_form_class(self, for_update: bool = False) -> type[ChannelConnectForm]:
        return ChannelConnectForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path(
                "reconnect/<int:pk>/", self.construct_view(AccountReconnectView), name="reconnect"
            ),
            path("settings/<int:pk>/", self.construct_view(AccountSettingsView), name="settings"),
            path("zalo/", self.construct_view(ZaloOAuthStartView), name="zalo_connect"),
            path(
                "zalo/callback/",
                self.construct_view(ZaloOAuthCallbackView),
                name="zalo_callback",
            ),
            path(
                "pause/<int:pk>/",
                self.construct_view(AccountStateView, target_state=AccountState.PAUSED),
                name="pause",
            ),
            path(
                "resume/<int:pk>/",
                self.construct_view(AccountStateView, target_state=AccountState.ACTIVE),
                name="resume",
            ),
        ]

    def register_admin_url_finder(self) -> None:
        return None  # no edit screen to find
