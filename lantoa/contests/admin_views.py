"""The contest's screens in the back office beyond Wagtail's generic ones:
the contest screen (state, rounds, jury, bursts, results) with its actions,
and the moderation of one photo. Each POST calls one service; a refusal
comes back as a message."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.contests import selectors
from lantoa.contests.choices import BurstStatus, ContestState, EntryStatus
from lantoa.contests.models import Contest, Entry, Round, VoteBurst
from lantoa.contests.services import contests, entries, jury, results, votes
from lantoa.core.admin_views import Decision, DecisionPostMixin, StateAction, StateActionView
from lantoa.core.permissions import object_in_scope
from lantoa.org import scoping
from lantoa.org.admin_blocks import PermAccessMixin
from lantoa.org.choices import Perm


def _contest_policy() -> Any:
    from lantoa.contests.viewsets import contest_permission_policy

    return contest_permission_policy


def _entry_policy() -> Any:
    from lantoa.contests.viewsets import entry_permission_policy

    return entry_permission_policy


class ContestDetailView(PermAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "contests/admin/contest_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        self.contest: Contest = object_in_scope(
            _contest_policy(), request.user, "view", pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.contest)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contest = self.contest
        rounds = list(contest.rounds.order_by("number"))
        context.update(
            contest=contest,
            counts=selectors.contest_counts(contest),
            rounds=[(r, selectors.round_progress(r)) for r in rounds],
            jurors=list(contest.jurors.select_related("member", "unit").order_by("id")),
            bursts=list(
                contest.bursts.filter(status=BurstStatus.OPEN).select_related("entry")[:20]
            ),
            ranked=selectors.ranked_entries(contest, limit=contest.winners_count + 10),
            page=getattr(contest, "page", None) if hasattr(contest, "page") else None,
            can_approve=scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, contest.unit),
            action_url=reverse("contests_contests:action", args=[contest.pk]),
            edit_url=reverse("contests_contests:edit", args=[contest.pk])
            if contest.state == ContestState.DRAFT
            else "",
            queue_url=reverse("contests_entries:index")
            + f"?contest={contest.pk}&status={EntryStatus.SUBMITTED}",
            index_url=reverse("contests_contests:index"),
        )
        return context


class ContestActionView(StateActionView):
    """POST action=… : submit, approve, return, cancel (note=…); round_create
    (title, blind, score_max, advance_count), round_open / round_close
    (round=<id>); juror_appoint (code=<employee code>), juror_remove
    (juror=<id>); burst_dismiss (burst=<id>); compute; publish."""

    actions = {
        "submit": StateAction(
            contests.contest_submit, Perm.CONTENT_EDIT, "Đã trình duyệt cuộc thi."
        ),
        "approve": StateAction(
            contests.contest_approve,
            Perm.CONTENT_APPROVE,
            "Đã duyệt: đoàn viên các đơn vị được tham gia đã thấy cuộc thi.",
        ),
        "return": StateAction(
            contests.contest_return,
            Perm.CONTENT_APPROVE,
            "Đã trả lại cuộc thi để sửa.",
            note=True,
        ),
        "cancel": StateAction(
            contests.contest_cancel, Perm.CONTENT_APPROVE, "Đã hủy cuộc thi.", note=True
        ),
    }
    target = "contest"
    default_perm = Perm.CONTENT_EDIT
    detail_url_name = "contests_contests:detail"

    @property
    def step_perm(self) -> str:
        if self.action_name == "publish":
            return Perm.CONTENT_APPROVE
        return super().step_perm

    def load(self, pk: int) -> Contest:
        if not scoping.user_has_any(self.request.user, self.step_perm):
            raise PermissionDenied
        contest: Contest = object_in_scope(_contest_policy(), self.request.user, "view", pk=pk)
        if not scoping.user_can(self.request.user, self.step_perm, contest.unit):
            raise PermissionDenied
        return contest

    def other_action(self, contest: Contest, action: str) -> str:
        user, post = self.request.user, self.request.POST
        if action == "round_create":
            advance = post.get("advance_count", "").strip()
            score_max = post.get("score_max", "10").strip()
            created = jury.round_create(
                actor=user,
                contest=contest,
                title=post.get("title", ""),
                blind=post.get("blind") == "on",
                score_max=int(score_max) if score_max.isdigit() else 0,
                advance_count=int(advance) if advance.isdigit() else None,
            )
            return f"Đã tạo {created.title}."
        if action in ("round_open", "round_close"):
            round_ = Round.objects.filter(contest=contest, pk=_int(post.get("round"))).first()
            if round_ is None:
                return ""
            if action == "round_open":
                jury.round_open(actor=user, round_=round_)
                return f"Đã mở {round_.title}: giám khảo bắt đầu chấm."
            jury.round_close(actor=user, round_=round_)
            return f"Đã kết thúc {round_.title}."
        if action == "juror_appoint":
            member = (
                scoping.members_for(user, Perm.MEMBER_VIEW)
                .filter(employee_code=post.get("code", "").strip())
                .first()
            )
            if member is None:
                return ""
            jury.juror_appoint(actor=user, contest=contest, member=member)
            return f"Đã mời {member.full_name} vào ban giám khảo."
        if action == "juror_remove":
            seat = contest.jurors.filter(pk=_int(post.get("juror"))).first()
            if seat is None:
                return ""
            jury.juror_remove(actor=user, juror=seat)
            return "Đã bỏ giám khảo."
        if action == "burst_dismiss":
            burst = VoteBurst.objects.filter(contest=contest, pk=_int(post.get("burst"))).first()
            if burst is None:
                return ""
            votes.burst_dismiss(actor=user, burst=burst)
            return "Đã ghi nhận: không có bất thường."
        if action == "compute":
            ranked = results.results_compute(actor=user, contest=contest)
            return f"Đã tính kết quả cho {len(ranked)} ảnh."
        if action == "publish":
            results.results_publish(actor=user, contest=contest)
            return "Đã công bố kết quả và trang ảnh đoạt giải."
        return ""


def _int(raw: Any) -> int:
    text = str(raw or "")
    return int(text) if text.isdigit() else 0


class EntryModerateView(DecisionPostMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: the photo, its author, consents and credit; POST
    decision=approve|reject with note=…"""

    template_name = "contests/admin/entry_moderate.html"
    target = "entry"
    screen_url_name = "contests_entries:moderate"
    decisions = {
        "approve": Decision(
            entries.entry_approve, "Đã duyệt: ảnh vào vòng chấm và được bình chọn."
        ),
        "reject": Decision(
            entries.entry_reject, "Đã loại ảnh; tác giả thấy lý do trong khu vực đoàn viên."
        ),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        self.entry: Entry = object_in_scope(_entry_policy(), request.user, "view", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Kiểm duyệt: {self.entry}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = Entry.objects.select_related("member", "unit", "contest").get(pk=self.entry.pk)
        context.update(
            entry=entry,
            can_decide=entry.status == EntryStatus.SUBMITTED,
            index_url=reverse("contests_entries:index") + f"?contest={entry.contest_id}",
        )
        return context
