"""Reading request bodies: JSON, and only text a database can store.

A body that is not JSON is answered like any other invalid input, 422
`validation_error` (`type: json_invalid`), not with a bare 400. A NUL character
in text (`"\\u0000"`, valid JSON, refused by PostgreSQL in text columns) is
dropped, as the public search drops it; a lone UTF-16 surrogate (`"\\udb8c"`,
which neither database can encode) is refused, 422 `type: string_unicode`.
Otherwise such values would fail as a 500 when they are saved.
"""

import json
from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser
from ninja.types import DictStrAny


class UnreadableBody(ValueError):
    """The body is not JSON, or holds text no database can store."""

    def __init__(self, loc: list[str | int], kind: str, message: str) -> None:
        super().__init__(message)
        self.error = {"loc": ["body", *loc], "msg": message, "type": kind}


def storable_text_problem(text: str) -> str:
    """Why `text` (NUL characters aside) cannot be stored ("" when it can)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Lone surrogate in text"
    return ""


def storable(value: Any, loc: list[str | int]) -> Any:
    """`value` with NUL characters dropped from every string (keys included);
    UnreadableBody for a string no database can encode."""
    if isinstance(value, str):
        value = value.replace("\x00", "")
        if problem := storable_text_problem(value):
            raise UnreadableBody(loc, "string_unicode", problem)
        return value
    if isinstance(value, dict):
        return {storable(k, loc): storable(v, [*loc, k]) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(item, [*loc, i]) for i, item in enumerate(value)]
    return value


class LantoaParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise UnreadableBody([], "json_invalid", "Request body is not JSON") from exc
        return cast(DictStrAny, storable(data, []))
