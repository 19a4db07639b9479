"""Emoji and emoticons → plain word tokens.

Emoji carry much of the sentiment in Vietnamese social-media comments ("❤️", "😡",
":)))", "=]]", ":v"), but the word segmenter and the word n-gram features only see letters.
Each emoji or emoticon is therefore replaced by an ASCII token such as ``emolove``; the
tokens start with ``emo`` so that they cannot collide with a Vietnamese syllable.
"""

from __future__ import annotations

import re

# Grouped by the feeling they usually express in Vietnamese comments; animal emoji are
# a separate group because they are often used as insults ("🐶", "🐷").
_EMOJI_GROUPS: dict[str, str] = {
    "emolove": "❤♥💕💖💗💓💞💘💝💟😍🥰😘😗😙😚😻💋🌹",
    "emohappy": "😀😃😄😁😆😊☺🙂😋😎🤗🤩😇🎉🥳✨💯👌✌🌸😌😛😜😝",
    "emolaugh": "😂🤣😹😅",
    "emolike": "👍👏🙌💪🤝🙆",
    "emopray": "🙏",
    "emosad": "😢😭😞😔😟😕🙁☹😩😫😥😰😨😿💔😪😓🥺",
    "emoangry": "😡😠🤬👿💢😤🖕👎",
    "emodisgust": "🤮🤢💩🤡🙄😒😏🤥",
    "emosurprise": "😮😯😲😱😳🤯😵",
    "emoneutral": "🤔😐😑😶🙃🤐🤷",
    "emoanimal": "🐶🐕🐷🐖🐮🐄🐒🐵🐍🐸🐀🐃🐂🦊",
}
EMOJI_TOKENS: dict[str, str] = {ch: token for token, chars in _EMOJI_GROUPS.items() for ch in chars}
# Anything else in the emoji blocks becomes this token, so it is never silently dropped.
OTHER_EMOJI = "emoother"
_EMOJI_RANGES = (
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, supplemental symbols
    "\u2600-\u27bf"  # misc symbols and dingbats (☺, ✌, ❤)
    "\u2b00-\u2bff"  # arrows and stars (⭐)
)
_EMOJI_RE = re.compile(f"[{_EMOJI_RANGES}]")
# Modifiers that only change how an emoji looks: variation selectors, zero-width joiner,
# gender signs and skin tones (inside the range above, handled first).
_MODIFIERS_RE = re.compile("[\ufe0e\ufe0f\u200d\u20e3\u2640\u2642\U0001f3fb-\U0001f3ff]")

# Order matters: longer emoticons first (":)))" before ":)").
_EMOTICONS: tuple[tuple[str, str], ...] = (
    (r">:\(|:@", "emoangry"),
    (r"[:=;]['’]?-?[)\]}]{2,}", "emolaugh"),  # ":))", "=]]]" - laughing, often ironic
    (r"[:=;]-?[)\]}]|\^[_.]?\^|(?<!\w)[:=]-?[dD3](?!\w)", "emohappy"),
    (r"[:=]['’]?-?[(\[{]+|(?<!\w)[tT][_.][tT](?!\w)|(?<!\w);\(", "emosad"),
    (r"-_-|-\.-|=\.=|\._\.", "emoannoyed"),
    (r"(?<!\w)[:=]\s?[vV](?!\w)", "emopacman"),  # ":v" - Vietnamese meme, mocking/joking
    (r"<3+", "emolove"),
    (r"(?<!\w)[:=][pP](?!\w)", "emotongue"),
    (r"(?<!\w):[oO](?!\w)", "emosurprise"),
)
_EMOTICON_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(_EMOTICONS)))
_EMOTICON_TOKEN = {f"g{i}": token for i, (_, token) in enumerate(_EMOTICONS)}

# UIT-VSFC replaced emoticons by words; map them onto ours so that a model trained on it
# understands real emoticons and vice versa.
UIT_EMOTICON_WORDS: dict[str, str] = {
    "colonsmile": "emohappy",
    "colonsmilesmile": "emolaugh",
    "colonbigsmile": "emohappy",
    "colonsmallsmile": "emohappy",
    "colonhihi": "emolaugh",
    "colonlove": "emolove",
    "colonlovelove": "emolove",
    "colonsad": "emosad",
    "colonsadcolon": "emosad",
    "coloncontemn": "emoannoyed",
    "colonsurprise": "emosurprise",
    "colondoublesurprise": "emosurprise",
}


def _emoticon(match: re.Match[str]) -> str:
    return f" {_EMOTICON_TOKEN[match.lastgroup or 'g0']} "


def _emoji(match: re.Match[str]) -> str:
    return f" {EMOJI_TOKENS.get(match.group(), OTHER_EMOJI)} "


def replace_emoticons(text: str) -> str:
    """Replace ASCII emoticons by ``emo*`` tokens surrounded by spaces."""
    return _EMOTICON_RE.sub(_emoticon, text)


def replace_emoji(text: str) -> str:
    """Replace every emoji by an ``emo*`` token surrounded by spaces.

    Guarantees: no character of the emoji blocks listed above remains in the result.
    """
    text = _MODIFIERS_RE.sub("", text)
    return _EMOJI_RE.sub(_emoji, text)
