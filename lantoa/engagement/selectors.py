"""Reads of the engagement app with rules: what a member may take part in,
the quiz boards, survey results by slice of the tree, and the shared
"participation per unit" contract (docs/subsystems/engagement.md)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.engagement.choices import AttemptState, PublishState, QuestionKind
from lantoa.engagement.models import (
    Attempt,
    Quiz,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit
from lantoa.org.selectors import member_count_in_subtree

BOARD_SIZE = 50


def _open_for(member: Member) -> Q:
    now = timezone.now()
    prefixes = [member.unit_path[:i] for i in range(4, len(member.unit_path) + 1, 4)]
    return Q(
        state=PublishState.APPROVED,
        opens_at__lte=now,
        closes_at__gt=now,
        unit__path__in=prefixes,
    )


# ---- quizzes -----------------------------------------------------------------


def quizzes_for_member(member: Member) -> list[Quiz]:
    """Approved quizzes open now, organised by the member's unit or above."""
    return list(
        Quiz.objects.filter(_open_for(member)).select_related("unit").order_by("closes_at", "id")
    )


def quiz_for_member(member: Member, public_id: Any) -> Quiz | None:
    """An approved quiz of the member's unit or above (open or not); None otherwise."""
    quiz = (
        Quiz.objects.filter(
            public_id=public_id, state__in=[PublishState.APPROVED, PublishState.CLOSED]
        )
        .select_related("unit")
        .first()
    )
    if quiz is None or not member.unit_path.startswith(quiz.unit.path):
        return None
    return quiz


def member_attempts(quiz: Quiz, member: Member) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, member=member).order_by("number"))


def attempt_of(member: Member, public_id: Any) -> Attempt | None:
    return (
        Attempt.objects.filter(public_id=public_id, member=member)
        .select_related("quiz__unit")
        .first()
    )


@dataclass(frozen=True)
class AttemptQuestion:
    id: int
    text: str
    choices: list[tuple[int, str]]


def attempt_paper(attempt: Attempt) -> list[AttemptQuestion]:
    """The attempt's questions and choices in the order the server drew (no
    answer key)."""
    from lantoa.engagement.models import Choice, Question

    ids = [row["q"] for row in attempt.layout]
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
    choices = {c.pk: c.text for c in Choice.objects.filter(question_id__in=ids).only("id", "text")}
    return [
        AttemptQuestion(
            id=row["q"], text=questions[row["q"]].text, choices=[(c, choices[c]) for c in row["c"]]
        )
        for row in attempt.layout
        if row["q"] in questions
    ]


def _best(quiz: Quiz, within: OrgUnit | None = None) -> Any:
    qs = Attempt.objects.filter(quiz=quiz, state=AttemptState.SUBMITTED)
    if within is not None:
        qs = qs.filter(unit_path__startswith=within.path)
    return qs


@dataclass(frozen=True)
class MemberRow:
    rank: int
    name: str
    unit_name: str
    score: int
    max_score: int
    duration_s: int
    is_me: bool


def member_board(
    quiz: Quiz,
    *,
    within: OrgUnit | None = None,
    me: Member | None = None,
    limit: int = BOARD_SIZE,
) -> list[MemberRow]:
    """Each member's best submitted attempt: highest score first, then the
    fastest, then the earliest; equal score and time share a rank."""
    attempts = (
        _best(quiz, within)
        .select_related("member", "unit")
        .order_by("member_id", "-score", "duration_s", "submitted_at")
    )
    best: dict[int, Attempt] = {}
    for a in attempts:
        best.setdefault(a.member_id, a)
    ordered = sorted(best.values(), key=lambda a: (-a.score, a.duration_s, a.submitted_at))
    rows: list[MemberRow] = []
    rank = 0
    previous: tuple[int, int] | None = None
    for i, a in enumerate(ordered[:limit], start=1):
        if (a.score, a.duration_s) != previous:
            rank = i
            previous = (a.score, a.duration_s)
        rows.append(
            MemberRow(
                rank=rank,
                name=a.member.full_name,
                unit_name=a.unit.name,
                score=a.score,
                max_score=a.max_score,
                duration_s=a.duration_s,
                is_me=me is not None and a.member_id == me.pk,
            )
        )
    return rows


@dataclass(frozen=True)
class UnitParticipation:
    """The shared contract: how many members of a unit's subtree took part,
    out of its active members. Other engagement apps (race, photo contest,
    honours) offer the same shape so coverage indicators can mix them."""

    unit_id: int
    unit_name: str
    participants: int
    members: int
    average_score: float | None = None

    @property
    def rate(self) -> float:
        return self.participants / self.members if self.members else 0.0


def _children(unit: OrgUnit) -> list[OrgUnit]:
    return list(unit.get_children().order_by("name"))


def quiz_unit_board(quiz: Quiz, *, within: OrgUnit | None = None) -> list[UnitParticipation]:
    """Per unit directly below `within` (default: the organiser): members who
    submitted at least once, their average best score (so small units
    compete fairly), and the participation rate; best average first."""
    parent = within or quiz.unit
    units = _children(parent) or [parent]
    best = dict(
        _best(quiz, parent)
        .values("member_id")
        .annotate(s=Max("score"))
        .values_list("member_id", "s")
    )
    paths = dict(_best(quiz, parent).values_list("member_id", "unit_path").distinct())
    rows = []
    for unit in units:
        scores = [s for m, s in best.items() if paths[m].startswith(unit.path)]
        rows.append(
            UnitParticipation(
                unit_id=unit.pk,
                unit_name=unit.name,
                participants=len(scores),
                members=member_count_in_subtree(unit),
                average_score=round(sum(scores) / len(scores), 2) if scores else None,
            )
        )
    return sorted(rows, key=lambda r: (-(r.average_score or 0), -r.participants, r.unit_name))


# ---- surveys -----------------------------------------------------------------


def surveys_for_member(member: Member) -> list[Survey]:
    return list(
        Survey.objects.filter(_open_for(member)).select_related("unit").order_by("closes_at", "id")
    )


def survey_for_member(member: Member, public_id: Any) -> Survey | None:
    survey = (
        Survey.objects.filter(public_id=public_id, state=PublishState.APPROVED)
        .select_related("unit")
        .prefetch_related("questions__options")
        .first()
    )
    if survey is None or not member.unit_path.startswith(survey.unit.path):
        return None
    return survey


def survey_slice_units(actor: Actor, survey: Survey) -> list[OrgUnit]:
    """The units whose slice `actor` may read: the units of their scope that
    lie in the survey's tree (the organiser and below), highest first. An
    officer of a lower unit sees their own slice and their subtree's."""
    units = scoping.units_for(actor, Perm.CONTENT_EDIT).filter(path__startswith=survey.unit.path)
    return list(units.order_by("depth", "path")[:200])


@dataclass(frozen=True)
class OptionCount:
    text: str
    count: int
    share: float


@dataclass(frozen=True)
class QuestionResult:
    text: str
    kind: str
    options: list[OptionCount]
    texts: list[str]


@dataclass(frozen=True)
class SliceResult:
    unit: OrgUnit
    responses: int
    members: int
    suppressed: bool  # fewer responses than the survey's minimum reporting size
    questions: list[QuestionResult]
    children: list[tuple[OrgUnit, int | None]]  # (unit, responses or None when too few)


def survey_results(actor: Actor, survey: Survey, unit: OrgUnit) -> SliceResult:
    """The results of `unit`'s slice (its subtree's responses), for an actor
    whose scope holds `unit`. Below the minimum reporting size nothing but
    "too few" is told, and the same goes for each child slice listed."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if not unit.path.startswith(survey.unit.path):
        from lantoa.core.exceptions import NotFound

        raise NotFound()
    responses = SurveyResponse.objects.filter(survey=survey, unit_path__startswith=unit.path)
    total = responses.count()
    minimum = survey.min_report_size
    children = []
    if total:
        by_path = list(responses.values_list("unit_path", flat=True))
        for child in _children(unit):
            n = sum(1 for p in by_path if p.startswith(child.path))
            children.append((child, n if n >= minimum else None))
    members = member_count_in_subtree(unit)
    if total < minimum:
        return SliceResult(unit, total, members, True, [], children)
    answers = SurveyAnswer.objects.filter(response__in=responses)
    counts = dict(
        answers.filter(option__isnull=False)
        .values("option_id")
        .annotate(n=Count("id"))
        .values_list("option_id", "n")
    )
    questions = []
    for q in survey.questions.prefetch_related("options"):
        if q.kind == QuestionKind.TEXT:
            texts = list(
                answers.filter(question=q)
                .exclude(text="")
                .order_by("?" if survey.anonymous else "id")
                .values_list("text", flat=True)[:50]
            )
            questions.append(QuestionResult(q.text, q.kind, [], texts))
            continue
        opts = [
            OptionCount(o.text, counts.get(o.pk, 0), counts.get(o.pk, 0) / total)
            for o in q.options.all()
        ]
        questions.append(QuestionResult(q.text, q.kind, opts, []))
    return SliceResult(unit, total, members, False, questions, children)


def survey_participation(
    survey: Survey, *, within: OrgUnit | None = None
) -> list[UnitParticipation]:
    """Responses per unit directly below `within` (the same contract as quizzes)."""
    parent = within or survey.unit
    paths = list(
        SurveyResponse.objects.filter(survey=survey, unit_path__startswith=parent.path).values_list(
            "unit_path", flat=True
        )
    )
    return [
        UnitParticipation(
            unit_id=u.pk,
            unit_name=u.name,
            participants=sum(1 for p in paths if p.startswith(u.path)),
            members=member_count_in_subtree(u),
        )
        for u in _children(parent) or [parent]
    ]
