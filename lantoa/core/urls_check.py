"""Addresses people type that Lantoa will show as links.

Only http(s) addresses are kept: a `javascript:` or `data:` "link" stored
through the API would run in whoever clicks it in the admin. The rule is one
regular expression, published as the API fields' `pattern`, so what the API
documents and what it accepts are the same.
"""

import re

MAX_URL_LENGTH = 1000
# Spaces and control characters, spelt out: a published pattern must not use
# `\s` or `\w`, whose meaning differs between regex dialects (Rust in pydantic,
# ECMA in clients, Python here), e.g. for U+0085.
SPACES = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# Scheme, a host (any characters but separators and spaces: IDN hosts are
# allowed), an optional port, then anything without spaces.
WEB_ADDRESS_PATTERN = rf"^https?://[^{SPACES}/?#@:]+(:[0-9]{{1,5}})?([/?#][^{SPACES}]*)?$"
WEB_ADDRESS_PROBLEM = "Đường dẫn phải là địa chỉ web bắt đầu bằng http:// hoặc https://."
_WEB_ADDRESS = re.compile(WEB_ADDRESS_PATTERN)


def is_web_address(value: str) -> bool:
    return len(value) <= MAX_URL_LENGTH and _WEB_ADDRESS.fullmatch(value) is not None
