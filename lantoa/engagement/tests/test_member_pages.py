"""The member area's quiz and survey pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.engagement.choices import AttemptState
from lantoa.engagement.models import Attempt, SurveyResponse
from lantoa.engagement.tests.factories import correct_answers, quiz_approved, survey_approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def test_the_member_home_lists_the_open_quiz_and_survey(signed_in, tree):
    quiz_approved(tree.parent)
    survey_approved(tree.parent)
    html = signed_in.get(reverse("memberarea:home")).content.decode()
    assert "Cuộc thi tìm hiểu Tháng Công nhân" in html
    assert "Khảo sát đời sống người lao động" in html
    assert reverse("engagement:list") in html


def test_take_a_quiz_once(signed_in, tree, member):
    quiz = quiz_approved(tree.parent)
    detail = reverse("engagement:quiz", args=[quiz.public_id])
    assert "Bắt đầu làm bài" in signed_in.get(detail).content.decode()
    response = signed_in.post(reverse("engagement:quiz_start", args=[quiz.public_id]))
    attempt = Attempt.objects.get(member=member)
    assert response.url == reverse("engagement:attempt", args=[attempt.public_id])
    html = signed_in.get(response.url).content.decode()
    assert len(re.findall(r'class="ma-section quiz-question"', html)) == 4
    assert "is_correct" not in html
    answers = {f"q-{q}": str(c) for q, c in correct_answers(attempt).items()}
    page = signed_in.post(response.url, answers, follow=True).content.decode()
    assert "Đã nộp bài." in page
    assert "4/4" in page
    assert "Bạn không còn lượt thi" in signed_in.get(detail).content.decode()
    again = signed_in.post(reverse("engagement:quiz_start", args=[quiz.public_id]), follow=True)
    assert "Bạn đã dùng hết số lượt thi được phép." in again.content.decode()
    board = signed_in.get(reverse("engagement:quiz_board", args=[quiz.public_id])).content.decode()
    assert "Nguyễn Thị Lan" in board
    assert 'class="ma-me"' in board


def test_a_late_post_is_not_counted(signed_in, tree, member):
    quiz = quiz_approved(tree.parent, time_limit_s=60)
    signed_in.post(reverse("engagement:quiz_start", args=[quiz.public_id]))
    attempt = Attempt.objects.get(member=member)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=5),
        deadline_at=timezone.now() - dt.timedelta(minutes=4),
    )
    answers = {f"q-{q}": str(c) for q, c in correct_answers(attempt).items()}
    url = reverse("engagement:attempt", args=[attempt.public_id])
    html = signed_in.post(url, answers, follow=True).content.decode()
    assert "Đã hết giờ làm bài" in html
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == (AttemptState.EXPIRED, 0)


def test_garbage_answers_are_a_message_not_a_500(signed_in, tree, member):
    quiz = quiz_approved(tree.parent)
    signed_in.post(reverse("engagement:quiz_start", args=[quiz.public_id]))
    attempt = Attempt.objects.get(member=member)
    url = reverse("engagement:attempt", args=[attempt.public_id])
    html = signed_in.post(url, {"q-999999": "1", "q-x": "y"}, follow=True).content.decode()
    assert "Câu trả lời không thuộc bài thi này." in html


def test_another_members_attempt_and_a_foreign_quiz_are_404(client, tree, member):
    from lantoa.engagement.tests.conftest import member_at

    quiz = quiz_approved(tree.parent)
    client.force_login(member.user)
    client.post(reverse("engagement:quiz_start", args=[quiz.public_id]))
    attempt = Attempt.objects.get(member=member)
    other = member_at(tree.unit, "Người khác")
    client.force_login(other.user)
    assert client.get(reverse("engagement:attempt", args=[attempt.public_id])).status_code == 404
    bsr = quiz_approved(tree.uncle, title="BSR")
    assert client.get(reverse("engagement:quiz", args=[bsr.public_id])).status_code == 404


def test_answer_a_survey(signed_in, tree):
    survey = survey_approved(tree.parent)
    url = reverse("engagement:survey", args=[survey.public_id])
    single, multiple, free = survey.questions.order_by("position")
    missing = signed_in.post(url, {}).content.decode()
    assert "Vui lòng trả lời câu: Bạn hài lòng với bữa ăn giữa ca?" in missing
    data = {
        f"q-{single.pk}": str(single.options.first().pk),
        f"q-{multiple.pk}": [str(o.pk) for o in multiple.options.all()[:2]],
        f"q-{free.pk}": "Cần thêm giờ nghỉ giữa ca.",
    }
    html = signed_in.post(url, data, follow=True).content.decode()
    assert "Cảm ơn bạn đã trả lời." in html
    assert "Bạn đã trả lời khảo sát này." in html
    assert SurveyResponse.objects.get().answers.count() == 4
    signed_in.post(url, data)
    assert SurveyResponse.objects.count() == 1
