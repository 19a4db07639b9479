"""Spreadsheet safety for every export (docs/security.md).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return
may be taken for a formula by a spreadsheet program (on opening a CSV, or
once someone edits the cell), and a formula can send data out of the sheet
(`=HYPERLINK("http://…"&B5)`). As OWASP recommends ("CSV injection"), such
text is written with a leading apostrophe; our importers drop it again.
A signed plain number ("+84 912 345 678", "-5") runs nothing and is kept
as it is, so phone numbers stay readable.
"""

import re
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d .]+")


def safe_text(value: Any) -> Any:
    """`value`, with a leading apostrophe when it is text a spreadsheet could
    read as a formula; anything else unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_text(v) for v in values]
