"""The race's screens in the back office beyond Wagtail's generic ones: the
race screen (state, rules, totals, approval), the review of one held
activity, and the answer to one appeal. Each POST calls one service; a
refusal comes back as a message."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.admin_views import Decision, DecisionPostMixin, StateAction, StateActionView
from lantoa.core.permissions import object_in_scope
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.race import selectors
from lantoa.race.choices import ActivityStatus, AppealStatus, RaceState
from lantoa.race.models import Activity, Appeal, Race
from lantoa.race.services import activities, races


def scoped(
    request: HttpRequest, policy: BasePermissionPolicy, pk: Any, *, perm: str = Perm.CONTENT_EDIT
) -> Any:
    """The object if the user may `perm` over it: no such right anywhere →
    refused; outside their scope → 404 (the order of ScopedObjectMixin)."""
    if not scoping.user_has_any(request.user, perm) or not policy.user_has_permission(
        request.user, "view"
    ):
        raise PermissionDenied
    obj: Model = object_in_scope(policy, request.user, "view", pk=pk)
    return obj


def _policy(model: type[Model]) -> BasePermissionPolicy:
    from lantoa.race.viewsets import POLICIES

    return POLICIES[model]


class RaceDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "race/admin/race_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.race: Race = scoped(request, _policy(Race), kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.race)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        race = self.race
        context.update(
            race=race,
            totals=selectors.race_totals(race),
            units=selectors.unit_board(race)[:20],
            reviews=selectors.open_review_count(race),
            appeals=selectors.open_appeal_count(race),
            page=getattr(race, "page", None) if hasattr(race, "page") else None,
            can_approve=scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, race.unit),
            action_url=reverse("race_races:action", args=[race.pk]),
            edit_url=reverse("race_races:edit", args=[race.pk])
            if race.state == RaceState.DRAFT
            else "",
            review_url=reverse("race_activities:index")
            + f"?race={race.pk}&status={ActivityStatus.REVIEW}",
            appeals_url=reverse("race_appeals:index") + f"?race={race.pk}&status=open",
            index_url=reverse("race_races:index"),
        )
        return context


class RaceActionView(StateActionView):
    """POST action=submit|approve|return|cancel (note=… for return and cancel)."""

    actions = {
        "submit": StateAction(races.race_submit, Perm.CONTENT_EDIT, "Đã trình duyệt giải chạy."),
        "approve": StateAction(
            races.race_approve,
            Perm.CONTENT_APPROVE,
            "Đã duyệt: đoàn viên các đơn vị được tham gia đã thấy giải.",
        ),
        "return": StateAction(
            races.race_return, Perm.CONTENT_APPROVE, "Đã trả lại giải để sửa.", note=True
        ),
        "cancel": StateAction(races.race_cancel, Perm.CONTENT_APPROVE, "Đã hủy giải.", note=True),
    }
    target = "race"
    default_perm = Perm.CONTENT_EDIT
    detail_url_name = "race_races:detail"

    def load(self, pk: int) -> Race:
        race: Race = scoped(self.request, _policy(Race), pk, perm=self.step_perm)
        if not scoping.user_can(self.request.user, self.step_perm, race.unit):
            raise PermissionDenied
        return race


class ActivityReviewView(DecisionPostMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the activity, its findings and the member's file; POST
    decision=approve|reject with note=…"""

    template_name = "race/admin/activity_review.html"
    target = "activity"
    screen_url_name = "race_activities:review"
    decisions = {
        "approve": Decision(activities.activity_approve, "Đã chấp nhận: hoạt động được tính."),
        "reject": Decision(activities.activity_reject, "Đã không chấp nhận hoạt động."),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.activity: Activity = scoped(request, _policy(Activity), kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Xem xét: {self.activity}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        activity = Activity.objects.select_related(
            "registration__member", "registration__unit", "race"
        ).get(pk=self.activity.pk)
        context.update(
            activity=activity,
            registration=activity.registration,
            can_decide=activity.status == ActivityStatus.REVIEW,
            index_url=reverse("race_activities:index"),
        )
        return context


class AppealDecideView(DecisionPostMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the appeal and its activity; POST decision=uphold|dismiss with note=…"""

    template_name = "race/admin/appeal_decide.html"
    target = "appeal"
    screen_url_name = "race_appeals:decide"
    decisions = {
        "uphold": Decision(
            activities.appeal_uphold, "Đã chấp nhận khiếu nại: hoạt động được tính."
        ),
        "dismiss": Decision(activities.appeal_dismiss, "Đã trả lời: không chấp nhận khiếu nại."),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.appeal: Appeal = scoped(request, _policy(Appeal), kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.appeal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        appeal = Appeal.objects.select_related(
            "activity__registration__member", "activity__registration__unit"
        ).get(pk=self.appeal.pk)
        context.update(
            appeal=appeal,
            activity=appeal.activity,
            registration=appeal.activity.registration,
            can_decide=appeal.status == AppealStatus.OPEN,
            index_url=reverse("race_appeals:index"),
        )
        return context
