"""Honours screens in the back office beyond Wagtail's generic ones: the
round screen with its actions, nominating a member (with evidence), and a
nomination with its chain of decisions. Each POST calls services; a refusal
comes back as a message."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.admin_views import Decision, DecisionPostMixin, StateAction, StateActionView
from lantoa.core.campaign_refs import campaign_choices_at, campaign_title
from lantoa.core.exceptions import LantoaError
from lantoa.core.permissions import object_in_scope
from lantoa.core.viewsets import add_service_error
from lantoa.honours import selectors
from lantoa.honours.choices import NominationState
from lantoa.honours.forms import NominationForm
from lantoa.honours.models import HonourRound, Nomination
from lantoa.honours.services import nominations, rounds
from lantoa.org import scoping
from lantoa.org.admin_blocks import PermAccessMixin
from lantoa.org.choices import Perm


def _policy(model: type) -> Any:
    from lantoa.honours.viewsets import POLICIES

    return POLICIES[model]


class RoundDetailView(PermAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "honours/admin/round_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        self.round: HonourRound = object_in_scope(
            _policy(HonourRound), request.user, "view", pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.round)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            round=self.round,
            nominations=list(
                self.round.nominations.select_related("member", "unit", "awaiting_unit").order_by(
                    "unit__path", "id"
                )
            ),
            page=getattr(self.round, "page", None) if hasattr(self.round, "page") else None,
            can_approve=scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, self.round.unit),
            action_url=reverse("honours_rounds:action", args=[self.round.pk]),
            index_url=reverse("honours_rounds:index"),
            campaign=campaign_title(self.request.user, self.round.campaign_ref),
            campaigns=campaign_choices_at(self.round.unit.path),
        )
        return context


class RoundActionView(StateActionView):
    """POST action=submit|approve|close|publish|cancel, or action=campaign
    with `campaign` (a public id, empty to untie)."""

    actions = {
        "submit": StateAction(
            rounds.round_submit, Perm.CONTENT_EDIT, "Đã trình duyệt đợt tôn vinh."
        ),
        "approve": StateAction(
            rounds.round_approve, Perm.CONTENT_APPROVE, "Đã duyệt: các đơn vị gửi đề cử."
        ),
        "close": StateAction(rounds.round_close, Perm.CONTENT_EDIT, "Đã kết thúc nhận đề cử."),
        "publish": StateAction(
            rounds.round_publish, Perm.CONTENT_APPROVE, "Đã công bố bảng vinh danh."
        ),
        "cancel": StateAction(rounds.round_cancel, Perm.CONTENT_APPROVE, "Đã hủy đợt tôn vinh."),
    }
    target = "round_"
    default_perm = Perm.CONTENT_EDIT
    detail_url_name = "honours_rounds:detail"

    def load(self, pk: int) -> HonourRound:
        if not scoping.user_has_any(self.request.user, self.step_perm):
            raise PermissionDenied
        round_: HonourRound = object_in_scope(
            _policy(HonourRound), self.request.user, "view", pk=pk
        )
        if not scoping.user_can(self.request.user, self.step_perm, round_.unit):
            raise PermissionDenied
        return round_

    def other_action(self, obj: HonourRound, name: str) -> str:
        """action=campaign with `campaign` (a campaign's public id; empty unties)."""
        if name != "campaign":
            return ""
        raw = self.request.POST.get("campaign", "").strip()
        try:
            ref = uuid.UUID(raw) if raw else None
        except ValueError:
            raise LantoaError("Chiến dịch không hợp lệ.") from None
        rounds.round_campaign_set(actor=self.request.user, round_=obj, campaign_ref=ref)
        return "Đã lưu chiến dịch của đợt tôn vinh."


class NominationCreateView(PermAccessMixin, WagtailAdminTemplateMixin, FormView):
    """A unit nominates one of its members, with one piece of evidence (more
    can follow on the nomination's screen while it is a draft)."""

    template_name = "honours/admin/nominate.html"
    page_title = "Đề cử tôn vinh"

    def get_form(self, form_class: Any = None) -> NominationForm:
        return NominationForm(
            **self.get_form_kwargs(),
            rounds=selectors.open_rounds_for(self.request.user),
            units=scoping.units_for(self.request.user, Perm.CONTENT_EDIT).order_by("path"),
        )

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        member = (
            scoping.members_for(self.request.user, Perm.MEMBER_VIEW)
            .filter(employee_code=data["employee_code"].strip())
            .first()
        )
        if member is None:
            form.add_error("employee_code", "Không có đoàn viên mang mã này trong phạm vi của bạn.")
            return self.form_invalid(form)
        upload = data["evidence"]
        try:
            with transaction.atomic():
                created = nominations.nomination_create(
                    actor=self.request.user,
                    round_=data["round"],
                    unit=data["unit"],
                    member=member,
                    citation=data["citation"],
                )
                nominations.evidence_add(
                    actor=self.request.user,
                    nomination=created,
                    file=upload,
                    name=upload.name,
                    size=upload.size,
                    caption=data["caption"],
                )
                if data["submit_now"]:
                    nominations.nomination_submit(actor=self.request.user, nomination=created)
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Đã lập đề cử {member.full_name}.")
        return redirect("honours_nominations:decide", created.pk)


class NominationDecideView(DecisionPostMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the nomination, its evidence and decisions; POST decision=
    submit|approve|return|reject with note=…"""

    template_name = "honours/admin/nomination.html"
    target = "nomination"
    screen_url_name = "honours_nominations:decide"
    decisions = {
        "submit": Decision(
            nominations.nomination_submit, "Đã gửi đề cử lên xét duyệt.", note=False
        ),
        "approve": Decision(nominations.nomination_approve, "Đã đồng ý đề cử."),
        "return": Decision(nominations.nomination_return, "Đã trả lại đề cử để bổ sung."),
        "reject": Decision(nominations.nomination_reject, "Đã ghi nhận: không đồng ý đề cử."),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        self.nomination: Nomination = object_in_scope(
            _policy(Nomination), request.user, "view", pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.nomination)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        nomination = Nomination.objects.select_related(
            "member", "unit", "round__unit", "awaiting_unit"
        ).get(pk=self.nomination.pk)
        waiting = nomination.state == NominationState.IN_REVIEW and nomination.awaiting_unit
        context.update(
            nomination=nomination,
            evidence=list(nomination.evidence.all()),
            steps=list(nomination.steps.select_related("unit", "decided_by")),
            can_submit=nomination.state in (NominationState.DRAFT, NominationState.RETURNED),
            can_decide=bool(waiting)
            and scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, nomination.awaiting_unit),
            index_url=reverse("honours_nominations:index"),
        )
        return context
