"""Members' pages of quizzes and surveys (in the member area). Thin: each
view parses the form and calls one service or selector."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantoa.core.exceptions import LantoaError
from lantoa.engagement import selectors
from lantoa.engagement.choices import AttemptState, QuestionKind
from lantoa.engagement.models import Quiz
from lantoa.engagement.services import quizzes, surveys
from lantoa.memberarea.public import member_required


def _quiz(request: HttpRequest, quiz_id: UUID) -> Quiz:
    quiz = selectors.quiz_for_member(request.member, quiz_id)  # type: ignore[attr-defined]
    if quiz is None:
        raise Http404
    return quiz


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@member_required
def open_list(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request,
        "engagement/member/list.html",
        {
            "quizzes": selectors.quizzes_for_member(member),
            "surveys": selectors.surveys_for_member(member),
        },
    )


@member_required
def quiz_detail(request: HttpRequest, quiz_id: UUID) -> HttpResponse:
    quiz = _quiz(request, quiz_id)
    attempts = selectors.member_attempts(quiz, request.member)  # type: ignore[attr-defined]
    now = timezone.now()
    return render(
        request,
        "engagement/member/quiz.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "open_attempt": next((a for a in attempts if a.state == AttemptState.OPEN), None),
            "can_start": quiz.opens_at <= now < quiz.closes_at
            and len(attempts) < quiz.max_attempts,
        },
    )


@require_POST
@member_required
def quiz_start(request: HttpRequest, quiz_id: UUID) -> HttpResponse:
    quiz = _quiz(request, quiz_id)
    try:
        attempt = quizzes.attempt_start(
            actor=request.user,
            quiz=quiz,
            member=request.member,  # type: ignore[attr-defined]
        )
    except LantoaError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("engagement:quiz", args=[quiz.public_id]))
    return HttpResponseRedirect(reverse("engagement:attempt", args=[attempt.public_id]))


@member_required
def attempt_page(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = selectors.attempt_of(request.member, attempt_id)  # type: ignore[attr-defined]
    if attempt is None:
        raise Http404
    if request.method == "POST" and attempt.state == AttemptState.OPEN:
        answers: dict[int, int] = {}
        for key in request.POST:
            if key.startswith("q-"):
                q, c = _int(key[2:]), _int(request.POST.get(key, ""))
                if q is not None and c is not None:
                    answers[q] = c
        try:
            attempt = quizzes.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
        except LantoaError as exc:
            messages.error(request, exc.message)
        else:
            if attempt.state == AttemptState.EXPIRED:
                messages.error(request, "Đã hết giờ làm bài: bài nộp sau thời hạn không được tính.")
            else:
                messages.success(request, "Đã nộp bài.")
        return HttpResponseRedirect(reverse("engagement:attempt", args=[attempt.public_id]))
    remaining = max(0, int((attempt.deadline_at - timezone.now()).total_seconds()))
    return render(
        request,
        "engagement/member/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "paper": selectors.attempt_paper(attempt) if attempt.state == AttemptState.OPEN else [],
            "remaining": remaining,
        },
    )


@member_required
def quiz_board(request: HttpRequest, quiz_id: UUID) -> HttpResponse:
    quiz = _quiz(request, quiz_id)
    return render(
        request,
        "engagement/member/board.html",
        {
            "quiz": quiz,
            "rows": selectors.member_board(quiz, me=request.member),  # type: ignore[attr-defined]
            "units": selectors.quiz_unit_board(quiz),
        },
    )


@member_required
def survey_page(request: HttpRequest, survey_id: UUID) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    survey = selectors.survey_for_member(member, survey_id)
    if survey is None:
        raise Http404
    done = surveys.has_responded(survey, member)
    if request.method == "POST" and not done:
        answers: dict[int, list[int] | str] = {}
        for q in survey.questions.all():
            name = f"q-{q.pk}"
            if q.kind == QuestionKind.TEXT:
                answers[q.pk] = request.POST.get(name, "")
            else:
                answers[q.pk] = [i for i in map(_int, request.POST.getlist(name)) if i is not None]
        try:
            surveys.survey_respond(
                actor=request.user, survey=survey, member=member, answers=answers
            )
        except LantoaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Cảm ơn bạn đã trả lời.")
            return HttpResponseRedirect(reverse("engagement:survey", args=[survey.public_id]))
    return render(
        request,
        "engagement/member/survey.html",
        {
            "survey": survey,
            "done": done,
            "posted": request.POST if request.method == "POST" else {},
        },
    )
