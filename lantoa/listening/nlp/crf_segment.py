"""underthesea's CRF word segmenter, decoded here with cached feature scores.

The segmenter every shipped model was trained with is underthesea's bundled CRF
(``ws_crf_vlsp2013_20230727``): a regular-expression tokeniser, 43 feature templates
over a window of two tokens either side, and a two-label (``B-W``/``I-W``)
linear-chain CRF decoded by Viterbi. Calling it costs about a millisecond per
review-length sentence, most of it building the feature strings of every token anew.

Every template reads a fixed n-gram of the window ("T[-1,0].lower" reads the token
before and the token itself), so its contribution to a position's score is a function
of that n-gram alone. :class:`CachedCRFSegmenter` reads the same model file, sums the
weights per template group and n-gram once, keeps them in bounded caches, and decodes
with the same transition weights: the labels, hence the words, are those of
underthesea's ``word_tokenize(text, use_token_normalize=False)`` (a test and
``bench/listening.py --speed`` compare both on the public test sets). Tokenising is
cached per whitespace-separated chunk, which the tokeniser never joins across.
"""

from __future__ import annotations

import itertools
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_NAME = "ws_crf_vlsp2013_20230727"
_TEMPLATE_RE = re.compile(r"^T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?$")
# Above this many cached n-grams per group a cache starts afresh (bounded memory).
CACHE_LIMIT = 100_000


def model_folder() -> Path:
    import underthesea.pipeline.word_tokenize as word_tokenize

    return Path(word_tokenize.__file__).resolve().parent / "models" / MODEL_NAME


def read_crfsuite(path: Path) -> tuple[list[str], dict[str, list[tuple[int, float]]], Any]:
    """Labels, state weights per attribute (label id, weight) and the transition
    weights (a list of rows) of a CRFsuite model file (``lCRF``/``FOMC``)."""
    data = path.read_bytes()
    magic, _size, kind = data[:4], data[4:8], data[8:12]
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path.name}: not a CRFsuite first-order model")
    (_version, _nf, num_labels, num_attrs, off_features, off_labels, off_attrs) = struct.unpack(
        "<7I", data[12:40]
    )
    labels = _cqdb_strings(data, off_labels, num_labels)
    attrs = _cqdb_strings(data, off_attrs, num_attrs)
    if data[off_features : off_features + 4] != b"FEAT":
        raise ValueError(f"{path.name}: no feature chunk")
    (count,) = struct.unpack_from("<I", data, off_features + 8)
    state: dict[str, list[tuple[int, float]]] = {}
    transitions = [[0.0] * num_labels for _ in range(num_labels)]
    for kind_id, src, dst, weight in struct.iter_unpack(
        "<IIId", data[off_features + 12 : off_features + 12 + 20 * count]
    ):
        if kind_id == 0:
            state.setdefault(attrs[src], []).append((dst, weight))
        elif kind_id == 1:
            transitions[src][dst] = weight
        else:
            raise ValueError(f"{path.name}: unknown feature type {kind_id}")
    return labels, state, transitions


def _cqdb_strings(data: bytes, offset: int, expected: int) -> list[str]:
    """The strings of a CQDB chunk by id (through its backward array)."""
    if data[offset : offset + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    bwd_size, bwd_offset = struct.unpack_from("<II", data, offset + 16)
    if bwd_size != expected:
        raise ValueError(f"CQDB holds {bwd_size} strings, the header says {expected}")
    out: list[str] = []
    for (record,) in struct.iter_unpack(
        "<I", data[offset + bwd_offset : offset + bwd_offset + 4 * bwd_size]
    ):
        _id, ksize = struct.unpack_from("<II", data, offset + record)
        start = offset + record + 8
        out.append(data[start : start + ksize - 1].decode("utf-8"))
    return out


_TRUE, _FALSE = "True", "False"
_BOOLEANS = ("isdigit", "istitle", "is_in_dict")
_PAD = 2  # the widest reach of a template either side of its position (checked on load)


def _is_i32(text: str) -> bool:
    """underthesea's "isdigit": the text parses as a 32-bit integer (Rust's ``i32``)."""
    body = text[1:] if text[:1] in "+-" else text
    return bool(body) and body.isascii() and body.isdigit() and -(2**31) <= int(text) < 2**31


class CachedCRFSegmenter:
    """The CRF word segmenter with per-n-gram score caches (see the module docstring)."""

    def __init__(self, folder: Path | None = None) -> None:
        import joblib

        folder = folder or model_folder()
        labels, state, transitions = read_crfsuite(folder / "models.bin")
        if sorted(labels) != ["B-W", "I-W"]:
            raise ValueError(f"unexpected segmenter labels {labels}")
        b, i = labels.index("B-W"), labels.index("I-W")
        # Only the difference of the two labels' state scores matters to Viterbi.
        self._diff: dict[str, float] = {}
        for attr, pairs in state.items():
            per = dict(pairs)
            self._diff[attr] = per.get(b, 0.0) - per.get(i, 0.0)
        self._trans = (
            (transitions[b][b], transitions[b][i]),
            (transitions[i][b], transitions[i][i]),
        )
        self._dictionary: frozenset[str] = frozenset(joblib.load(folder / "dictionary.bin"))
        templates: list[str] = list(joblib.load(folder / "features.bin"))
        groups: dict[tuple[int, int], list[tuple[str, str | None]]] = {}
        for template in templates:
            match = _TEMPLATE_RE.match(template)
            if match is None:
                raise ValueError(f"unknown segmenter feature template {template!r}")
            lo = int(match.group(1))
            hi = int(match.group(2)) if match.group(2) is not None else lo
            if max(abs(lo), abs(hi)) > _PAD:
                raise ValueError(f"segmenter feature template {template!r} reaches too far")
            attr = match.group(3)
            if attr not in {None, "lower", "isdigit", "istitle", "is_in_dict"}:
                raise ValueError(f"unknown segmenter feature template {template!r}")
            groups.setdefault((lo, hi), []).append((template, attr))
        # Per template, its weight (B minus I) by value: "T[0].lower" → {"giảng": 0.8, ...}.
        self._values: dict[str, dict[str, float]] = {template: {} for template in templates}
        for feature, weight in self._diff.items():
            template, _, value = feature.partition("=")
            if template in self._values:
                self._values[template][value] = weight
        self._groups = [(lo, hi, items, self._edge(items)) for (lo, hi), items in groups.items()]
        # Per n-gram length: the groups that read an n-gram of that length, and one
        # cache from the n-gram to its score in each of them.
        self._by_size: dict[int, list[tuple[int, list[tuple[str, str | None]]]]] = {}
        for lo, hi, items, _ in self._groups:
            self._by_size.setdefault(hi - lo + 1, []).append((lo, items))
        self._caches: dict[int, dict[tuple[str, ...], tuple[tuple[int, float], ...]]] = {
            size: {} for size in self._by_size
        }
        self._edges: dict[int, list[float]] = {}
        self._tables = {size: self._table(groups) for size, groups in self._by_size.items()}

    def _edge(self, items: list[tuple[str, str | None]]) -> tuple[float, float]:
        """A group's score when its n-gram starts before the text (BOS) or ends after it (EOS)."""
        return (
            sum(self._diff.get(f"{name}=BOS", 0.0) for name, _ in items),
            sum(self._diff.get(f"{name}=EOS", 0.0) for name, _ in items),
        )

    def _table(self, groups: list[tuple[int, list[tuple[str, str | None]]]]) -> _Table:
        """The model's weights for the groups reading one n-gram size, laid out so that
        scoring a new n-gram costs a few look-ups (see :class:`_Table`)."""
        raw: dict[str, list[float]] = {}
        lower: dict[str, list[float]] = {}
        flags: set[str] = set()
        for g, (_, items) in enumerate(groups):
            for name, attr in items:
                if attr is None or attr == "lower":
                    table = raw if attr is None else lower
                    for value, weight in self._values[name].items():
                        table.setdefault(value, [0.0] * len(groups))[g] = weight
                else:
                    flags.add(attr)
        booleans = {}
        for key in itertools.product((False, True), repeat=len(_BOOLEANS)):
            found: dict[str, bool] = dict(zip(_BOOLEANS, key, strict=True))
            per_group = []
            for lo, items in groups:
                weights = [
                    self._values[name].get(_TRUE if found[attr] else _FALSE, 0.0)
                    for name, attr in items
                    if attr is not None and attr != "lower"
                ]
                per_group.append((_PAD - lo, weights))
            booleans[key] = per_group
        return _Table(
            deltas=tuple(_PAD - lo for lo, _ in groups),
            raw={k: tuple(v) for k, v in raw.items()},
            lower={k: tuple(v) for k, v in lower.items()},
            reads=tuple(name in flags for name in _BOOLEANS),
            booleans={
                key: (
                    tuple((delta, _sum(0.0, 0.0, ws)) for delta, ws in per_group),
                    tuple(tuple(ws) for _, ws in per_group),
                )
                for key, per_group in booleans.items()
            },
        )

    def _scores(self, table: _Table, gram: tuple[str, ...]) -> tuple[tuple[int, float], ...]:
        """For each group reading n-grams of this size, where its summed weights for
        ``gram`` go: (index in the padded score list minus the n-gram's start, score).

        The sums are those of the templates in the model's order (raw text, lower
        case, then the booleans), so the scores are bit for bit the same however
        they are looked up."""
        text = " ".join(gram)
        lower = text.lower()
        # The boolean attributes (False where no template of the size reads one).
        key = (
            table.reads[0] and _is_i32(text),
            table.reads[1] and all(t[:1].upper() == t[:1] for t in gram),
            table.reads[2] and lower in self._dictionary,
        )
        parts, weights = table.booleans[key]
        raw = table.raw.get(text)
        low = table.lower.get(lower)
        if raw is None and low is None:
            return parts
        raw = raw or table.zeros
        low = low or table.zeros
        return tuple(
            (delta, _sum(r, lo, ws))
            for delta, r, lo, ws in zip(table.deltas, raw, low, weights, strict=True)
        )

    def _edge_scores(self, n: int) -> list[float]:
        """Per position of an n-token text, the BOS/EOS scores of the groups whose
        n-gram leaves the text, with :data:`_PAD` unused slots either side."""
        scores = self._edges.get(n)
        if scores is None:
            scores = [0.0] * (n + 2 * _PAD)
            for lo, hi, _, (bos, eos) in self._groups:
                for pos in range(n):
                    if pos + lo < 0:
                        scores[_PAD + pos] += bos
                    elif pos + hi >= n:
                        scores[_PAD + pos] += eos
            if len(self._edges) < 4096:
                self._edges[n] = scores
        return list(scores)

    def tags(self, tokens: list[str]) -> list[bool] | None:
        """For each token, True when it begins a word (``B-W``); None when two paths
        score within rounding of each other (see :func:`_viterbi`)."""
        n = len(tokens)
        if n == 0:
            return []
        # An n-gram starting at `start` adds to the positions whose window holds it;
        # those beyond the text fall in the padding and are dropped.
        padded = self._edge_scores(n)
        for size, table in self._tables.items():
            cache = self._caches[size]
            if len(cache) > CACHE_LIMIT:
                cache.clear()
            for start in range(n - size + 1):
                gram = tuple(tokens[start : start + size])
                parts = cache.get(gram)
                if parts is None:
                    parts = cache[gram] = self._scores(table, gram)
                for delta, value in parts:
                    padded[start + delta] += value
        scores = padded[_PAD : _PAD + n]
        return _viterbi(scores, self._trans)

    def words(self, text: str) -> list[str]:
        """Words of ``text``, syllables separated by spaces (as ``word_tokenize``)."""
        tokens = _tokens(text)
        tags = self.tags(tokens)
        if tags is None:
            from underthesea import word_tokenize

            return list(word_tokenize(text, use_token_normalize=False))
        output: list[str] = []
        for k, (token, begins) in enumerate(zip(tokens, tags, strict=True)):
            if not begins and k > 0:
                output[-1] = output[-1] + " " + token
            else:
                output.append(token)
        return output


@dataclass(frozen=True)
class _Table:
    """The weights of the groups that read one n-gram size: per raw text and per
    lower-case text of the n-gram, a weight per group (0.0 where the model has none),
    and per combination of the boolean attributes, both the finished score of an
    n-gram with neither text in the model and the boolean weights per group."""

    deltas: tuple[int, ...]
    raw: dict[str, tuple[float, ...]]
    lower: dict[str, tuple[float, ...]]
    reads: tuple[bool, ...]  # per name of _BOOLEANS: whether a template reads it
    booleans: dict[
        tuple[bool, ...], tuple[tuple[tuple[int, float], ...], tuple[tuple[float, ...], ...]]
    ]

    @property
    def zeros(self) -> tuple[float, ...]:
        return (0.0,) * len(self.deltas)


def _sum(raw: float, lower: float, booleans: tuple[float, ...] | list[float]) -> float:
    """A group's score, summed in the order of its templates (as CRFsuite lists them)."""
    total = 0.0 + raw
    total += lower
    for weight in booleans:
        total += weight
    return total


# Two scores closer than this are a tie whose winner depends on the order in which
# the weights were summed: such a text is left to underthesea's own decoder.
TIE = 1e-9


def _viterbi(
    scores: list[float], trans: tuple[tuple[float, float], tuple[float, float]]
) -> list[bool] | None:
    """Viterbi over (B, I); the state score of I is taken as 0 and that of B as the
    given difference, which leaves every path's ranking unchanged. None on a near tie
    (repeated text such as "123 123 123 ..." has paths of equal score)."""
    (bb, bi), (ib, ii) = trans
    best_b, best_i = scores[0], 0.0
    back: list[tuple[bool, bool]] = []  # per position: (B came from B, I came from B)
    for pos in range(1, len(scores)):
        from_b_to_b, from_i_to_b = best_b + bb, best_i + ib
        from_b_to_i, from_i_to_i = best_b + bi, best_i + ii
        if abs(from_b_to_b - from_i_to_b) < TIE or abs(from_b_to_i - from_i_to_i) < TIE:
            return None
        b_from_b = from_b_to_b > from_i_to_b
        i_from_b = from_b_to_i > from_i_to_i
        back.append((b_from_b, i_from_b))
        best_b = (from_b_to_b if b_from_b else from_i_to_b) + scores[pos]
        best_i = from_b_to_i if i_from_b else from_i_to_i
    if abs(best_b - best_i) < TIE:
        return None
    is_b = best_b > best_i
    out = [is_b]
    for b_from_b, i_from_b in reversed(back):
        is_b = b_from_b if is_b else i_from_b
        out.append(is_b)
    out.reverse()
    return out


def _tokens(text: str) -> list[str]:
    """underthesea's regex tokens of ``text``, cached per whitespace-separated chunk.

    No token pattern crosses white space; the only one that looks past its chunk is
    an abbreviation's ``(?!$)`` (the end of the text), hence the ``last`` flag. Text
    that is not single-space separated is tokenised whole.
    """
    chunks = text.split()
    if " ".join(chunks) != text:
        return _tokenize(text)
    out: list[str] = []
    last = len(chunks) - 1
    for k, chunk in enumerate(chunks):
        out.extend(_chunk_tokens(chunk, k == last))
    return out


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str, last: bool) -> tuple[str, ...]:
    return tuple(_tokenize(chunk if last else chunk + " "))


def _tokenize(text: str) -> list[str]:
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return list(tokenize(text, use_token_normalize=False))


@lru_cache(maxsize=1)
def crf_segmenter() -> CachedCRFSegmenter:
    """The process-wide segmenter (the model is read once)."""
    return CachedCRFSegmenter()
