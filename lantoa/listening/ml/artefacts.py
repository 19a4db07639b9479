"""Versioned model artefacts: safe saving and loading with skops.

Layout: ``<root>/<version>/`` holds ``sentiment.skops``, ``toxicity.skops``,
``spans.skops``, optionally ``sentiment_cnn.npz`` / ``toxicity_cnn.npz`` (TextCNN
weights as plain arrays, read with ``allow_pickle=False``), ``card.json`` (metadata,
decision offsets and ensemble weights, metrics) and ``MODEL_CARD.md``. Artefacts are never pickles: skops refuses to build any type that
is not explicitly trusted, and we trust only the scikit-learn/numpy types our
pipelines are made of (:data:`TRUSTED_TYPES`); an artefact naming anything else is
rejected with :class:`UntrustedArtefactError`.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from skops import io as sio

from lantoa.listening.ml.calibration import UNCERTAIN_BELOW
from lantoa.listening.ml.classifier import Prediction, TextClassifier
from lantoa.listening.ml.document import MIXED, Evidence, aggregate, is_hedged
from lantoa.listening.ml.multidomain import MixedClassifier
from lantoa.listening.ml.neural import TextCNNEnsemble
from lantoa.listening.ml.spans import Span, SpanTagger
from lantoa.listening.nlp.lexicon_segment import LexiconSegmenter
from lantoa.listening.nlp.normalize import normalize, prepare
from lantoa.listening.nlp.sentences import Piece, split_clauses, split_sentences
from lantoa.listening.nlp.speech_acts import has_content, has_polar_word, speech_act

ARTEFACTS_DIR = Path(__file__).resolve().parent / "artefacts"
DEFAULT_FILE = "DEFAULT"  # holds the name of the version shipped as default

# Types that skops does not trust out of the box but our pipelines legitimately use
# (the calibrated LinearSVC's internals). Everything else an artefact names must be
# in skops' own default-trusted set (scikit-learn estimators, numpy arrays, builtins).
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.utils._bunch.Bunch",
    }
)


class UntrustedArtefactError(RuntimeError):
    """An artefact contains types outside :data:`TRUSTED_TYPES`."""


def save_skops(obj: Any, path: Path) -> None:
    """Serialise ``obj`` with skops (zip-compressed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def load_skops(path: Path) -> Any:
    """Load a skops file after checking every type it names is trusted.

    Raises :class:`UntrustedArtefactError` listing the offending types otherwise.
    """
    untrusted = set(sio.get_untrusted_types(file=path))
    unknown = sorted(untrusted - TRUSTED_TYPES)
    if unknown:
        raise UntrustedArtefactError(f"{path.name}: refusing untrusted types {unknown}")
    return sio.load(path, trusted=sorted(untrusted))


def available_versions(root: Path | None = None) -> list[str]:
    """Versions present under ``root`` (sorted; names are date-prefixed)."""
    root = root or ARTEFACTS_DIR
    return (
        sorted(p.name for p in root.iterdir() if (p / "card.json").is_file())
        if root.is_dir()
        else []
    )


def default_version(root: Path | None = None) -> str:
    """The version named in ``<root>/DEFAULT``, else the newest available one."""
    root = root or ARTEFACTS_DIR
    marker = root / DEFAULT_FILE
    if marker.is_file() and marker.read_text(encoding="utf-8").strip():
        return marker.read_text(encoding="utf-8").strip()
    versions = available_versions(root)
    if not versions:
        raise FileNotFoundError(f"no listening artefacts in {root}")
    return versions[-1]


NO_CONTENT = Prediction(label="", confidence=0.0, probabilities={})
# How far a question or notice without a word of judgement is pulled to neutral:
# the model's own distribution keeps this share (it still ranks the other labels).
FORM_PRIOR_KEEP = 0.2


@dataclass(frozen=True)
class Analysis:
    """Everything the models say about one text, with the version that said it.

    ``has_content`` is False for empty, whitespace-only or meaningless input ("không
    có nội dung"): both labels are then ``""`` with confidence 0. ``uncertain`` is
    True when the calibrated sentiment confidence is below the card's threshold
    ("chưa chắc chắn"). ``form`` is ``question``, ``notice`` or ``statement``.
    """

    sentiment: Prediction
    toxicity: Prediction
    spans: list[Span]
    model_version: str
    has_content: bool = True
    uncertain: bool = False
    form: str = "statement"
    evidence: tuple[Evidence, ...] = ()


@dataclass
class ListeningModels:
    """The three models of one artefact version."""

    version: str
    sentiment: TextClassifier | MixedClassifier
    toxicity: TextClassifier
    spans: SpanTagger
    card: dict[str, Any]
    # The fast longest-match segmenter over the models' own words, when the version
    # ships one (``lexicon.txt``); else underthesea's CRF.
    segmenter: LexiconSegmenter | None = None

    @property
    def uncertain_below(self) -> float:
        return float(self.card.get("decision", {}).get("uncertain_below", UNCERTAIN_BELOW))

    def analyse(self, texts: Sequence[str], with_spans: bool = True) -> list[Analysis]:
        """Sentiment, toxicity and (for non-clean texts) offending spans, in order.

        Texts without content get no label. Sentiment is read per sentence and clause
        (:mod:`lantoa.listening.nlp.sentences`) and aggregated with its evidence
        (:mod:`lantoa.listening.ml.document`); a question or notice that carries no
        judgement is pulled to neutral
        (:func:`~lantoa.listening.nlp.speech_acts.is_neutral_by_form`). Toxicity reads
        the whole text. Spans are only computed for texts whose toxicity is not
        ``clean``: moderators need them there, and it keeps the common case fast.
        """
        out = [Analysis(NO_CONTENT, NO_CONTENT, [], self.version, has_content=False)] * len(texts)
        rows = self._rows(texts)
        if not rows.pieces:
            return out
        probs = self.sentiment.predict_proba(rows.prepared)
        forms = [speech_act(n) for n in rows.lowered]
        neutral_form = [
            f != "statement" and not has_polar_word(n)
            for f, n in zip(forms, rows.lowered, strict=True)
        ]
        if "neutral" in self.sentiment.labels:
            k = self.sentiment.labels.index("neutral")
            pulled = np.asarray(neutral_form, dtype=bool)
            probs[pulled] *= FORM_PRIOR_KEEP
            probs[pulled, k] += 1.0 - FORM_PRIOR_KEEP
        hedged = [is_hedged(n) for n in rows.lowered]
        sentences_of: dict[int, list[int]] = {}
        clauses_of: dict[tuple[int, int], list[int]] = {}
        for row, (i, parent) in enumerate(zip(rows.owners, rows.parents, strict=True)):
            if parent is None:
                sentences_of.setdefault(i, []).append(row)
            else:
                clauses_of.setdefault((i, parent.start), []).append(row)
        owners = sorted(sentences_of)
        whole = _whole(rows, sentences_of, owners)
        toxicities = self.toxicity.predict(whole)
        threshold = self.uncertain_below
        labels = self.sentiment.labels
        for i, t in zip(owners, toxicities, strict=True):
            own = sentences_of[i]
            doc = aggregate(
                [rows.pieces[r] for r in own],
                probs[own],
                labels,
                [hedged[r] for r in own],
                [neutral_form[r] for r in own],
            )
            evidence = tuple(
                _narrow(e, clauses_of.get((i, e.start), []), rows.pieces, probs, labels)
                for e in doc.evidence
            )
            s = Prediction(doc.label, doc.confidence, doc.probabilities)
            spans = self.spans.spans(texts[i]) if with_spans and t.label != "clean" else []
            out[i] = Analysis(
                s,
                t,
                spans,
                self.version,
                uncertain=doc.label != MIXED and s.confidence < threshold,
                form=forms[own[0]] if len(own) == 1 else "statement",
                evidence=evidence,
            )
        return out

    def _rows(self, texts: Sequence[str]) -> _Rows:
        rows = _Rows(self.segmenter)
        for i, text in enumerate(texts):
            for sentence in split_sentences(text or ""):
                if rows.add(i, sentence, None):
                    clauses = split_clauses(text, sentence)
                    for clause in clauses if len(clauses) > 1 else []:
                        rows.add(i, clause, sentence)
        return rows

    def model_inputs(self, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        """What :meth:`analyse` gives the models: the prepared sentence and clause
        rows (sentiment) and the prepared whole texts (toxicity), for choosing
        cascade thresholds on dev data."""
        rows = self._rows(texts)
        sentences_of: dict[int, list[int]] = {}
        for row, (i, parent) in enumerate(zip(rows.owners, rows.parents, strict=True)):
            if parent is None:
                sentences_of.setdefault(i, []).append(row)
        return list(rows.prepared), _whole(rows, sentences_of, sorted(sentences_of))


def _whole(rows: _Rows, sentences_of: dict[int, list[int]], owners: list[int]) -> list[str]:
    return [" ".join(rows.prepared[r] for r in sentences_of[i]) for i in owners]


class _Rows:
    """The sentences (and clauses of sentences with a contrast) to classify."""

    def __init__(self, segmenter: LexiconSegmenter | None) -> None:
        self.segmenter = segmenter
        self.owners: list[int] = []
        self.parents: list[Piece | None] = []
        self.pieces: list[Piece] = []
        self.lowered: list[str] = []
        self.prepared: list[str] = []

    def add(self, owner: int, piece: Piece, parent: Piece | None) -> bool:
        cased = normalize(piece.text, lowercase=False)
        lowered = cased.lower()
        if not has_content(lowered):
            return False
        self.owners.append(owner)
        self.parents.append(parent)
        self.pieces.append(piece)
        self.lowered.append(lowered)
        self.prepared.append(prepare(cased, self.segmenter))
        return True


def _narrow(
    evidence: Evidence,
    clause_rows: list[int],
    pieces: list[Piece],
    probs: np.ndarray,
    labels: Sequence[str],
) -> Evidence:
    """The clause of an evidence sentence that carries its label, if one does.

    The sentence's label is read on the whole sentence (the models learnt whole
    sentences: "rõ ràng, nhưng hơi thiên về lý thuyết" is a complaint); the clause
    only says where in it the feeling is.
    """
    if evidence.label not in labels or not clause_rows:
        return evidence
    k = labels.index(evidence.label)
    best = max(clause_rows, key=lambda r: probs[r, k])
    if int(probs[best].argmax()) != k:
        return evidence
    piece = pieces[best]
    return Evidence(piece.start, piece.end, piece.text, evidence.label, float(probs[best, k]))


def save_models(models: ListeningModels, root: Path | None = None) -> Path:
    """Write ``models`` under ``<root>/<version>/``; returns that folder.

    For models trained whole (:func:`lantoa.listening.ml.train.train_all`); a layered
    version is written by :func:`save_layered`.
    """
    if not isinstance(models.sentiment, TextClassifier):
        raise TypeError("a mixed sentiment model is saved with save_layered")
    folder = (root or ARTEFACTS_DIR) / models.version
    folder.mkdir(parents=True, exist_ok=True)
    save_skops(models.sentiment.pipeline, folder / "sentiment.skops")
    save_skops(models.toxicity.pipeline, folder / "toxicity.skops")
    save_skops(models.spans.pipeline, folder / "spans.skops")
    pairs: tuple[tuple[str, TextClassifier], ...] = (
        ("sentiment", models.sentiment),
        ("toxicity", models.toxicity),
    )
    for task, classifier in pairs:
        cnn_path = folder / f"{task}_cnn.npz"
        if classifier.neural is not None:
            classifier.neural.save(cnn_path)
        else:
            cnn_path.unlink(missing_ok=True)
    if models.segmenter is not None:
        models.segmenter.save(folder / LEXICON_FILE)
    card = dict(models.card)
    card["version"] = models.version
    card["decision"] = {
        "sentiment_log_prior_offsets": dict(
            zip(models.sentiment.labels, map(float, models.sentiment.offsets), strict=True)
        ),
        "toxicity_log_prior_offsets": dict(
            zip(models.toxicity.labels, map(float, models.toxicity.offsets), strict=True)
        ),
        "sentiment_neural_weight": models.sentiment.neural_weight,
        "toxicity_neural_weight": models.toxicity.neural_weight,
        "sentiment_cascade_above": models.sentiment.neural_skip_above,
        "toxicity_cascade_above": models.toxicity.neural_skip_above,
        "span_threshold": models.spans.threshold,
        "sentiment_temperature": models.sentiment.temperature,
        "toxicity_temperature": models.toxicity.temperature,
        "uncertain_below": models.uncertain_below,
    }
    (folder / "card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


def read_card(version: str | None = None, root: Path | None = None) -> dict[str, Any]:
    """The card of a version without loading its models (a screen shows it)."""
    root = root or ARTEFACTS_DIR
    version = version or default_version(root)
    card: dict[str, Any] = json.loads((root / version / "card.json").read_text(encoding="utf-8"))
    card.setdefault("version", version)
    return card


def load_models(version: str | None = None, root: Path | None = None) -> ListeningModels:
    """Load one artefact version (default: :func:`default_version`) with type checks."""
    root = root or ARTEFACTS_DIR
    version = version or default_version(root)
    folder = root / version
    if not (folder / "card.json").is_file():
        raise FileNotFoundError(f"no listening artefact version {version!r} in {root}")
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    decision = card.get("decision", {})
    if card.get("base_version"):
        return _load_layered(version, root, folder, card)
    sentiment = _load_classifier(folder, "sentiment", decision)
    toxicity = _load_classifier(folder, "toxicity", decision)
    spans = SpanTagger(
        load_skops(folder / "spans.skops"), float(decision.get("span_threshold", 0.5))
    )
    segmenter = (
        LexiconSegmenter.from_file(folder / LEXICON_FILE)
        if (folder / LEXICON_FILE).is_file()
        else None
    )
    return ListeningModels(version, sentiment, toxicity, spans, card, segmenter)


GENERAL_FILE = "sentiment_general.skops"
LEXICON_FILE = "lexicon.txt"


def _load_layered(version: str, root: Path, folder: Path, card: dict[str, Any]) -> ListeningModels:
    """A version that adds to a base version: a general sentiment model mixed with
    the base's, temperatures, and the fast segmenter's lexicon (no copy of the base)."""
    base = load_models(str(card["base_version"]), root)
    decision = card.get("decision", {})
    sentiment: TextClassifier | MixedClassifier = base.sentiment
    if (folder / GENERAL_FILE).is_file() and isinstance(base.sentiment, TextClassifier):
        sentiment = MixedClassifier(
            base.sentiment,
            load_skops(folder / GENERAL_FILE),
            weight=float(decision.get("sentiment_general_weight", 0.5)),
            temperature=float(decision.get("sentiment_temperature", 1.0)),
        )
    base.toxicity.temperature = float(decision.get("toxicity_temperature", 1.0))
    segmenter = (
        LexiconSegmenter.from_file(folder / LEXICON_FILE)
        if (folder / LEXICON_FILE).is_file()
        else base.segmenter
    )
    return ListeningModels(version, sentiment, base.toxicity, base.spans, card, segmenter)


def save_layered(
    version: str,
    base_version: str,
    card: dict[str, Any],
    general: Any | None,
    segmenter: LexiconSegmenter | None,
    root: Path | None = None,
) -> Path:
    """Write a layered version (see :func:`_load_layered`); ``card`` holds "decision"."""
    folder = (root or ARTEFACTS_DIR) / version
    folder.mkdir(parents=True, exist_ok=True)
    if general is not None:
        save_skops(general, folder / GENERAL_FILE)
    if segmenter is not None:
        segmenter.save(folder / LEXICON_FILE)
    card = {**card, "version": version, "base_version": base_version}
    card["artefact_bytes"] = {
        p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.name != "card.json"
    }
    (folder / "card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


def _load_classifier(folder: Path, task: str, decision: dict[str, Any]) -> TextClassifier:
    classifier = TextClassifier(load_skops(folder / f"{task}.skops"))
    classifier.offsets = _offsets(decision.get(f"{task}_log_prior_offsets"), classifier.labels)
    classifier.temperature = float(decision.get(f"{task}_temperature", 1.0))
    cnn_path = folder / f"{task}_cnn.npz"
    if cnn_path.is_file():
        classifier.set_neural(
            TextCNNEnsemble.load(cnn_path), float(decision.get(f"{task}_neural_weight", 0.0))
        )
        skip_above = decision.get(f"{task}_cascade_above")
        classifier.neural_skip_above = None if skip_above is None else float(skip_above)
    return classifier


def _offsets(mapping: dict[str, float] | None, labels: Sequence[str]) -> Any:
    import numpy as np

    mapping = mapping or {}
    return np.array([float(mapping.get(lab, 0.0)) for lab in labels])
