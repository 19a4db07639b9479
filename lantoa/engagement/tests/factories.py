"""Engagement data for tests and the demo, built through the services so it
obeys the same rules (approval by the owning unit) as real data."""

import datetime as dt

from django.utils import timezone

from lantoa.core.actors import SYSTEM, Actor
from lantoa.engagement.choices import QuestionKind
from lantoa.engagement.models import Quiz, Survey
from lantoa.engagement.services import quizzes, surveys
from lantoa.org.public import OrgUnit

QUIZ_BANK = [
    (
        "Tháng Công nhân hằng năm là tháng mấy?",
        [("Tháng 3", False), ("Tháng 5", True), ("Tháng 9", False)],
    ),
    (
        "Ngày thành lập Công đoàn Việt Nam là ngày nào?",
        [("28/7/1929", True), ("1/5/1886", False), ("3/2/1930", False)],
    ),
    (
        "Tháng hành động về an toàn, vệ sinh lao động diễn ra vào tháng nào?",
        [("Tháng 1", False), ("Tháng 5", True), ("Tháng 12", False)],
    ),
    (
        "Đoàn viên công đoàn đóng đoàn phí bằng bao nhiêu phần trăm tiền lương?",
        [("1%", True), ("2%", False), ("0,5%", False)],
    ),
]


def quiz_approved(
    unit: OrgUnit,
    *,
    title: str = "Cuộc thi tìm hiểu Tháng Công nhân",
    actor: Actor = SYSTEM,
    bank: list | None = None,
    **rules: object,
) -> Quiz:
    now = timezone.now()
    quiz = quizzes.quiz_create(
        actor=actor,
        unit=unit,
        title=title,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        **rules,  # type: ignore[arg-type]
    )
    for text, choices in bank or QUIZ_BANK:
        quizzes.question_add(actor=actor, quiz=quiz, text=text, choices=choices)
    quizzes.quiz_submit(actor=actor, quiz=quiz)
    return quizzes.quiz_approve(actor=actor, quiz=quiz)


def correct_answers(attempt) -> dict[int, int]:
    from lantoa.engagement.models import Choice

    ids = [row["q"] for row in attempt.layout]
    return dict(
        Choice.objects.filter(question_id__in=ids, is_correct=True).values_list("question_id", "id")
    )


def survey_approved(
    unit: OrgUnit,
    *,
    title: str = "Khảo sát đời sống người lao động",
    actor: Actor = SYSTEM,
    **options: object,
) -> Survey:
    now = timezone.now()
    survey = surveys.survey_create(
        actor=actor,
        unit=unit,
        title=title,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        **options,  # type: ignore[arg-type]
    )
    surveys.survey_question_add(
        actor=actor,
        survey=survey,
        text="Bạn hài lòng với bữa ăn giữa ca?",
        options=["Hài lòng", "Bình thường", "Chưa hài lòng"],
    )
    surveys.survey_question_add(
        actor=actor,
        survey=survey,
        text="Hoạt động nào bạn muốn công đoàn tổ chức?",
        kind=QuestionKind.MULTIPLE,
        options=["Thể thao", "Du lịch", "Tập huấn an toàn"],
        required=False,
    )
    surveys.survey_question_add(
        actor=actor,
        survey=survey,
        text="Ý kiến khác của bạn",
        kind=QuestionKind.TEXT,
        required=False,
    )
    surveys.survey_submit(actor=actor, survey=survey)
    return surveys.survey_approve(actor=actor, survey=survey)
