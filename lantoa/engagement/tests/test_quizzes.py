"""Quizzes: approval, server-timed attempts (frozen clock), random order,
scoring, one attempt unless allowed, boards by member and unit."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.engagement import selectors
from lantoa.engagement.choices import AttemptState, PublishState
from lantoa.engagement.exceptions import AttemptClosed, NoAttemptsLeft, NotEligible, NotOpen
from lantoa.engagement.services import quizzes
from lantoa.engagement.tests.conftest import member_at
from lantoa.engagement.tests.factories import correct_answers, quiz_approved

pytestmark = pytest.mark.django_db


class Clock:
    """A frozen clock for the services: `timezone.now()` answers `at`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.at)

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_only_the_owning_units_approver_publishes(tree, people):
    now = timezone.now()
    quiz = quizzes.quiz_create(
        actor=people.officer,
        unit=tree.parent,
        title="Tìm hiểu Luật Công đoàn",
        opens_at=now,
        closes_at=now + dt.timedelta(days=3),
    )
    quizzes.question_add(
        actor=people.officer, quiz=quiz, text="Câu 1", choices=[("A", True), ("B", False)]
    )
    quizzes.quiz_submit(actor=people.officer, quiz=quiz)
    with pytest.raises(PermissionDenied):
        quizzes.quiz_approve(actor=people.officer, quiz=quiz)  # an officer, not an approver
    with pytest.raises(PermissionDenied):
        quizzes.quiz_create(
            actor=people.outsider,
            unit=tree.parent,
            title="x",
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
        )
    quizzes.quiz_approve(actor=people.approver, quiz=quiz)
    assert quiz.state == PublishState.APPROVED


def test_a_question_needs_exactly_one_right_choice(tree, people):
    quiz = quizzes.quiz_create(
        actor=people.officer,
        unit=tree.parent,
        title="Q",
        opens_at=timezone.now(),
        closes_at=timezone.now() + dt.timedelta(days=1),
    )
    with pytest.raises(InvalidInput, match="đúng một phương án đúng"):
        quizzes.question_add(
            actor=people.officer, quiz=quiz, text="?", choices=[("A", True), ("B", True)]
        )
    with pytest.raises(InvalidInput, match="hai phương án"):
        quizzes.question_add(actor=people.officer, quiz=quiz, text="?", choices=[("A", True)])


def test_members_see_only_approved_quizzes_of_their_unit_or_above(tree, member):
    mine = quiz_approved(tree.parent)
    quiz_approved(tree.uncle, title="Quiz BSR")
    quiz_approved(tree.child, title="Quiz tổ")  # below the member's unit
    assert selectors.quizzes_for_member(member) == [mine]
    assert selectors.quiz_for_member(member, mine.public_id) == mine


def test_full_marks_for_right_answers_and_the_time_taken(tree, member, clock):
    quiz = quiz_approved(tree.parent, time_limit_s=300)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    assert attempt.deadline_at == clock.at + dt.timedelta(seconds=300)
    clock.advance(42)
    done = quizzes.attempt_submit(
        actor=member.user, attempt=attempt, answers=correct_answers(attempt)
    )
    assert (done.state, done.score, done.max_score, done.duration_s) == (
        AttemptState.SUBMITTED,
        4,
        4,
        42,
    )


def test_wrong_and_missing_answers_score_nothing(tree, member):
    quiz = quiz_approved(tree.parent)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    right = correct_answers(attempt)
    first, second, *_ = list(attempt.layout)
    wrong = next(c for c in second["c"] if c != right[second["q"]])
    done = quizzes.attempt_submit(
        actor=member.user,
        attempt=attempt,
        answers={first["q"]: right[first["q"]], second["q"]: wrong},
    )
    assert done.score == 1


def test_a_late_submission_counts_nothing_whatever_the_page_sends(tree, member, clock):
    quiz = quiz_approved(tree.parent, time_limit_s=60)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    clock.advance(60 + quizzes.GRACE.total_seconds() + 1)
    done = quizzes.attempt_submit(
        actor=member.user, attempt=attempt, answers=correct_answers(attempt)
    )
    assert (done.state, done.score, done.answers) == (AttemptState.EXPIRED, 0, {})
    with pytest.raises(AttemptClosed):
        quizzes.attempt_submit(actor=member.user, attempt=attempt, answers={})


def test_within_the_grace_the_submission_counts(tree, member, clock):
    quiz = quiz_approved(tree.parent, time_limit_s=60)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    clock.advance(60 + quizzes.GRACE.total_seconds())
    done = quizzes.attempt_submit(
        actor=member.user, attempt=attempt, answers=correct_answers(attempt)
    )
    assert (done.state, done.score, done.duration_s) == (AttemptState.SUBMITTED, 4, 60)


def test_reloading_does_not_restart_the_clock(tree, member, clock):
    quiz = quiz_approved(tree.parent, time_limit_s=120)
    first = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    clock.advance(100)
    again = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    assert again.pk == first.pk
    assert again.deadline_at == first.deadline_at


def test_the_deadline_never_passes_the_quizs_close(tree, member, clock):
    quiz = quiz_approved(tree.parent, time_limit_s=3600)
    quiz.closes_at = clock.at + dt.timedelta(minutes=5)
    quiz.save()
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    assert attempt.deadline_at == quiz.closes_at


def test_one_attempt_unless_the_rules_allow_more(tree, member, clock):
    quiz = quiz_approved(tree.parent)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    quizzes.attempt_submit(actor=member.user, attempt=attempt, answers={})
    with pytest.raises(NoAttemptsLeft):
        quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)

    twice = quiz_approved(tree.parent, title="Hai lượt", max_attempts=2)
    a1 = quizzes.attempt_start(actor=member.user, quiz=twice, member=member)
    quizzes.attempt_submit(actor=member.user, attempt=a1, answers={})
    a2 = quizzes.attempt_start(actor=member.user, quiz=twice, member=member)
    assert a2.number == 2
    # An attempt left open past its deadline is used up, not resumed.
    clock.advance(twice.time_limit_s + 60)
    with pytest.raises(NoAttemptsLeft):
        quizzes.attempt_start(actor=member.user, quiz=twice, member=member)
    a2.refresh_from_db()
    assert a2.state == AttemptState.EXPIRED


def test_order_is_drawn_per_attempt_and_kept(tree):
    quiz = quiz_approved(tree.parent, questions_per_attempt=3)
    a = member_at(tree.unit, "An")
    b = member_at(tree.unit, "Bình")
    first = quizzes.attempt_start(actor=a.user, quiz=quiz, member=a, rng=random.Random(1))
    second = quizzes.attempt_start(actor=b.user, quiz=quiz, member=b, rng=random.Random(7))
    assert len(first.layout) == 3
    assert first.max_score == 3
    assert first.layout != second.layout
    bank = set(quiz.questions.values_list("pk", flat=True))
    assert {row["q"] for row in first.layout} <= bank
    paper = selectors.attempt_paper(first)
    assert [q.id for q in paper] == [row["q"] for row in first.layout]
    assert [c for c, _ in paper[0].choices] == first.layout[0]["c"]


def test_without_shuffle_the_bank_order_is_kept(tree, member):
    quiz = quiz_approved(tree.parent, shuffle=False)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    assert [row["q"] for row in attempt.layout] == list(quiz.questions.values_list("pk", flat=True))


def test_an_answer_outside_the_attempt_is_refused(tree, member):
    quiz = quiz_approved(tree.parent, questions_per_attempt=1, shuffle=False)
    attempt = quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)
    other = quiz.questions.exclude(pk=attempt.layout[0]["q"]).first()
    with pytest.raises(InvalidInput):
        quizzes.attempt_submit(
            actor=member.user, attempt=attempt, answers={other.pk: other.choices.first().pk}
        )


def test_members_outside_the_subtree_and_closed_quizzes(tree, member, people, clock):
    quiz = quiz_approved(tree.unit)
    outsider = member_at(tree.sibling, "Người Cà Mau")
    with pytest.raises(NotEligible):
        quizzes.attempt_start(actor=outsider.user, quiz=quiz, member=outsider)
    with pytest.raises(PermissionDenied):  # someone else's account
        quizzes.attempt_start(actor=outsider.user, quiz=quiz, member=member)
    clock.advance(11 * 86400)
    with pytest.raises(NotOpen):
        quizzes.attempt_start(actor=member.user, quiz=quiz, member=member)


def test_boards_by_member_and_by_unit(tree, clock):
    quiz = quiz_approved(tree.parent)
    fast = member_at(tree.unit, "Nhanh")
    slow = member_at(tree.unit, "Chậm")
    weak = member_at(tree.sibling, "Yếu")
    for who, seconds, right in ((fast, 30, True), (slow, 90, True), (weak, 20, False)):
        attempt = quizzes.attempt_start(actor=who.user, quiz=quiz, member=who)
        clock.advance(seconds)
        quizzes.attempt_submit(
            actor=who.user, attempt=attempt, answers=correct_answers(attempt) if right else {}
        )
    board = selectors.member_board(quiz, me=slow)
    assert [(r.rank, r.name, r.score, r.is_me) for r in board] == [
        (1, "Nhanh", 4, False),
        (2, "Chậm", 4, True),
        (3, "Yếu", 0, False),
    ]
    assert [r.name for r in selectors.member_board(quiz, within=tree.sibling)] == ["Yếu"]
    units = selectors.quiz_unit_board(quiz)
    assert [(u.unit_name, u.participants, u.members, u.average_score) for u in units] == [
        ("CĐCS Khí Vũng Tàu", 2, 2, 4.0),
        ("CĐCS Khí Cà Mau", 1, 1, 0.0),
    ]
    assert units[0].rate == 1.0
