import pytest
from django.core.management import CommandError, call_command

from devstack.demo.engagement import QUIZ_TITLE, SURVEY_TITLE, EngagementDemoLoader
from lantoa.engagement import selectors
from lantoa.engagement.choices import AttemptState, PublishState
from lantoa.engagement.models import Attempt, Quiz, Survey, SurveyResponse
from lantoa.org.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_engagement")
    assert not Quiz.objects.exists()


def test_a_quiz_and_a_survey_with_answers_deterministic(settings, tree):
    settings.DEBUG = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for n in range(12):
        MemberFactory(unit=[tree.unit, tree.child, tree.sibling, tree.uncle][n % 4])
    counts = EngagementDemoLoader(people=10).load()
    assert counts == {"Quiz": 1, "Survey": 1, "Attempt": 10, "SurveyResponse": 10}
    quiz = Quiz.objects.get(title=QUIZ_TITLE)
    assert quiz.state == PublishState.APPROVED
    assert Attempt.objects.filter(state=AttemptState.SUBMITTED).count() == 10
    assert Survey.objects.get(title=SURVEY_TITLE).anonymous
    assert SurveyResponse.objects.filter(member__isnull=True).count() == 10
    first = [(r.name, r.score) for r in selectors.member_board(quiz)]
    assert EngagementDemoLoader(people=10).load() == {}
    # The same seed draws the same people and answers.
    Quiz.objects.all().delete()
    Survey.objects.all().delete()
    EngagementDemoLoader(people=10).load()
    again = Quiz.objects.get(title=QUIZ_TITLE)
    assert [(r.name, r.score) for r in selectors.member_board(again)] == first
