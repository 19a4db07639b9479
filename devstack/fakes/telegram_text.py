"""Telegram text rules used by the fake: entity parsing (enough to find the *visible* text whose length
the 4096/1024 limits apply to) and the "can't parse entities" errors for malformed markup.

Limits are applied after entity parsing, as the Bot API does ([L] PTB ``MessageLimit``). Lengths are
counted in UTF-16 code units, which is how Telegram measures text and entity offsets ([U] for the limit
check itself; for Vietnamese text, which is all in the BMP, code points and code units agree).

HTML tags accepted ([L] b/i/u/s/code/pre/blockquote/a; [U] the aliases strong/em/ins/strike/del, span
class="tg-spoiler", tg-spoiler, tg-emoji). MarkdownV2: the reserved characters must be escaped outside
entities ([L] PTB ``escape_markdown``); the fake checks the reserved characters that are never markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "a",
        "blockquote",
        "tg-spoiler",
        "span",
        "tg-emoji",
    }
)
# Reserved in MarkdownV2 and never markup themselves: they always need a backslash outside code.
MDV2_PLAIN_RESERVED = frozenset("#+-={}.!")
MDV2_MARKUP = frozenset("_*[]()~`>|")


class EntityParseError(ValueError):
    pass


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
# Detected in the visible text outside links, as Telegram does ([L] MessageEntity types).
AUTO_ENTITIES = (
    ("url", re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")),
    ("hashtag", re.compile(r"(?<![\w#])#\w+")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}\b")),
)


class _TelegramHTML(HTMLParser):
    """Telegram's HTML: the visible text (character references decoded once)
    and the entities the tags make, with UTF-16 offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int, dict[str, Any]]] = []
        self.out: list[str] = []
        self.length = 0  # UTF-16 code units so far
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}"')
        values = dict(attrs)
        if tag == "a" and not values.get("href"):
            raise EntityParseError('Can\'t find end tag corresponding to start tag "a"')
        extra: dict[str, Any] = {}
        if tag == "a":
            extra["url"] = values["href"]
        if tag == "tg-emoji":
            extra["custom_emoji_id"] = values.get("emoji-id") or ""
        if tag == "blockquote" and "expandable" in values:
            extra["_type"] = "expandable_blockquote"
        self.stack.append((tag, self.length, extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise EntityParseError(f'Unmatched end tag "{tag}"')
        _tag, start, extra = self.stack.pop()
        if self.length > start:
            kind = extra.pop("_type", ENTITY_TYPES[tag])
            self.entities.append(
                {"offset": start, "length": self.length - start, "type": kind, **extra}
            )

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        self.length += utf16_len(data)


def _auto_entities(text: str, taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    links = [(e["offset"], e["offset"] + e["length"]) for e in taken if e["type"] == "text_link"]
    found = []
    for kind, pattern in AUTO_ENTITIES:
        for match in pattern.finditer(text):
            offset = utf16_len(text[: match.start()])
            length = utf16_len(match.group(0))
            if any(start <= offset < end for start, end in links):
                continue
            found.append({"offset": offset, "length": length, "type": kind})
    return found


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The visible text and its message entities (formatting from HTML, plus
    the URLs, hashtags and mentions Telegram detects), sorted as Telegram
    returns them; raises :class:`EntityParseError` on malformed markup."""
    entities: list[dict[str, Any]] = []
    if (parse_mode or "").lower() == "html":
        parser = _TelegramHTML()
        parser.feed(text)
        parser.close()
        if parser.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{parser.stack[-1][0]}"'
            )
        shown = "".join(parser.out)
        entities = parser.entities
    else:
        shown = visible_text(text, parse_mode)
    entities = entities + _auto_entities(shown, entities)
    return shown, sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text the user will see; raises :class:`EntityParseError` on malformed markup."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_entities(text, parse_mode)[0]
    if mode == "markdownv2":
        out: list[str] = []
        escaped = in_code = False
        for offset, ch in enumerate(text):
            if escaped:
                out.append(ch)
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == "`":
                in_code = not in_code
            elif in_code:
                out.append(ch)
            elif ch in MDV2_PLAIN_RESERVED:
                raise EntityParseError(
                    f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
                    f" (offset {offset})"
                )
            elif ch not in MDV2_MARKUP:
                out.append(ch)
        return "".join(out)
    if mode == "markdown":
        return "".join(ch for ch in text if ch not in "*_`[")
    return text


def check_text(text: str, parse_mode: str | None, *, caption: bool) -> str | None:
    """``None`` when acceptable, else the Bot API's error description."""
    try:
        shown = visible_text(text, parse_mode)
    except EntityParseError as exc:
        return f"Bad Request: can't parse entities: {exc}"
    if caption:
        if utf16_len(shown) > CAPTION_LIMIT:
            return "Bad Request: message caption is too long"
        return None
    if not shown.strip():
        return "Bad Request: message text is empty"
    if utf16_len(shown) > TEXT_LIMIT:
        return "Bad Request: message is too long"
    return None
