"""Advocacy screens beyond Wagtail's generic ones: a kit with its figures
and its approval, a unit's sharing rules, and the boards."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.advocacy import selectors, services
from lantoa.advocacy.choices import KitState, Network
from lantoa.advocacy.models import ShareKit, SharePolicy
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.permissions import object_in_scope
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit


def scoped_kit(request: HttpRequest, pk: Any, perm: str = Perm.CONTENT_EDIT) -> ShareKit:
    from lantoa.advocacy.viewsets import kit_permission_policy

    if not scoping.user_has_any(request.user, perm):
        raise PermissionDenied
    kit: ShareKit = object_in_scope(kit_permission_policy, request.user, "view", pk=pk)
    return kit


class KitDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "advocacy/admin/kit_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.kit = scoped_kit(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.kit)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kit = self.kit
        labels = dict(Network.choices)
        context.update(
            kit=kit,
            texts=[(labels[n], t) for n, t in kit.texts.values_list("network", "text")],
            figures=selectors.kit_figures(kit),
            can_publish=kit.state == KitState.DRAFT
            and scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, kit.unit),
            action_url=reverse("advocacy_kits:action", args=[kit.pk]),
            edit_url=reverse("advocacy_kits:edit", args=[kit.pk]),
        )
        return context


class KitActionView(View):
    """POST action=publish|close."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        perm = Perm.CONTENT_APPROVE if action == "publish" else Perm.CONTENT_EDIT
        kit = scoped_kit(request, pk, perm)
        if not scoping.user_can(request.user, perm, kit.unit):
            raise PermissionDenied
        try:
            if action == "publish":
                services.kit_publish(actor=request.user, kit=kit)
                messages.success(request, "Đã duyệt: đoàn viên đã thấy bộ chia sẻ.")
            elif action == "close":
                services.kit_close(actor=request.user, kit=kit)
                messages.success(request, "Đã kết thúc bộ chia sẻ.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
        return redirect("advocacy_kits:detail", pk)


class PolicyForm(forms.Form):
    networks = forms.MultipleChoiceField(
        label="Mạng được chia sẻ", choices=Network.choices, widget=forms.CheckboxSelectMultiple
    )
    blocked_words = forms.CharField(
        label="Từ ngữ không dùng (mỗi dòng một từ)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class PolicyView(WagtailAdminTemplateMixin, TemplateView):
    """A unit's sharing rules (GET the form, POST saves): Perm.CONTENT_APPROVE."""

    template_name = "advocacy/admin/policy.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_APPROVE):
            raise PermissionDenied
        self.unit: OrgUnit = scoping.unit_in_scope(
            request.user, Perm.CONTENT_APPROVE, pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Quy định chia sẻ: {self.unit.name}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy = SharePolicy.objects.filter(unit=self.unit).first()
        form = kwargs.get("form") or PolicyForm(
            initial={
                "networks": policy.networks if policy else list(Network.values),
                "blocked_words": "\n".join(policy.blocked_words) if policy else "",
            }
        )
        context.update(unit=self.unit, form=form, effective=services.effective_policy(self.unit))
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.policy_save(
                    actor=request.user,
                    unit=self.unit,
                    networks=form.cleaned_data["networks"],
                    blocked_words=form.cleaned_data["blocked_words"].splitlines(),
                )
            except LantoaError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã lưu quy định chia sẻ.")
                return redirect("advocacy_policy", pk)
        return self.render_to_response(self.get_context_data(form=form))


class BoardsView(WagtailAdminTemplateMixin, TemplateView):
    """Boards of a unit in scope (`?unit=`), over the last `?days=` (30)."""

    template_name = "advocacy/admin/boards.html"
    page_title = "Bảng xếp hạng chia sẻ"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        units = scoping.units_for(user, Perm.CONTENT_EDIT).order_by("path")
        wanted = self.request.GET.get("unit", "")
        unit = (units.filter(pk=wanted).first() if wanted.isdigit() else None) or units.first()
        days = (
            max(1, min(int(self.request.GET.get("days", "30") or 30), 366))
            if self.request.GET.get("days", "30").isdigit()
            else 30
        )
        end = timezone.localdate()
        start = end - dt.timedelta(days=days - 1)
        context.update(
            unit=unit,
            units=units[:500],
            days=days,
            people=selectors.person_board(unit, start, end) if unit else [],
            unit_rows=selectors.unit_board(unit, start, end) if unit else [],
            policy_url=reverse("advocacy_policy", args=[unit.pk]) if unit else "",
        )
        return context
