"""Long texts: sentences and clauses, aggregation with evidence, "mixed", highlighting."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.listening.highlight import highlight_text
from lantoa.listening.ml.document import MIXED, aggregate, is_hedged
from lantoa.listening.nlp.normalize import normalize
from lantoa.listening.nlp.sentences import split_pieces

LABELS = ("negative", "neutral", "positive")


def test_sentences_and_clauses_at_a_contrast() -> None:
    text = "Lương ổn nhưng ca đêm quá mệt, tuy nhiên bữa ăn ca đã tốt hơn!! Cảm ơn BCH 👍\nOk."
    pieces = split_pieces(text)
    assert [p.text for p in pieces] == [
        "Lương ổn",
        "nhưng ca đêm quá mệt,",
        "tuy nhiên bữa ăn ca đã tốt hơn!!",
        "Cảm ơn BCH 👍\nOk.",  # "Ok." alone is too short to be a sentence
    ]
    for piece in pieces:
        assert text[piece.start : piece.end] == piece.text
    assert split_pieces("  \n ") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab nhưg.!?\n,tuyiê😂"), max_size=120))
def test_pieces_cover_every_letter_once_in_order(text: str) -> None:
    pieces = split_pieces(text)
    assert [p.start for p in pieces] == sorted(p.start for p in pieces)
    for a, b in itertools.pairwise(pieces):
        assert a.end <= b.start
    for piece in pieces:
        assert text[piece.start : piece.end] == piece.text
    assert sum(ch.isalpha() for p in pieces for ch in p.text) == sum(ch.isalpha() for ch in text)


def _doc(text: str, rows: list[list[float]]):  # type: ignore[no-untyped-def]
    pieces = split_pieces(text)
    assert len(pieces) == len(rows)
    return aggregate(
        pieces,
        np.array(rows),
        LABELS,
        [is_hedged(normalize(p.text)) for p in pieces],
        [False] * len(pieces),
    )


def test_a_positive_review_with_a_minor_complaint_stays_positive() -> None:
    doc = _doc(
        "Pin trâu, máy mượt, chụp ảnh đẹp. Giao hàng hơi chậm một chút.",
        [[0.1, 0.05, 0.85], [0.9, 0.05, 0.05]],
    )
    assert doc.label == "positive"
    assert [e.text for e in doc.evidence] == ["Pin trâu, máy mượt, chụp ảnh đẹp."]


def test_strong_opposite_sentences_are_mixed_with_both_as_evidence() -> None:
    doc = _doc(
        "Lương tháng này tăng, rất phấn khởi. Nhưng ca đêm bị cắt phụ cấp, anh em bức xúc.",
        [[0.05, 0.05, 0.9], [0.9, 0.05, 0.05]],
    )
    assert doc.label == MIXED
    assert [e.label for e in doc.evidence] == ["positive", "negative"]


def test_a_strong_complaint_outweighs_weak_praise() -> None:
    doc = _doc(
        "Cũng được. Nhưng nhà vệ sinh khu xưởng bẩn kinh khủng, không ai dọn suốt một tuần.",
        [[0.3, 0.2, 0.5], [0.95, 0.03, 0.02]],
    )
    assert doc.label == "negative"
    assert doc.evidence[0].text.startswith("Nhưng nhà vệ sinh")


def test_evidence_is_outlined_and_text_stays_escaped() -> None:
    text = "Bếp <b>ngon</b>. Nhưng thằng ngu quản lý!"
    first = "Bếp <b>ngon</b>."
    evidence = [{"start": 0, "end": len(first), "text": first, "label": "positive"}]
    spans = [{"start": text.index("ngu"), "end": text.index("ngu") + 3}]
    html = highlight_text(text, spans, evidence)
    assert (
        '<span class="listening-evidence listening-evidence-positive" data-evidence="positive">'
        in html
    )
    assert "&lt;b&gt;ngon&lt;/b&gt;" in html
    assert '<mark class="listening-span">ngu</mark>' in html
    assert highlight_text(text, spans, [{"start": "x", "label": "<script>"}]).count("<span") == 0


@pytest.mark.parametrize(
    "evidence", [None, [], [{"start": 99, "end": 120, "label": "positive"}], [{"label": "hate"}]]
)
def test_bad_evidence_is_ignored(evidence) -> None:  # type: ignore[no-untyped-def]
    assert highlight_text("Bữa ăn ngon", [], evidence) == "Bữa ăn ngon"


@pytest.mark.django_db
def test_analysis_stores_the_deciding_sentences_and_the_screen_outlines_them(client, tree) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from lantoa.listening.services.analysis import opinions_analyse
    from lantoa.listening.tests.factories import OpinionFactory
    from lantoa.listening.tests.test_admin_triage import officer_of

    text = "Bữa ăn ca hôm nay ngon, nhiều thịt, anh em rất vui. Phòng thay đồ hơi chật một chút."
    opinion = OpinionFactory(unit=tree.unit, text=text, analysed_at=None)
    opinions_analyse(opinion_ids=[opinion.pk])
    opinion.refresh_from_db()
    assert opinion.sentiment_evidence
    for piece in opinion.sentiment_evidence:
        assert text[piece["start"] : piece["end"]] == piece["text"]
        assert piece["label"] in ("positive", "negative", "neutral")
    client.force_login(officer_of(tree.unit))
    html = client.get(reverse("listening_opinions:inspect", args=[opinion.pk])).content.decode()
    assert html.count("data-evidence=") == len(opinion.sentiment_evidence)
    assert "data-evidence-list" in html
