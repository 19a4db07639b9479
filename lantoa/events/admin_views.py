"""The events' screens in the back office beyond Wagtail's generic ones: the
event screen (state, approval, share texts, attendance per unit, questions,
the recording and summary), the check-in screen used at the door on a phone,
the programme screen (participation per unit and month) and the session
report. Each POST calls one service; a refusal comes back as a message."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.admin_views import ActionView, StateAction, StateActionView, admin_url
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.permissions import object_in_scope
from lantoa.events import selectors
from lantoa.events.choices import EventState, QuestionState, ReportState
from lantoa.events.forms import CheckInForm, ReportForm, SessionForm
from lantoa.events.models import Event, Programme, ProgrammeSession, Question
from lantoa.events.services import attendance, gatherings, programmes, questions, reports
from lantoa.org import scoping
from lantoa.org.choices import Perm


def _policy(model: type[Model]) -> BasePermissionPolicy:
    from lantoa.events.viewsets import POLICIES

    return POLICIES[model]


def scoped(
    request: HttpRequest, model: type[Model], pk: Any, *, perm: str = Perm.CONTENT_EDIT
) -> Any:
    """The object if the user may `perm` over it: no such right anywhere →
    refused; outside their scope → 404 (the order of ScopedObjectMixin)."""
    if not scoping.user_has_any(request.user, perm) or not scoping.user_has_any(
        request.user, Perm.CONTENT_EDIT
    ):
        raise PermissionDenied
    return object_in_scope(_policy(model), request.user, "view", pk=pk)


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(getattr(exc, "message", exc))


class ScopedActionView(ActionView):
    """A one-click action on an object of `model`, needing `perm`."""

    model: type[Model] = Event
    perm: str = Perm.CONTENT_EDIT

    def load(self, pk: int) -> Any:
        return scoped(self.request, self.model, pk, perm=self.perm)

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, pk, **kwargs)
        except ValidationError as exc:
            messages.error(request, _refusal(exc))
            return redirect(self.fallback_url(self.load(pk)))


# -- events -------------------------------------------------------------------------


class EventDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/event_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.event: Event = scoped(request, Event, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.event)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.event
        user = self.request.user
        page = getattr(event, "page", None) if hasattr(event, "page") else None
        context.update(
            event=event,
            when=selectors.when_line(event),
            speakers=list(event.speakers.all()),
            agenda=list(event.agenda.all()),
            totals=selectors.event_totals(event),
            units=selectors.attendance_by_unit(event),
            pending_questions=list(
                Question.objects.filter(event=event)
                .exclude(state=QuestionState.REJECTED)
                .select_related("member")
                .order_by("state", "created_at")[:100]
            ),
            share=selectors.share_texts(event) if event.is_public else {},
            page=page,
            can_approve=scoping.user_can(user, Perm.CONTENT_APPROVE, event.unit),
            action_url=reverse("events_events:action", args=[event.pk]),
            edit_url=reverse("events_events:edit", args=[event.pk])
            if event.state == EventState.DRAFT
            or (
                event.state == EventState.APPROVED
                and scoping.user_can(user, Perm.CONTENT_APPROVE, event.unit)
            )
            else "",
            checkin_url=reverse("events_events:checkin", args=[event.pk])
            if event.is_public
            else "",
            report_url=reverse("events_events:report", args=[event.pk]),
            report_publish_url=reverse("events_events:report_publish", args=[event.pk]),
            report_pending=event.report_state == ReportState.PENDING,
            directive_url=_directive_url(),
            index_url=reverse("events_events:index"),
        )
        return context


def _directive_url() -> str:
    """Where an officer drafts a directive for lower units to relay the event
    (campaigns' screen, reached by its URL name: campaigns sits above)."""
    try:
        return reverse("campaigns_directives:add")
    except Exception:  # noqa: BLE001 — campaigns not installed: no link
        return ""


class EventActionView(StateActionView):
    """POST action=submit|approve|return|cancel (note=… for return and cancel)."""

    actions = {
        "submit": StateAction(
            gatherings.event_submit, Perm.CONTENT_EDIT, "Đã trình duyệt sự kiện."
        ),
        "approve": StateAction(
            gatherings.event_approve,
            Perm.CONTENT_APPROVE,
            "Đã duyệt: đoàn viên các đơn vị trực thuộc đã thấy sự kiện và đăng ký được.",
        ),
        "return": StateAction(
            gatherings.event_return,
            Perm.CONTENT_APPROVE,
            "Đã trả lại sự kiện để sửa.",
            note=True,
        ),
        "cancel": StateAction(
            gatherings.event_cancel, Perm.CONTENT_APPROVE, "Đã hủy sự kiện.", note=True
        ),
    }
    target = "event"
    default_perm = Perm.CONTENT_EDIT
    detail_url_name = "events_events:detail"

    def load(self, pk: int) -> Event:
        event: Event = scoped(self.request, Event, pk, perm=self.step_perm)
        return event


class QuestionModerateView(ScopedActionView):
    """POST state=approved|rejected|answered for one question."""

    model = Question

    def fallback_url(self, obj: Any) -> str:
        return admin_url("events_events:detail", obj.event_id)

    def perform(self, obj: Question) -> Question:
        return questions.question_moderate(
            actor=self.request.user, question=obj, state=self.request.POST.get("state", "")
        )

    def success_message(self, result: Any) -> str:
        return f"Câu hỏi: {result.get_state_display()}."


class ReportPublishView(ScopedActionView):
    perm = Perm.CONTENT_APPROVE
    success_text = _("Đã duyệt: bản ghi và tóm tắt đã lên trang sự kiện.")

    def fallback_url(self, obj: Any) -> str:
        return admin_url("events_events:detail", obj.pk)

    def perform(self, obj: Event) -> Event:
        return reports.report_publish(actor=self.request.user, event=obj)


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the form for the recording link and summary; POST: submit them."""

    template_name = "events/admin/report.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.event: Event = scoped(request, Event, kwargs["pk"])
        self.form = ReportForm(
            request.POST or None,
            initial={
                "recording_url": self.event.recording_url,
                "summary": self.event.report_summary,
            },
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Bản ghi và tóm tắt: {self.event}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            form=self.form,
            detail_url=reverse("events_events:detail", args=[self.event.pk]),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.form.is_valid():
            try:
                reports.report_submit(
                    actor=request.user,
                    event=self.event,
                    recording_url=self.form.cleaned_data["recording_url"],
                    summary=self.form.cleaned_data["summary"],
                )
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except (LantoaError, ValidationError) as exc:
                self.form.add_error(None, _refusal(exc))
            else:
                messages.success(request, "Đã gửi bản ghi và tóm tắt: chờ lãnh đạo đơn vị duyệt.")
                return redirect("events_events:detail", self.event.pk)
        return self.render_to_response(self.get_context_data())


class CheckInView(WagtailAdminTemplateMixin, TemplateView):
    """The door: GET the code field and the counts; POST code=… checks the
    member in and shows who it was (the field is ready for the next one)."""

    template_name = "events/admin/checkin.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.event: Event = scoped(request, Event, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Điểm danh: {self.event}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CheckInForm())
        context.update(
            event=self.event,
            when=selectors.when_line(self.event),
            totals=selectors.event_totals(self.event),
            recent=list(selectors.recent_checkins(self.event)),
            detail_url=reverse("events_events:detail", args=[self.event.pk]),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = CheckInForm(request.POST)
        result: dict[str, Any] = {}
        if form.is_valid():
            try:
                registration = attendance.checkin_record(
                    actor=request.user, event=self.event, code=form.cleaned_data["code"]
                )
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except LantoaError as exc:
                result = {"ok": False, "text": exc.message}
            else:
                result = {
                    "ok": True,
                    "text": f"Đã điểm danh: {registration.member.full_name}",
                    "unit": registration.unit.name,
                }
                form = CheckInForm()
        # Wagtail's way: a refused form answers 200 with its message.
        return self.render_to_response(self.get_context_data(form=form, result=result))


# -- programmes ---------------------------------------------------------------------


def officer_programme(request: HttpRequest, pk: Any) -> Programme:
    """A programme launched in the officer's scope or above one of their
    units (they report for it and read their slice); refused without any
    content right, 404 otherwise."""
    if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
        raise PermissionDenied
    return selectors.programme_for_officer(request.user, pk)


class ProgrammeDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/programme_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.programme: Programme = officer_programme(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.programme)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programme = self.programme
        level = selectors.officer_level(self.request.user, programme)
        context.update(
            programme=programme,
            level=level or programme.unit,
            totals=selectors.programme_totals(programme, level),
            units=selectors.programme_by_unit(programme, level),
            months=selectors.programme_by_month(programme, level),
            sessions=list(selectors.programme_sessions(programme, level)),
            report_url=reverse("events_programmes:report", args=[programme.pk]),
            edit_url=reverse("events_programmes:edit", args=[programme.pk])
            if level is None
            else "",
            index_url=reverse("events_programmes:index"),
        )
        return context


class SessionReportView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the session form; POST: report it (with photos)."""

    template_name = "events/admin/session_report.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.programme: Programme = officer_programme(request, kwargs["pk"])
        units = scoping.units_for(request.user, Perm.CONTENT_EDIT).filter(
            path__startswith=self.programme.unit.path
        )
        self.form = SessionForm(request.POST or None, request.FILES or None, units=units)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Báo cáo buổi sinh hoạt: {self.programme}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            programme=self.programme,
            form=self.form,
            detail_url=reverse("events_programmes:detail", args=[self.programme.pk]),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.form.is_valid():
            data = self.form.cleaned_data
            try:
                programmes.session_report(
                    actor=request.user,
                    programme=self.programme,
                    unit=data["unit"],
                    held_on=data["held_on"],
                    participants=data["participants"],
                    gifts=data["gifts"] or 0,
                    note=data["note"],
                    photos=data["photos"],
                )
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except (LantoaError, ValidationError) as exc:
                from lantoa.core.viewsets import add_service_error

                add_service_error(self.form, exc)
            else:
                messages.success(request, "Đã ghi nhận buổi sinh hoạt.")
                return redirect("events_programmes:detail", self.programme.pk)
        return self.render_to_response(self.get_context_data())


class SessionDeleteView(ScopedActionView):
    model = ProgrammeSession
    success_text = _("Đã xóa báo cáo buổi sinh hoạt.")

    def fallback_url(self, obj: Any) -> str:
        return admin_url("events_programmes:detail", obj.programme_id)

    def perform(self, obj: ProgrammeSession) -> None:
        programmes.session_delete(actor=self.request.user, session=obj)
