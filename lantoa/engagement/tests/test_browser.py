"""On a phone: a member answers a quiz and a survey."""

import pytest

from lantoa.engagement.models import SurveyResponse
from lantoa.engagement.tests.factories import QUIZ_BANK, quiz_approved, survey_approved
from lantoa.listening.models import Opinion
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_a_member_answers_a_quiz_and_a_survey(live_server, page_factory, client, settings):
    # Listening's analysis of the free text is only queued here (its models
    # are listening's tests' business).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    pvgas = OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")
    kvt = OrgUnitFactory(parent=pvgas, code="KVT", name="CĐCS Khí Vũng Tàu")
    member = MemberFactory(unit=kvt, full_name="Trần Văn Hùng", user=UserFactory())
    quiz_approved(pvgas)
    survey_approved(pvgas)

    page = page_factory(**PHONE)
    _sign_in(page, live_server, client, member.user)
    page.goto(f"{live_server.url}/thanh-vien/")
    page.click("text=Cuộc thi tìm hiểu Tháng Công nhân")
    page.click("text=Bắt đầu làm bài")
    page.wait_for_selector("#quiz-clock")
    right = {text: next(c for c, ok in choices if ok) for text, choices in QUIZ_BANK}
    for fieldset in page.locator(".quiz-question").all():
        legend = fieldset.locator("legend").inner_text()
        question = next(t for t in right if t in legend)
        fieldset.get_by_label(right[question], exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("text=Nộp bài")
    assert "Đã nộp bài." in page.locator(".ma-messages").inner_text()
    assert page.locator(".quiz-score").inner_text().startswith("4/4")

    page.goto(f"{live_server.url}/thanh-vien/tham-gia/")
    page.click("text=Khảo sát đời sống người lao động")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Tập huấn an toàn").check()
    page.fill("textarea", "Mong có thêm lớp sơ cứu.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("text=Gửi câu trả lời")
    assert "Cảm ơn bạn đã trả lời." in page.locator(".ma-messages").inner_text()
    assert page.locator(".survey-done").is_visible()
    assert SurveyResponse.objects.count() == 1
    assert Opinion.objects.get().text == "Mong có thêm lớp sơ cứu."
