"""The back office: an officer builds a quiz and a survey, the approver
publishes them, and a lower unit's officer reads its slice of the results."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.engagement.choices import PublishState
from lantoa.engagement.models import Quiz, Survey
from lantoa.engagement.services import surveys
from lantoa.engagement.tests.conftest import member_at
from lantoa.engagement.tests.factories import survey_approved
from lantoa.org.services import sync_admin_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(people):
    for user in vars(people).values():
        sync_admin_access(user)
    return people


def _when(days: int) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def test_an_officer_builds_a_quiz_and_the_approver_publishes_it(client, tree, people):
    client.force_login(people.officer)
    response = client.post(
        reverse("engagement_quizzes:add"),
        {
            "unit": tree.parent.pk,
            "title": "Tìm hiểu an toàn lao động",
            "description": "",
            "opens_at": _when(0),
            "closes_at": _when(7),
            "time_limit_s": 300,
            "questions_per_attempt": 0,
            "max_attempts": 1,
            "shuffle": "on",
        },
    )
    quiz = Quiz.objects.get()
    detail = reverse("engagement_quizzes:detail", args=[quiz.pk])
    assert response.url == detail
    html = client.post(
        detail,
        {
            "action": "question",
            "text": "Mũ bảo hộ dùng khi nào?",
            "choices": "Luôn luôn\nKhi mưa",
            "correct": "Luôn luôn",
        },
        follow=True,
    ).content.decode()
    assert "Đã thêm câu hỏi." in html
    assert quiz.questions.get().choices.get(is_correct=True).text == "Luôn luôn"
    client.post(detail, {"action": "submit"})
    refused = client.post(detail, {"action": "approve"})  # an officer is no approver
    assert refused.url == "/admin/"
    quiz.refresh_from_db()
    assert quiz.state == PublishState.PENDING
    client.force_login(people.approver)
    client.post(detail, {"action": "approve"})
    quiz.refresh_from_db()
    assert quiz.state == PublishState.APPROVED


def test_a_question_with_no_right_choice_is_a_message(client, tree, people):
    client.force_login(people.officer)
    now = timezone.now()
    from lantoa.engagement.services import quizzes

    quiz = quizzes.quiz_create(
        actor=people.officer,
        unit=tree.parent,
        title="Q",
        opens_at=now,
        closes_at=now + dt.timedelta(days=1),
    )
    detail = reverse("engagement_quizzes:detail", args=[quiz.pk])
    html = client.post(
        detail, {"action": "question", "text": "?", "choices": "A\nB", "correct": "C"}, follow=True
    ).content.decode()
    assert "Mỗi câu hỏi có đúng một phương án đúng." in html


def _answer(survey, member):
    single = survey.questions.order_by("position").first()
    surveys.survey_respond(
        actor=member.user,
        survey=survey,
        member=member,
        answers={single.pk: [single.options.first().pk]},
    )


def test_results_by_slice_in_the_admin(client, tree, people):
    survey = survey_approved(tree.parent, min_report_size=2)
    for i in range(2):
        _answer(survey, member_at(tree.unit, f"KVT {i}"))
    _answer(survey, member_at(tree.sibling, "KCM"))
    detail = reverse("engagement_surveys:detail", args=[survey.pk])

    client.force_login(people.officer)
    html = client.get(detail).content.decode()
    assert "<strong>3</strong> người trả lời" in html
    assert "dưới 2" in html  # Cà Mau's single response stays hidden

    client.force_login(people.unit_officer)
    html = client.get(detail).content.decode()
    assert "CĐCS Khí Vũng Tàu và các đơn vị trực thuộc: <strong>2</strong>" in html
    assert "Công đoàn PV GAS và" not in html
    assert (
        client.get(f"{detail}?unit={tree.parent.pk}").content.decode().count("<strong>2</strong>")
        == 1
    )
    assert client.post(detail, {"action": "close"}).status_code == 404

    client.force_login(people.sibling_officer)
    html = client.get(detail).content.decode()
    assert "Chưa đủ 2 người trả lời" in html

    client.force_login(people.outsider)
    assert client.get(detail).status_code == 404
    assert Survey.objects.get().state == PublishState.APPROVED
