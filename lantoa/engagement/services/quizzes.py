"""Quizzes: a bank of questions, timed attempts fixed by the server, scoring."""

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.engagement.choices import AttemptState, AuditAction, PublishState
from lantoa.engagement.exceptions import (
    AttemptClosed,
    NoAttemptsLeft,
    NotOpen,
)
from lantoa.engagement.models import Attempt, Choice, Question, Quiz
from lantoa.engagement.services.common import (
    require_member,
    transition,
)
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit

# Network and rendering slack: a submission this late after the deadline
# still counts (the page submits itself at zero).
GRACE = timedelta(seconds=5)


@transaction.atomic
def quiz_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    time_limit_s: int = 600,
    questions_per_attempt: int = 0,
    max_attempts: int = 1,
    shuffle: bool = True,
    description: str = "",
) -> Quiz:
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if closes_at <= opens_at:
        raise InvalidInput("Thời điểm đóng phải sau thời điểm mở.")
    if time_limit_s < 10:
        raise InvalidInput("Thời gian làm bài tối thiểu là 10 giây.")
    if max_attempts < 1:
        raise InvalidInput("Số lượt thi tối thiểu là 1.")
    quiz = Quiz.objects.create(
        unit=unit,
        title=title.strip(),
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_s=time_limit_s,
        questions_per_attempt=questions_per_attempt,
        max_attempts=max_attempts,
        shuffle=shuffle,
    )
    audit_record(actor=actor, action=AuditAction.QUIZ_CREATE, target=quiz, unit_path=unit.path)
    return quiz


@transaction.atomic
def question_add(
    *, actor: Actor, quiz: Quiz, text: str, choices: list[tuple[str, bool]], points: int = 1
) -> Question:
    """Add a question with its choices (text, correct?) to a draft quiz:
    at least two choices, exactly one correct."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, quiz.unit)
    if quiz.state != PublishState.DRAFT:
        raise InvalidInput("Chỉ thêm câu hỏi khi cuộc thi còn là bản nháp.")
    if not text.strip() or len(choices) < 2:
        raise InvalidInput("Câu hỏi cần nội dung và ít nhất hai phương án.")
    if sum(1 for _, ok in choices if ok) != 1:
        raise InvalidInput("Mỗi câu hỏi có đúng một phương án đúng.")
    position = quiz.questions.count()
    question = Question.objects.create(
        quiz=quiz, text=text.strip(), points=points, position=position
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=t.strip(), is_correct=ok, position=i)
        for i, (t, ok) in enumerate(choices)
    )
    audit_record(
        actor=actor,
        action=AuditAction.QUIZ_QUESTION_ADD,
        target=quiz,
        unit_path=quiz.unit.path,
        data={"question": question.pk},
    )
    return question


@transaction.atomic
def quiz_submit(*, actor: Actor, quiz: Quiz) -> Quiz:
    if not quiz.questions.exists():
        raise InvalidInput("Cuộc thi chưa có câu hỏi.")
    transition(actor=actor, obj=quiz, to=PublishState.PENDING, action=AuditAction.QUIZ_SUBMIT)
    return quiz


@transaction.atomic
def quiz_approve(*, actor: Actor, quiz: Quiz) -> Quiz:
    """The organising unit's approver publishes the quiz to its members."""
    transition(actor=actor, obj=quiz, to=PublishState.APPROVED, action=AuditAction.QUIZ_APPROVE)
    return quiz


@transaction.atomic
def quiz_close(*, actor: Actor, quiz: Quiz) -> Quiz:
    transition(actor=actor, obj=quiz, to=PublishState.CLOSED, action=AuditAction.QUIZ_CLOSE)
    return quiz


def _layout(quiz: Quiz, rng: random.Random) -> tuple[list[dict[str, Any]], int]:
    questions = list(quiz.questions.prefetch_related("choices"))
    if quiz.shuffle:
        rng.shuffle(questions)
    if quiz.questions_per_attempt:
        questions = questions[: quiz.questions_per_attempt]
    layout = []
    for q in questions:
        ids = [c.pk for c in q.choices.all()]
        if quiz.shuffle:
            rng.shuffle(ids)
        layout.append({"q": q.pk, "c": ids})
    return layout, sum(q.points for q in questions)


def attempt_start(
    *, actor: Actor, quiz: Quiz, member: Member, rng: random.Random | None = None
) -> Attempt:
    """Start (or resume) the member's attempt. The deadline is fixed here, by
    the server's clock; a member with an open attempt gets it back (a reload
    does not restart the clock); one attempt unless the quiz allows more. An
    attempt left open past its deadline is closed as "hết giờ" first (and
    stays closed even when no new attempt may start)."""
    with transaction.atomic():
        stale = Attempt.objects.select_for_update().filter(
            quiz=quiz,
            member=member,
            state=AttemptState.OPEN,
            deadline_at__lt=timezone.now() - GRACE,
        )
        for attempt in stale:
            _expire(attempt)
    return _attempt_open(actor=actor, quiz=quiz, member=member, rng=rng)


@transaction.atomic
def _attempt_open(
    *, actor: Actor, quiz: Quiz, member: Member, rng: random.Random | None
) -> Attempt:
    locked = Quiz.objects.select_for_update(no_key=True).select_related("unit").get(pk=quiz.pk)
    require_member(actor=actor, member=member, unit=locked.unit)
    now = timezone.now()
    if locked.state != PublishState.APPROVED or not locked.opens_at <= now < locked.closes_at:
        raise NotOpen("Cuộc thi chưa mở hoặc đã kết thúc.")
    mine = Attempt.objects.filter(quiz=locked, member=member)
    current = mine.filter(state=AttemptState.OPEN).first()
    if current is not None:
        return current
    done = mine.count()
    if done >= locked.max_attempts:
        raise NoAttemptsLeft()
    layout, max_score = _layout(locked, rng or random.SystemRandom())
    deadline = min(now + timedelta(seconds=locked.time_limit_s), locked.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=locked,
                member=member,
                unit_id=member.unit_id,
                unit_path=member.unit_path,
                number=done + 1,
                started_at=now,
                deadline_at=deadline,
                layout=layout,
                max_score=max_score,
            )
    except IntegrityError as exc:  # the same member starting twice at once
        raise NoAttemptsLeft() from exc
    audit_record(
        actor=actor,
        action=AuditAction.ATTEMPT_START,
        target=attempt,
        unit_path=member.unit_path,
        data={"quiz": locked.pk, "number": attempt.number},
    )
    return attempt


def _expire(attempt: Attempt) -> None:
    attempt.state = AttemptState.EXPIRED
    attempt.score = 0
    attempt.answers = {}
    attempt.submitted_at = None
    attempt.duration_s = int((attempt.deadline_at - attempt.started_at).total_seconds())
    attempt.save(update_fields=["state", "score", "answers", "submitted_at", "duration_s"])


@transaction.atomic
def attempt_submit(*, actor: Actor, attempt: Attempt, answers: dict[int, int]) -> Attempt:
    """Score the answers ({question id: choice id}) of an open attempt.

    The server's clock decides: past the deadline (plus a few seconds'
    grace) the attempt is closed as "hết giờ" with no score, whatever the
    page sent. Answers to questions not in the attempt are refused."""
    locked = (
        Attempt.objects.select_for_update()
        .select_related("quiz__unit", "member")
        .get(pk=attempt.pk)
    )
    require_member(actor=actor, member=locked.member, unit=locked.quiz.unit)
    if locked.state != AttemptState.OPEN:
        raise AttemptClosed()
    now = timezone.now()
    if now > locked.deadline_at + GRACE:
        _expire(locked)
        audit_record(
            actor=actor,
            action=AuditAction.ATTEMPT_SUBMIT,
            target=locked,
            unit_path=locked.unit_path,
            data={"expired": True},
        )
        return locked
    allowed = {row["q"]: set(row["c"]) for row in locked.layout}
    clean: dict[int, int] = {}
    for question_id, choice_id in answers.items():
        if question_id not in allowed or choice_id not in allowed[question_id]:
            raise InvalidInput("Câu trả lời không thuộc bài thi này.")
        clean[question_id] = choice_id
    correct = set(
        Choice.objects.filter(pk__in=clean.values(), is_correct=True).values_list(
            "question_id", flat=True
        )
    )
    points = dict(Question.objects.filter(pk__in=allowed).values_list("pk", "points"))
    locked.score = sum(points[q] for q, c in clean.items() if q in correct)
    locked.answers = {str(q): c for q, c in clean.items()}
    locked.state = AttemptState.SUBMITTED
    locked.submitted_at = now
    locked.duration_s = max(
        0, int((min(now, locked.deadline_at) - locked.started_at).total_seconds())
    )
    locked.save(update_fields=["score", "answers", "state", "submitted_at", "duration_s"])
    audit_record(
        actor=actor,
        action=AuditAction.ATTEMPT_SUBMIT,
        target=locked,
        unit_path=locked.unit_path,
        data={"score": locked.score, "max": locked.max_score},
    )
    return locked
