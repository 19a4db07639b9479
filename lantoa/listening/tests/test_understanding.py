"""What a text is before how it feels: no content, questions and notices neutral,
calibrated confidence with "chưa chắc chắn" below the threshold."""

from __future__ import annotations

import numpy as np
import pytest

from lantoa.listening.ml.artefacts import load_models
from lantoa.listening.ml.calibration import UNCERTAIN_BELOW, fit_temperature, reliability
from lantoa.listening.nlp.normalize import normalize
from lantoa.listening.nlp.speech_acts import has_content, has_polar_word, speech_act


@pytest.fixture(scope="module")
def models():  # type: ignore[no-untyped-def]
    return load_models()


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("", False),
        ("  \t\n", False),
        ("!!! ...", False),
        ("xem tại https://lantoa.vn", True),
        ("https://lantoa.vn", False),
        ("0912 345 678", False),
        ("2024", False),
        ("asdfgh qwrtz", False),
        ("ok", True),
        ("👍", True),
        ("luong thap qua", True),
    ],
)
def test_content_is_words_or_emoji(text: str, content: bool) -> None:
    assert has_content(normalize(text)) is content


@pytest.mark.parametrize(
    ("text", "form", "polar"),
    [
        ("Cuộc họp công đoàn sẽ diễn ra lúc 8 giờ sáng thứ hai", "notice", False),
        ("Kính mời đoàn viên dự hội nghị người lao động", "notice", False),
        ("Tập huấn an toàn lao động lúc 14h thứ năm tại hội trường", "notice", False),
        ("Khi nào công ty trả lương tháng 12?", "question", False),
        ("Cho em hỏi đăng ký nhà ở công nhân ở đâu ạ", "question", False),
        ("Sao lương tháng này vẫn chưa trả vậy?", "question", True),
        ("Ca đêm mệt quá", "statement", True),
    ],
)
def test_questions_and_notices_are_told_apart_from_opinions(
    text: str, form: str, polar: bool
) -> None:
    normalised = normalize(text)
    assert speech_act(normalised) == form
    assert has_polar_word(normalised) is polar


@pytest.mark.parametrize(
    "text",
    [
        "Cuộc họp công đoàn sẽ diễn ra lúc 8 giờ sáng thứ hai",
        "Thông báo: lịch nghỉ Tết của công nhân từ ngày 25/1",
        "Khi nào công ty trả lương tháng 12?",
        "Cho mình hỏi thủ tục đăng ký phòng ở ký túc xá như thế nào?",
    ],
)
def test_notices_and_plain_questions_are_neutral(models, text: str) -> None:  # type: ignore[no-untyped-def]
    result = models.analyse([text])[0]
    assert result.sentiment.label == "neutral"
    assert result.form in ("notice", "question")


def test_a_complaint_asked_as_a_question_is_not_made_neutral(models) -> None:  # type: ignore[no-untyped-def]
    result = models.analyse(["Sao tháng nào lương cũng trả chậm, công nhân bức xúc lắm?"])[0]
    assert result.form == "question"
    assert result.sentiment.label == "negative"


def test_uncertain_is_below_the_threshold(models) -> None:  # type: ignore[no-untyped-def]
    texts = ["giảng viên dạy rất hay, nhiệt tình", "ừ thì cũng được", "Máy móc", "ca làm"]
    for result in models.analyse(texts):
        assert result.uncertain is (result.sentiment.confidence < models.uncertain_below)
    assert models.uncertain_below == UNCERTAIN_BELOW
    assert not models.analyse(texts[:1])[0].uncertain


def test_temperature_fits_overconfident_scores_and_lowers_calibration_error() -> None:
    rng = np.random.default_rng(0)
    labels = ("negative", "positive")
    gold_idx = rng.integers(0, 2, 2000)
    # Right 70 % of the time but says 99 %: log-scores far apart.
    right = rng.random(2000) < 0.7
    predicted = np.where(right, gold_idx, 1 - gold_idx)
    scores = np.zeros((2000, 2))
    scores[np.arange(2000), predicted] = 5.0
    gold = [labels[i] for i in gold_idx]
    temperature = fit_temperature(scores, gold, labels)
    assert temperature > 3.0
    before, _ = reliability(np.exp(scores) / np.exp(scores).sum(1, keepdims=True), gold, labels)
    shifted = np.exp(scores / temperature)
    after, curve = reliability(shifted / shifted.sum(1, keepdims=True), gold, labels)
    assert before > 25.0
    assert after < 3.0
    assert sum(b["n"] for b in curve) == 2000


@pytest.mark.django_db
def test_an_empty_opinion_is_analysed_without_a_label(tree) -> None:  # type: ignore[no-untyped-def]
    from lantoa.listening.services.analysis import opinions_analyse
    from lantoa.listening.tests.factories import OpinionFactory

    empty = OpinionFactory(unit=tree.unit, text=" \n ", sentiment="", toxicity="", analysed_at=None)
    notice = OpinionFactory(
        unit=tree.unit, text="Thông báo lịch họp công đoàn lúc 9 giờ thứ ba", analysed_at=None
    )
    assert opinions_analyse(opinion_ids=[empty.pk, notice.pk]) == 2
    empty.refresh_from_db()
    notice.refresh_from_db()
    assert (empty.sentiment, empty.toxicity, empty.has_no_content) == ("", "", True)
    assert empty.analysed_at is not None
    assert empty.sentiment_confidence == 0.0
    assert (notice.sentiment, notice.has_no_content) == ("neutral", False)


def test_a_laugh_is_not_an_insult(models) -> None:  # type: ignore[no-untyped-def]
    result = models.analyse(["haha lol vui quá"])[0]
    assert result.toxicity.label == "clean"
    assert result.spans == []
    assert result.sentiment.label == "positive"


def test_a_double_negative_is_praise(models) -> None:  # type: ignore[no-untyped-def]
    assert models.analyse(["không tệ chút nào, khá hài lòng"])[0].sentiment.label == "positive"
