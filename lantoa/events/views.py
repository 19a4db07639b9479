"""Members' pages of events (in the member area). Thin: each view parses
input and calls one service or selector."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantoa.core.exceptions import LantoaError
from lantoa.core.viewsets import add_service_error
from lantoa.events import selectors
from lantoa.events.forms import QuestionForm
from lantoa.events.models import Event, Registration
from lantoa.events.qr import qr_data_uri
from lantoa.events.services import attendance, questions
from lantoa.memberarea.public import member_required


def _event(request: HttpRequest, event_id: UUID) -> tuple[Event, Registration | None]:
    found = selectors.event_and_registration(request.member, event_id)  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


@member_required
def event_list(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    events = selectors.events_for_member(member)
    joined = selectors.member_registration_ids(member, events)
    return render(
        request,
        "events/member/list.html",
        {"rows": [(e, joined.get(e.pk), selectors.when_line(e)) for e in events]},
    )


def _detail_context(
    request: HttpRequest, event: Event, registration: Registration | None, form: QuestionForm
) -> dict[str, Any]:
    member = request.member  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "event": event,
        "registration": registration,
        "when": selectors.when_line(event),
        "speakers": list(event.speakers.all()),
        "agenda": list(event.agenda.all()),
        "questions": selectors.approved_questions(event),
        "my_questions": selectors.member_questions(event, member),
        "question_form": form,
        "can_register": registration is None
        and event.is_public
        and attendance.registration_closes_at(event) >= timezone.now(),
    }
    if registration is not None:
        context.update(
            qr=qr_data_uri(registration.code),
            room_open=selectors.room_open(event),
        )
    return context


@member_required
def event_detail(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event, registration = _event(request, event_id)
    return render(
        request,
        "events/member/detail.html",
        _detail_context(request, event, registration, QuestionForm()),
    )


@require_POST
@member_required
def register(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event, _now = _event(request, event_id)
    try:
        attendance.registration_create(
            actor=request.user,
            event=event,
            member=request.member,  # type: ignore[attr-defined]
        )
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đăng ký thành công. Đưa mã QR này cho cán bộ khi đến dự.")
    return HttpResponseRedirect(reverse("events:detail", args=[event.public_id]))


@require_POST
@member_required
def unregister(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event, registration = _event(request, event_id)
    if registration is None:
        raise Http404
    try:
        attendance.registration_cancel(actor=request.user, registration=registration)
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã hủy đăng ký.")
    return HttpResponseRedirect(reverse("events:detail", args=[event.public_id]))


@require_POST
@member_required
def ask(request: HttpRequest, event_id: UUID) -> HttpResponse:
    event, registration = _event(request, event_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            questions.question_ask(
                actor=request.user,
                event=event,
                member=request.member,  # type: ignore[attr-defined]
                text=form.cleaned_data["text"],
            )
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Đã gửi câu hỏi. Ban tổ chức sẽ duyệt trước khi hiện.")
            return HttpResponseRedirect(reverse("events:detail", args=[event.public_id]))
    return render(
        request,
        "events/member/detail.html",
        _detail_context(request, event, registration, form),
        status=400,
    )
