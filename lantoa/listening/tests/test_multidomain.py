"""Training across domains: label mappings, no test text in training, domain balance,
the fast segmenter, and a layered version that saves, reloads and mixes."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from lantoa.listening.ml.artefacts import ARTEFACTS_DIR, load_models, save_layered
from lantoa.listening.ml.datasets import Split
from lantoa.listening.ml.domains import (
    SENTIMENT_DOMAINS,
    read_aivivn,
    read_domain,
    read_uts_bank,
    read_vispam,
    read_vithsd,
    read_vsmec,
)
from lantoa.listening.ml.layered import read_workplace
from lantoa.listening.ml.multidomain import MixedClassifier, domain_weights, fit_general
from lantoa.listening.nlp.lexicon_segment import LexiconSegmenter, vocabulary_words
from lantoa.listening.nlp.normalize import normalize, prepare


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_label_schemes_map_onto_lantoas(tmp_path: Path) -> None:
    aivivn = tmp_path / "aivivn2019" / "raw" / "train.crash"
    aivivn.parent.mkdir(parents=True)
    records = [("Sản phẩm tốt", 0), ("Hàng lỗi, \nthất vọng", 1), ("Giao nhanh", 0)] * 20
    aivivn.write_text(
        "".join(f'train_{i:06d}\n"{t}"\n{lab}\n\n' for i, (t, lab) in enumerate(records)),
        encoding="utf-8",
    )
    got = {
        (t, lab)
        for split in ("train", "dev", "test")
        for t, lab in zip(*vars(read_aivivn(split, tmp_path)).values(), strict=True)
    }
    assert got == {
        ("Sản phẩm tốt", "positive"),
        ("Hàng lỗi, \nthất vọng", "negative"),
        ("Giao nhanh", "positive"),
    }

    _csv(
        tmp_path / "vispamreviews" / "raw" / "dataset" / "test.csv",
        ["Rating", "Comment", "Label", "SpamLabel"],
        [[1, "Tệ", 0, 0], [3, "Tạm", 0, 0], [5, "Tuyệt", 0, 0], [5, "Mua ngay tại shop X", 1, 3],
         [5, "Đánh giá ảo", 1, 1], [4, "Hãng này", 1, 2]],
    )  # fmt: skip
    spam = read_vispam("test", tmp_path)
    assert list(zip(spam.texts, spam.labels, strict=True)) == [
        ("Tệ", "negative"), ("Tạm", "neutral"), ("Tuyệt", "positive"),
        ("Mua ngay tại shop X", "neutral"),
    ]  # fmt: skip

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [(None, "Emotion", "Sentence"), (1, "Enjoyment", "vui"), (2, "Anger", "tức"),
                (3, "Other", "ừ"), (4, "Surprise", "ồ")]:  # fmt: skip
        sheet.append(row)
    (tmp_path / "uit-vsmec" / "raw").mkdir(parents=True)
    workbook.save(tmp_path / "uit-vsmec" / "raw" / "test_nor_811.xlsx")
    assert read_vsmec("test", tmp_path).labels == ["positive", "negative", "neutral"]

    bank = tmp_path / "uts2017-bank" / "raw" / "corpus" / "test.txt"
    bank.parent.mkdir(parents=True)
    bank.write_text(
        "__label__CARD#negative __label__ACCOUNT#negative Thẻ bị khoá\n"
        "__label__OTHER#positive Cảm ơn ngân hàng\n",
        encoding="utf-8",
    )
    assert read_uts_bank("test", tmp_path).labels == ["negative", "positive"]

    _csv(
        tmp_path / "vithsd" / "raw" / "test.csv",
        ["", "content", "individual", "groups", "religion/creed", "race/ethnicity", "politics"],
        [[0, "a", 1, 3, 0, 0, 0], [1, "b", 2, 1, 0, 0, 0], [2, "c", 1, 0, 0, 0, 0]],
    )
    assert read_vithsd("test", tmp_path).labels == ["hate", "offensive", "clean"]


def test_train_and_dev_never_hold_a_test_text_and_drop_duplicates(tmp_path: Path) -> None:
    _csv(
        tmp_path / "vispamreviews" / "raw" / "dataset" / "train.csv",
        ["Rating", "Comment", "Label", "SpamLabel"],
        [[5, "Rất tốt", 0, 0], [5, "rất  TỐT", 0, 0], [1, "Hỏng", 0, 0], [5, "Câu của test", 0, 0]],
    )
    domain = next(d for d in SENTIMENT_DOMAINS if d.name == "ViSpamReviews")
    split = read_domain(domain, "train", tmp_path, banned=frozenset({"câu của test"}))
    assert split.texts == ["Rất tốt", "Hỏng"]


def test_every_domain_weighs_the_same() -> None:
    parts = [Split(["a"] * 10, ["x"] * 10), Split(["b"] * 90, ["y"] * 90)]
    weights = domain_weights(parts)
    assert weights[:10].sum() == pytest.approx(weights[10:].sum())
    assert weights.mean() == pytest.approx(1.0)


def test_longest_match_segments_into_known_words() -> None:
    words = vocabulary_words([["giảng_viên dạy", "nhiệt_tình", "công_đoàn_cơ_sở", "hay"]])
    assert words == {"giảng_viên", "nhiệt_tình", "công_đoàn_cơ_sở"}
    fast = LexiconSegmenter(words)
    assert fast.segment("Giảng viên dạy nhiệt tình ở công đoàn cơ sở") == [
        "Giảng_viên", "dạy", "nhiệt_tình", "ở", "công_đoàn_cơ_sở",
    ]  # fmt: skip
    cased = normalize("không tệ chút nào", lowercase=False)
    assert prepare(cased, LexiconSegmenter({"tệ_chút"})) == "không_tệ chút nào"


def test_the_workplace_set_covers_every_topic_and_label() -> None:
    split, topics = read_workplace()
    assert len(split) >= 50
    assert set(topics) == {"wages", "shifts", "safety", "meals", "housing", "union"}
    assert set(split.labels) == {"negative", "neutral", "positive"}


@pytest.fixture(scope="module")
def layered(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("artefacts")
    base = (ARTEFACTS_DIR / "DEFAULT").read_text(encoding="utf-8").strip()
    base = str(load_models(base).card.get("base_version") or base)
    (root / base).symlink_to(ARTEFACTS_DIR / base)
    texts = ["pin trâu máy mượt", "giao hàng chậm quá", "sản phẩm tốt lắm", "hàng lỗi thất vọng",
             "thông báo lịch họp", "đóng gói đẹp", "tệ hại", "cuộc họp lúc 8 giờ"] * 5  # fmt: skip
    labels = ["positive", "negative", "positive", "negative", "neutral", "positive", "negative",
              "neutral"] * 5  # fmt: skip
    general = fit_general([Split(texts, labels)])
    decision = {"sentiment_general_weight": 0.5, "sentiment_temperature": 1.7}
    save_layered(
        "20990101-test",
        base,
        {"decision": decision},
        general,
        LexiconSegmenter({"giao_hàng"}),
        root,
    )
    return load_models("20990101-test", root), load_models(base)


def test_a_layered_version_reloads_mixes_and_calibrates(layered) -> None:  # type: ignore[no-untyped-def]
    models, base = layered
    assert isinstance(models.sentiment, MixedClassifier)
    assert models.sentiment.temperature == 1.7
    assert models.segmenter is not None
    assert "giao_hàng" in models.segmenter.words
    assert models.toxicity.labels == base.toxicity.labels
    texts = ["giao hàng chậm quá", "sản phẩm tốt lắm"]
    mixed = models.sentiment.raw_log_proba(texts)
    alone = base.sentiment.raw_log_proba(texts) + base.sentiment.offsets
    general = np.log(models.sentiment.general.predict_proba(texts) + 1e-9)
    assert mixed == pytest.approx(0.5 * alone + 0.5 * general)
    result = models.analyse(["Giao hàng chậm quá, thất vọng."])[0]
    assert result.model_version == "20990101-test"
    assert result.sentiment.label == "negative"
