"""The cached segmenter decoder and feature transform give what they replace."""

from __future__ import annotations

import numpy as np
import pytest

from lantoa.listening.ml.artefacts import load_models
from lantoa.listening.ml.features import CachedUnionTransform
from lantoa.listening.nlp.crf_segment import _is_i32, _viterbi, crf_segmenter
from lantoa.listening.nlp.normalize import crf_words, normalize, preprocess

TEXTS = [
    "Giảng viên dạy rất nhiệt tình, dễ hiểu nhưng hơi nhanh",
    "Thầy giảng bài hay lắm, môn học bổ ích 10đ",
    "Hàng giao nhanh, đóng gói cẩn thận. Sẽ ủng hộ shop dài dài!!!",
    "ĐT Việt Nam thắng 2-1 hôm 19/6/2023 lúc 15:08, giá 10.000.000 đ",
    "TP.HCM, H'Mông, Mr. Nam và T.Ư: v.v... => ok",
    "108872543402 " * 23 + "1",
    "2147483647 2147483648 -5 +5 ha ha ha ha",
    "ko thích lắm, chán quá :( emo hihi",
    "A",
    "Đẹp",
    "xem tại https://example.com/a?b=1 hoặc gọi 0912 345 678",
]


@pytest.mark.parametrize("text", TEXTS)
def test_crf_decoder_gives_underthesea_words(text: str) -> None:
    cased = normalize(text, lowercase=False)
    words = [w.replace(" ", "_") for w in crf_segmenter().words(cased)]
    assert words == crf_words(cased)


def test_repeats_read_the_same_from_warm_caches() -> None:
    cased = normalize(TEXTS[0] + " " + TEXTS[1], lowercase=False)
    first = crf_segmenter().words(cased)
    assert crf_segmenter().words(cased) == first


def test_underthesea_integer_test() -> None:
    for text in ("12", "-5", "+5", "007", "2147483647", "-2147483648"):
        assert _is_i32(text), text
    for text in ("2147483648", "10.000", "+", "-", "١٢", "x2"):
        assert not _is_i32(text), text


def test_near_tie_is_left_to_underthesea() -> None:
    # With no transitions and a zero score, B and I tie at that position.
    assert _viterbi([1.0, 0.0], ((0.0, 0.0), (0.0, 0.0))) is None
    assert _viterbi([1.0, 2.0], ((0.0, 0.0), (0.0, 0.0))) == [True, True]
    assert _viterbi([1.0, -2.0], ((0.0, 0.0), (0.0, 0.0))) == [True, False]


def test_cached_features_are_the_pipeline_features() -> None:
    models = load_models()
    docs = [preprocess(t) for t in TEXTS] + ["", "a"]
    for classifier in (models.sentiment, models.toxicity):
        union = classifier.pipeline.named_steps["features"]
        fast = CachedUnionTransform(union)
        assert fast.supported
        expected = union.transform(docs)
        for _ in range(2):  # cold, then warm caches
            got = fast.transform(docs)
            assert np.array_equal(got.indptr, expected.indptr)
            assert np.array_equal(got.indices, expected.indices)
            assert np.array_equal(got.data, expected.data)
        probs = classifier.pipeline.predict_proba(docs)
        assert np.allclose(np.exp(classifier.linear_log_proba(docs)) - 1e-9, probs, atol=1e-12)


def test_textcnn_by_length_equals_padded_batches() -> None:
    models = load_models()
    docs = [preprocess(t) for t in TEXTS * 3]
    for classifier in (models.sentiment, models.toxicity):
        assert classifier.neural is not None
        for network in classifier.neural.members:
            encoded = [network.encode(d) for d in docs]
            order = np.argsort([len(e) for e in encoded], kind="stable")
            padded = np.zeros((len(docs), len(network.labels)))
            padded[order] = network._forward([encoded[i] for i in order])
            assert np.array_equal(network.log_proba(docs), padded)
