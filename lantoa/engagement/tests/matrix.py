"""The engagement admin screens in the generated permission matrix
(lantoa/tests/security/)."""

from lantoa.core.actors import SYSTEM
from lantoa.engagement.services import surveys
from lantoa.engagement.tests.factories import quiz_approved, survey_approved
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import OK, ROLE_PERMS, Screen, posted


def quiz_at(unit, ctx):
    return quiz_approved(unit, title=f"Thi {unit.code}")


def pending_quiz_at(unit, ctx):
    quiz = quiz_approved(unit, title=f"Thi chờ {unit.code}")
    quiz.state = "pending"
    quiz.save(update_fields=["state"])
    return quiz


def draft_survey_at(unit, ctx):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    return surveys.survey_create(
        actor=SYSTEM,
        unit=unit,
        title=f"Khảo sát {unit.code}",
        opens_at=now,
        closes_at=now + timedelta(days=3),
    )


def survey_at(unit, ctx):
    return survey_approved(unit, title=f"Khảo sát {unit.code}")


def slice_from_below(role, position):
    # An officer of a unit below the organiser reads their own slice of the
    # survey's results (the survey page, with the results of their subtree).
    if position == "parent" and Perm.CONTENT_EDIT in ROLE_PERMS[role]:
        return OK
    return None


SCREENS = [
    Screen("engagement_quizzes:detail", "view", quiz_at),
    posted(
        "engagement_quizzes:detail", pending_quiz_at, "action", "approve", perm=Perm.CONTENT_APPROVE
    ),
    Screen("engagement_surveys:detail", "view", survey_at, expect=slice_from_below),
    Screen(
        "engagement_surveys:detail",
        "state",
        draft_survey_at,
        "POST",
        data=lambda obj: {"action": "question", "text": "Câu?", "kind": "text"},
        label="engagement_surveys:detail[question]",
    ),
]
