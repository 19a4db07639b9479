"""Acceptance in a real browser (Playwright driving Debian's Chromium against
pytest-django's live server): an officer opens the listening dashboard of their
unit, follows it to the negative opinions about a topic, corrects a label in
one click, and the correction is stored as training data; an officer of a
sibling unit sees none of it."""

import re

import pytest
from django.utils import timezone

from lantoa.listening.choices import LabelTask, Sentiment
from lantoa.listening.models import LabelCorrection, Opinion
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"
MEAL_COMPLAINTS = [
    "Bữa ăn ca quá tệ, cơm nguội",
    "Bữa ăn ca ít thịt, nhiều rau héo",
    "Bữa ăn ca tuần này nấu mặn",
    "bua an ca khong du no",  # no diacritics: still the same topic
    "Bữa ăn ca phát muộn, ca đêm đói",
]


@pytest.fixture
def new_page(page_factory):
    return lambda: page_factory(width=1400, height=1000)


def officer_of(unit, username):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    sync_admin_access(user)
    return user


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


@pytest.fixture
def voices(tree, settings):
    settings.LANTOA_LISTENING_MIN_REPORTING_SIZE = 5
    now = timezone.now() - timezone.timedelta(hours=3)
    meal = [
        OpinionFactory(
            unit=tree.child if n % 2 else tree.unit,
            text=text,
            sentiment=Sentiment.NEGATIVE,
            received_at=now - timezone.timedelta(minutes=n),
        )
        for n, text in enumerate(MEAL_COMPLAINTS)
    ]
    other = [
        OpinionFactory(unit=tree.unit, text="Thưởng Tết năm nay thấp", sentiment=Sentiment.NEGATIVE),
        OpinionFactory(unit=tree.unit, text="Cảm ơn công đoàn tổ chức Tết", sentiment=Sentiment.POSITIVE),
        OpinionFactory(unit=tree.child, text="Bữa ăn ca hôm nay ngon", sentiment=Sentiment.POSITIVE),
    ]  # fmt: skip
    sibling = OpinionFactory(
        unit=tree.sibling, text="Bữa ăn ca ở Cà Mau cũng tệ", sentiment=Sentiment.NEGATIVE
    )
    return meal, other, sibling


def test_officer_filters_negative_opinions_on_a_topic_and_corrects_a_label(
    live_server, tree, voices, new_page
):
    meal, _, sibling = voices
    officer_of(tree.unit, "tuyengiao.kvt")
    page = new_page()
    login(page, live_server.url, "tuyengiao.kvt")

    # The dashboard of the officer's unit, reached from the admin menu.
    page.get_by_role("button", name="Lắng nghe").click()
    page.get_by_role("link", name="Tổng quan", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/lang-nghe/tong-quan/.*"))
    assert page.locator("[data-unit-name]").inner_text() == "CĐCS Khí Vũng Tàu"
    assert page.locator('[data-figure="total"]').inner_text() == "8"

    # Negative opinions about the topic the dashboard found.
    page.get_by_role("link", name=re.compile(r"Ý kiến tiêu cực về «bữa ăn ca»")).click()
    page.wait_for_url(re.compile(r".*/admin/lang-nghe/y-kien/\?.*sentiment=negative.*"))
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 5
    listed = set(rows.locator("td:first-child").all_inner_texts())
    assert {t.strip() for t in listed} == set(MEAL_COMPLAINTS)

    # One click: "not negative, neutral" on the newest complaint.
    newest = meal[0]
    row = rows.filter(has_text=newest.text)
    row.get_by_role("button", name="Sửa thành «Trung tính»").click()
    page.wait_for_load_state()
    assert "Đã sửa nhãn thành «Trung tính»" in page.locator(".messages").inner_text()
    assert page.locator("table.listing tbody tr").count() == 4  # it left the negative list

    correction = LabelCorrection.objects.get()
    assert (correction.opinion_id, correction.task, correction.model_label, correction.label) == (
        newest.pk,
        LabelTask.SENTIMENT,
        Sentiment.NEGATIVE,
        Sentiment.NEUTRAL,
    )
    assert correction.corrected_by.username == "tuyengiao.kvt"
    assert Opinion.objects.get(pk=newest.pk).sentiment == Sentiment.NEUTRAL

    # An officer of the sibling unit sees none of it.
    officer_of(tree.sibling, "tuyengiao.kcm")
    other = new_page()
    login(other, live_server.url, "tuyengiao.kcm")
    other.goto(f"{live_server.url}/admin/lang-nghe/y-kien/?topic=bua+an+ca")
    texts = {
        t.strip() for t in other.locator("table.listing tbody tr td:first-child").all_inner_texts()
    }
    assert texts == {sibling.text}
    response = other.goto(f"{live_server.url}/admin/lang-nghe/y-kien/inspect/{newest.pk}/")
    assert response.status == 404
    response = other.goto(f"{live_server.url}/admin/lang-nghe/tong-quan/?unit=KVT")
    assert response.status == 404
    assert LabelCorrection.objects.count() == 1


def test_officer_labels_the_least_certain_retrains_and_sees_the_new_figures(
    live_server, tree, new_page, settings, tmp_path
):
    """Active learning end to end: the five opinions the model is least sure of come
    first, an officer of the top unit labels them in one click each, retrains, and the
    model card shows the new version with its figures on held-out corrections."""
    from lantoa.listening.services.analysis import models_for
    from lantoa.listening.tests.test_retraining import _correct, _jargon

    settings.LANTOA_LISTENING_MODELS_DIR = tmp_path / "models"
    settings.LANTOA_LISTENING_RETRAIN_PUBLIC_ROWS = 40
    models_for.cache_clear()
    officer = officer_of(tree.parent.get_parent(), "tuyengiao.dkvn")
    _correct(tree, officer, _jargon(80))  # earlier work of the union's officers
    unsure = []
    for n, (text, label) in enumerate(_jargon(5)):
        opinion = OpinionFactory(
            unit=tree.unit,
            text=f"Hôm nay {text}",
            sentiment=Sentiment.NEUTRAL,
            sentiment_confidence=0.35 + n / 100,
        )
        unsure.append((opinion, label))
    OpinionFactory(unit=tree.unit, text="Bữa ăn ca ngon", sentiment_confidence=0.97)

    page = new_page()
    page.set_default_timeout(900_000)  # retraining runs inline (immediate task backend)
    login(page, live_server.url, "tuyengiao.dkvn")
    page.goto(f"{live_server.url}/admin/lang-nghe/y-kien/?least_certain=on")
    names = {"positive": "Tích cực", "negative": "Tiêu cực"}
    for opinion, label in unsure:
        first = page.locator("table.listing tbody tr").first
        assert first.locator("td:first-child").inner_text().strip() == opinion.text
        first.get_by_role("button", name=f"Sửa thành «{names[label]}»").click()
        page.wait_for_load_state()
    assert page.locator("table.listing tbody tr").count() == 1  # only the sure one is left
    assert LabelCorrection.objects.filter(corrected_by__username="tuyengiao.dkvn").count() == 85

    page.goto(f"{live_server.url}/admin/lang-nghe/mo-hinh/")
    before = page.locator("[data-model-version]").inner_text()
    page.get_by_role("button", name="Huấn luyện lại").click()
    page.wait_for_load_state()
    row = page.locator("tr[data-status]").first
    assert row.get_attribute("data-status") == "active"

    def figure(name: str) -> float:  # printed with the Vietnamese decimal comma
        text = row.locator(f'[data-figure="{name}"]').inner_text().split()[0]
        return float(text.replace(",", "."))

    candidate, current = figure("candidate"), figure("current")
    assert candidate > current
    page.reload()
    assert page.locator("[data-model-version]").inner_text() != before
    models_for.cache_clear()
