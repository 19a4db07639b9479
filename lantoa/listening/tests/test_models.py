"""Shipped artefacts, spans, near-duplicates, keywords and a tiny end-to-end training."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from lantoa.listening.ml.artefacts import (
    UntrustedArtefactError,
    available_versions,
    default_version,
    load_models,
    load_skops,
    save_skops,
)
from lantoa.listening.ml.classifier import ModelSpec
from lantoa.listening.ml.datasets import load_labelled_csv
from lantoa.listening.ml.dedup import group_near_duplicates, jaccard, shingles
from lantoa.listening.ml.features import FeatureConfig
from lantoa.listening.ml.keywords import extract_keywords
from lantoa.listening.ml.spans import span_f1, token_labels
from lantoa.listening.ml.train import train_all


@pytest.fixture(scope="module")
def models():  # type: ignore[no-untyped-def]
    return load_models()


def test_a_default_version_ships() -> None:
    assert default_version() in available_versions()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("giảng viên dạy rất hay, nhiệt tình", "positive"),
        ("Thầy dạy dễ hiểu, rất tận tâm với sinh viên ❤️", "positive"),
        ("thầy dạy chán quá, nói nhanh không hiểu gì", "negative"),
        ("phòng học nóng, máy chiếu hỏng hoài ko ai sửa", "negative"),
    ],
)
def test_sentiment_on_obvious_examples(models, text: str, label: str) -> None:  # type: ignore[no-untyped-def]
    result = models.analyse([text])[0]
    assert result.sentiment.label == label
    assert 0.0 <= result.sentiment.confidence <= 1.0
    assert sum(result.sentiment.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert result.model_version == models.version


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Chúc mọi người buổi sáng vui vẻ", True),
        ("Cảm ơn công đoàn đã hỗ trợ anh em công nhân", True),
        ("đm thằng ngu như chó, cút mẹ mày đi", False),
        ("Bọn óc chó này ngu vl", False),
    ],
)
def test_toxicity_on_obvious_examples(models, text: str, clean: bool) -> None:  # type: ignore[no-untyped-def]
    result = models.analyse([text])[0]
    assert (result.toxicity.label == "clean") is clean
    if not clean:
        assert result.spans, "a toxic comment gets spans for the moderator"


def test_spans_point_at_the_insult(models) -> None:  # type: ignore[no-untyped-def]
    text = "Thằng này ngu như chó, nói chuyện không ra gì"
    spans = models.spans.spans(text)
    covered = " ".join(s.text.lower() for s in spans)
    assert "ngu" in covered or "chó" in covered
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert models.spans.spans("") == []


def test_analyse_handles_empty_and_weird_input(models) -> None:  # type: ignore[no-untyped-def]
    assert models.analyse([]) == []
    empty = ["", "   \n\t ", "...", "???", "https://example.com", "0912345678", "asdfgh"]
    results = models.analyse([*empty, "😂😂😂"])
    for text, result in zip(empty, results, strict=False):
        assert not result.has_content, text
        assert (result.sentiment.label, result.toxicity.label) == ("", ""), text
        assert result.sentiment.confidence == 0.0
        assert result.spans == []
    assert results[-1].has_content
    assert results[-1].sentiment.label


def test_untrusted_types_are_refused(tmp_path: Path) -> None:
    # A pipeline holding an arbitrary function is exactly what pickle would run blindly.
    evil = make_pipeline(FunctionTransformer(print))
    path = tmp_path / "evil.skops"
    save_skops(evil, path)
    with pytest.raises(UntrustedArtefactError):
        load_skops(path)


def test_span_f1_definition() -> None:
    assert span_f1([set()], [set()]) == 1.0
    assert span_f1([{1, 2}], [set()]) == 0.0
    assert span_f1([{1, 2, 3, 4}], [{3, 4}]) == pytest.approx(2 * 2 / 6)
    assert token_labels("mày ngu vl", {4, 5, 6}) == [0, 1, 0]


def test_near_duplicates_are_grouped() -> None:
    texts = [
        "Lương tháng này chậm quá, công ty trả lương trễ 2 tuần rồi!!!",
        "Bếp ăn ca đêm cần cải thiện chất lượng",
        "Lương tháng này chậm quá công ty trả lương trễ 2 tuần rồi",
        "LƯƠNG THÁNG NÀY CHẬM QUÁAAA, công ty trả lương trễ 2 tuần rồi 😡",
        "bếp ăn ca đêm cần cải thiện chất lượng!!",
        "Hôm nay trời đẹp",
        "Lương tháng này chậm quá, công ty trả lương trễ 2 tuần rồi, gọi 0912345678",
    ]
    groups = group_near_duplicates(texts)
    assert [0, 2, 3, 6] in groups
    assert [1, 4] in groups
    assert [5] in groups
    assert sorted(i for g in groups for i in g) == list(range(len(texts)))


def test_near_duplicate_grouping_scales_and_keeps_distinct_texts_apart() -> None:
    rng = random.Random(0)
    words = [
        "lương",
        "thưởng",
        "tết",
        "an",
        "toàn",
        "nhà",
        "ở",
        "công",
        "nhân",
        "ca",
        "đêm",
        "bếp",
        "ăn",
        "hợp",
        "đồng",
        "bảo",
        "hiểm",
    ]
    texts = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(500)]
    groups = group_near_duplicates(texts + texts[:10])
    assert sum(1 for g in groups if len(g) > 1) >= 10
    for g in groups:
        for i in g[1:]:
            assert (
                jaccard(shingles((texts + texts[:10])[g[0]]), shingles((texts + texts[:10])[i]))
                > 0.3
            )


def test_keywords_of_a_set() -> None:
    texts = [
        "Công ty trả lương trễ, công nhân rất bức xúc",
        "trả lương trễ hoài, anh em khổ quá",
        "lương trễ 2 tuần rồi mà không ai giải thích",
        "bếp ăn ca đêm cơm nguội",
    ]
    keywords = [k.term for k in extract_keywords(texts, top_k=3)]
    assert any("lương" in k for k in keywords)
    assert all(k not in {"quá", "rồi", "xxphone"} for k in keywords)


# --- tiny end-to-end training --------------------------------------------------------

_POS = ["dạy hay", "nhiệt tình", "dễ hiểu", "tận tâm", "vui vẻ", "rất tốt"]
_NEG = ["dạy chán", "khó hiểu", "nói nhanh", "đi trễ", "thiếu nhiệt tình", "rất tệ"]
_NEU = ["lớp học", "môn học", "phòng máy", "giờ học", "bài tập", "giáo trình"]
_CLEAN = ["chúc mọi người vui", "cảm ơn anh chị", "hôm nay trời đẹp", "ăn cơm chưa"]
_OFF = ["ngu vl", "đm", "vãi cả", "dở như hạch"]
_HATE = ["đồ chó", "thằng óc chó", "lũ súc vật", "cút mẹ mày"]


def _write_tiny_datasets(root: Path, rng: random.Random) -> None:
    def sentence(pool: list[str]) -> str:
        return f"{rng.choice(['thầy', 'cô', 'giảng viên'])} {rng.choice(pool)} {rng.choice(pool)}"

    for split, n in (("train", 40), ("dev", 12), ("test", 12)):
        folder = root / "uit-vsfc" / split
        folder.mkdir(parents=True)
        rows = [
            (sentence(pool), label)
            for _ in range(n)
            for label, pool in enumerate((_NEG, _NEU, _POS))
        ]
        (folder / "sents.txt").write_text("\n".join(r[0] for r in rows) + "\n", encoding="utf-8")
        (folder / "sentiments.txt").write_text(
            "\n".join(str(r[1]) for r in rows) + "\n", encoding="utf-8"
        )
        (root / "vihsd").mkdir(exist_ok=True)
        with (root / "vihsd" / f"{split}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["free_text", "label_id"])
            for _ in range(n):
                for label, pool in enumerate((_CLEAN, _OFF, _HATE)):
                    w.writerow(
                        [f"{rng.choice(_CLEAN)} {rng.choice(pool)} {rng.randint(0, 999)}", label]
                    )
        (root / "vihos").mkdir(exist_ok=True)
        with (root / "vihos" / f"{split}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["", "content", "index_spans"])
            for i in range(n):
                bad = rng.choice(_OFF + _HATE)
                text = f"{rng.choice(_CLEAN)} {bad}"
                start = len(text) - len(bad)
                w.writerow([i, text, str(list(range(start, len(text))))])


def test_training_writes_a_versioned_artefact_that_reloads(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = tmp_path / "data"
    _write_tiny_datasets(data, rng)
    org_csv = tmp_path / "org.csv"
    org_csv.write_text(
        'text,label\n"bếp ăn ngon, cảm ơn công đoàn",Positive\nlương trễ quá,negative\n,neutral\nxx,unknown\n',
        encoding="utf-8",
    )
    assert len(load_labelled_csv(org_csv, ("negative", "neutral", "positive"))) == 2

    out = tmp_path / "artefacts"
    folder, trained = train_all(
        version="20990101-test",
        out_root=out,
        data_root=data,
        extra_sentiment_csvs=[org_csv],
        grid=(ModelSpec("ensemble", features=FeatureConfig(max_features=2000)),),
        cnn=None,  # the linear path needs no PyTorch; test_neural covers the TextCNN
        toxicity_cnn=None,
    )
    assert folder == out / "20990101-test"
    assert not list(folder.glob("*_cnn.npz"))
    for name in ("sentiment.skops", "toxicity.skops", "spans.skops", "card.json", "MODEL_CARD.md"):
        assert (folder / name).is_file()
    assert not list(folder.glob("*.pkl"))
    assert not list(folder.glob("*.joblib"))
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["version"] == "20990101-test"
    assert card["sentiment"]["organisation_rows"] == 2
    assert set(card["sentiment"]["test"]["per_class_f1"]) == {"negative", "neutral", "positive"}
    assert "ViHSD" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")

    reloaded = load_models("20990101-test", out)
    texts = ["thầy dạy hay nhiệt tình", "cô dạy chán khó hiểu", "chúc mọi người vui đồ chó"]
    before = [a.sentiment.probabilities for a in trained.analyse(texts)]
    after = [a.sentiment.probabilities for a in reloaded.analyse(texts)]
    for b, a in zip(before, after, strict=True):
        assert a == pytest.approx(b)
    assert reloaded.analyse(texts[:1])[0].sentiment.label == "positive"
    with pytest.raises(FileNotFoundError):
        load_models("missing-version", out)
