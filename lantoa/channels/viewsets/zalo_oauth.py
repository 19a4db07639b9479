"""Connecting a Zalo OA through Zalo's own permission page (OAuth v4 + PKCE).

"Kết nối Zalo OA qua cấp quyền": the officer picks the unit, is sent to Zalo,
chooses the OA and grants access; Zalo sends them back to the callback with a
one-time code that `accounts.zalo_oauth_complete` exchanges for the tokens.
The PKCE verifier and the state stay in the server-side session (never in a
URL); a state is used once and expires after ZALO_CODE_LIFETIME (Zalo's code
lives 10 minutes).
"""

import time
from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lantoa.channels import selectors_admin
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services import accounts
from lantoa.channels.viewsets.common import ACCOUNTS, FormErrorsMixin, admin_url
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import form_refusals
from lantoa.org.admin_blocks import UnitChoiceField, fit_unit_widget
from lantoa.org.public import OrgUnit

SESSION_KEY = "lantoa_zalo_oauth"
ZALO_CODE_LIFETIME = 15 * 60
MAX_PENDING = 5  # per session: a few tabs, not an unbounded list


class ZaloOAuthStartForm(forms.Form):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị sở hữu OA"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = selectors_admin.channel_units_for(user).order_by("path")
        fit_unit_widget(field)


class ZaloOAuthStartView(
    FormErrorsMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    model = ChannelAccount
    permission_required = "add"
    template_name = "social_channels/admin/zalo_oauth_start.html"
    page_title = _("Kết nối Zalo OA qua cấp quyền")
    header_icon = "link"

    def get_form(self, form_class: Any = None) -> ZaloOAuthStartForm:
        return ZaloOAuthStartForm(**self.get_form_kwargs(), user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "action_url": self.request.path,
            "submit_button_label": _("Sang Zalo để cấp quyền"),
            "callback_url": self.callback_url(),
        }

    def callback_url(self) -> str:
        return self.request.build_absolute_uri(admin_url(f"{ACCOUNTS}:zalo_callback"))

    def form_valid(self, form: forms.BaseForm) -> HttpResponse:
        unit = form.cleaned_data["unit"]
        with form_refusals(form) as refused:
            start = accounts.zalo_oauth_begin(
                actor=self.request.user, unit=unit, redirect_uri=self.callback_url()
            )
        if refused:
            return self.form_invalid(form)
        pending = dict(self.request.session.get(SESSION_KEY) or {})
        now = time.time()
        pending = {s: p for s, p in pending.items() if now - float(p["at"]) < ZALO_CODE_LIFETIME}
        for oldest in sorted(pending, key=lambda s: pending[s]["at"])[: -MAX_PENDING + 1]:
            pending.pop(oldest)
        pending[start.state] = {"verifier": start.code_verifier, "unit": unit.pk, "at": now}
        self.request.session[SESSION_KEY] = pending
        return redirect(start.url)


class ZaloOAuthCallbackView(PermissionCheckedMixin, View):
    """Where Zalo sends the officer back: `?code=…&oa_id=…&state=…`."""

    model = ChannelAccount
    permission_required = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        pending = dict(request.session.get(SESSION_KEY) or {})
        entry = pending.pop(str(request.GET.get("state") or ""), None)
        request.session[SESSION_KEY] = pending
        code = str(request.GET.get("code") or "")
        failed = redirect(admin_url(f"{ACCOUNTS}:zalo_connect"))
        if entry is None or time.time() - float(entry["at"]) > ZALO_CODE_LIFETIME:
            messages.error(
                request, _("Phiên cấp quyền Zalo không hợp lệ hoặc đã hết hạn; hãy thử lại.")
            )
            return failed
        if not code:
            messages.error(request, _("Zalo không cấp quyền cho ứng dụng (không có mã)."))
            return failed
        unit = selectors_admin.channel_units_for(request.user).filter(pk=entry["unit"]).first()
        if unit is None:
            raise PermissionDenied
        try:
            account = accounts.zalo_oauth_complete(
                actor=request.user, unit=unit, code=code, code_verifier=entry["verifier"]
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return failed
        messages.success(
            request, _("Đã kết nối «%(object)s»; token sẽ được tự gia hạn.") % {"object": account}
        )
        return redirect(admin_url(f"{ACCOUNTS}:inspect", account.pk))
