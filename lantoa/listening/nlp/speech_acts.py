"""What kind of text this is before asking how it feels: no content, a question, a
notice, or an opinion.

The sentiment models learnt from texts that *are* opinions (course ratings, reviews,
comments), so they give every input a polarity: a meeting notice came out negative
at 0.95, a plain question negative. A union's channels carry many notices and
questions, which are neutral unless they also say something good or bad. These
functions read the *normalised* text (:func:`lantoa.listening.nlp.normalize.normalize`:
lower case, tokens separated by spaces) and are rules, not models, so each decision
can be explained:

* :func:`has_content`: at least one token that is a Vietnamese syllable, a longer
  Latin word or an emoji token. Whitespace, punctuation, masked links or phone
  numbers, digits and keyboard mash ("asdfgh") have none.
* :func:`speech_act`: ``question`` (a question mark or an interrogative phrase),
  ``notice`` (an announcement's wording, or a time, date or place with an event word)
  or ``statement``.
* :func:`has_polar_word`: words that carry a judgement (a small hand-made lexicon of
  workplace praise and complaint, plus emoji tokens). A question or notice with one
  ("sao lương chậm thế?") is left to the models.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lantoa.core.text import fold_diacritics

_MASKS = {"xxurl", "xxemail", "xxphone", "xxuser", "xxcaps"}
# Onset + nucleus + coda of a Vietnamese syllable, diacritics folded away.
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)
_LATIN_WORD = re.compile(r"^[a-z]*[aeiouy][a-z]*$")
_CONSONANT_RUN = re.compile(r"[^aeiouy]{4,}")


def _fold(token: str) -> str:
    return fold_diacritics(token).lower()


def _meaningful(token: str) -> bool:
    if token in _MASKS or not any(ch.isalpha() for ch in token):
        return False
    if token.startswith("emo") and token.isascii():
        return True
    folded = _fold(token)
    if _SYLLABLE.match(folded):
        # A lone letter is not a word on its own.
        return len(folded) >= 2
    if folded != token:  # diacritics: Vietnamese typed loosely ("nguoiiii")
        return True
    return (
        len(folded) >= 2 and bool(_LATIN_WORD.match(folded)) and not _CONSONANT_RUN.search(folded)
    )


def has_content(normalised: str) -> bool:
    """True when the normalised text has anything to analyse (see module docstring)."""
    return any(_meaningful(t) for t in normalised.split())


_QUESTION_PHRASES = (
    "khi nào", "bao giờ", "bao nhiêu", "bao lâu", "ở đâu", "chỗ nào", "thế nào", "như nào",
    "làm sao", "làm thế nào", "có phải", "phải không", "được không", "có không", "chưa ạ",
    "không ạ", "hay không", "hay chưa", "ai là", "là gì", "gì ạ", "nào ạ", "xin hỏi",
    "cho hỏi", "cho em hỏi", "cho mình hỏi", "cho tôi hỏi",
)  # fmt: skip
# Why-questions are usually complaints ("sao mãi chưa trả lương?"): not neutral cues.
_NOTICE_STRONG = (
    "thông báo", "kính mời", "trân trọng", "kính gửi", "xin mời", "sẽ diễn ra",
    "sẽ được tổ chức", "sẽ tổ chức", "triệu tập", "lịch họp", "lịch làm việc", "hạn chót",
    "hạn đăng ký", "đề nghị các", "yêu cầu các", "lưu ý", "nhắc nhở",
)  # fmt: skip
_NOTICE_EVENT = (
    "họp", "cuộc họp", "hội nghị", "đại hội", "tập huấn", "đăng ký", "địa điểm",
    "hội trường", "phòng họp", "tổ chức", "diễn ra", "khai mạc", "buổi", "lịch", "chương trình",
)  # fmt: skip
_TIME = re.compile(
    r"(?:\b\d{1,2} ?(?:giờ|h|g)\b|\bthứ (?:hai|ba|tư|năm|sáu|bảy)\b|\bchủ nhật\b"
    r"|\b\d{1,2}/\d{1,2}\b|\bngày mai\b|\bsáng mai\b|\bchiều mai\b|\btuần sau\b)"
)

_POSITIVE = (
    "tốt", "hay", "hài lòng", "vui", "cảm ơn", "tuyệt", "đẹp", "ngon", "thích", "yêu", "tận tình",
    "nhiệt tình", "cải thiện", "xuất sắc", "chu đáo", "hợp lý", "ổn", "sạch sẽ", "tự hào",
    "biết ơn", "ủng hộ", "hoan nghênh", "khen", "tiến bộ", "thoải mái", "an tâm", "yên tâm",
)  # fmt: skip
_NEGATIVE = (
    "tệ", "kém", "chán", "chậm", "trễ", "muộn", "bẩn", "nóng", "ồn", "thiếu", "nợ", "bức xúc",
    "bất công", "vô lý", "thất vọng", "buồn", "khổ", "mệt", "ép", "cắt", "giảm", "phạt",
    "đuổi", "sa thải", "hỏng", "hư", "dở", "tồi", "xấu", "quá tải", "vẫn chưa", "mãi", "lừa",
    "ngu", "đểu", "khiếu nại", "phản đối", "tăng ca", "quá tệ", "không được", "chưa được",
    "không có", "độc hại", "nguy hiểm", "tai nạn", "ốm", "bệnh", "sợ", "lo",
)  # fmt: skip
_POLAR_EMOJI = ("emolove", "emohappy", "emolike", "emosad", "emoangry", "emodisgust")


@lru_cache(maxsize=64)  # one compiled pattern per phrase list
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(unicodedata.normalize("NFC", p)) for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?:^| )(?:{alternatives})(?= |$)")


def _has(phrases: tuple[str, ...], text: str) -> bool:
    return bool(_phrase_pattern(phrases).search(text))


def has_polar_word(normalised: str) -> bool:
    """A word of praise or complaint, or an emoji that carries a feeling."""
    text = " ".join(normalised.split())
    return _has(_POSITIVE, text) or _has(_NEGATIVE, text) or _has(_POLAR_EMOJI, text)


def speech_act(normalised: str) -> str:
    """``question``, ``notice`` or ``statement`` for one normalised sentence."""
    text = " ".join(normalised.split())
    if text.endswith("?") or " ? " in f" {text} " or _has(_QUESTION_PHRASES, text):
        return "question"
    # An announcement opens with its wording ("Thông báo: ...", "Kính mời ..."); the
    # same words later in a sentence are usually talk about one ("nghỉ không thông
    # báo trước" is a complaint).
    if _has(_NOTICE_STRONG, " ".join(text.split()[:4])):
        return "notice"
    if _TIME.search(text) and _has(_NOTICE_EVENT, text):
        return "notice"
    return "statement"


def is_neutral_by_form(normalised: str) -> bool:
    """A question or notice that carries no judgement: neutral whatever its topic."""
    return speech_act(normalised) != "statement" and not has_polar_word(normalised)


# Single words of complaint that a negation turns around ("không tệ", "chẳng chán").
# Phrases such as "không được" are not here: they contain the negation themselves.
_COMPLAINT_WORDS = frozenset(
    {p.replace(" ", "_") for p in _NEGATIVE if not p.startswith(("không", "chưa", "vẫn"))}
    | {"tồi_tệ", "khó_chịu", "kém_cỏi", "chán_nản", "tệ_hại", "dở_tệ", "cẩu_thả", "phiền"}
)


def is_complaint_word(word: str) -> bool:
    """A segmented word (syllables joined by ``_``) from the complaint lexicon."""
    return word in _COMPLAINT_WORDS
