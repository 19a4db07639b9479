"""Zalo OA OAuth v4 (oauth.zaloapp.com): the permission URL with PKCE, the code
exchange and the refresh grant (shared/reference/channel-apis.md §2.1).

Facts that shape the callers (services/tokens.py):
- an access token lives 25 h (`expires_in` is the *string* "90000");
- a refresh token lives 3 months and is **single use**: every refresh answers a
  new pair, and the old refresh token is spent even if we never store the answer;
- both calls send the app secret in a header named `secret_key`, form-encoded.

Nothing here touches the database or logs a secret: the tokens travel in the
request body, never in a URL, and error messages carry Zalo's code and reason only.
"""

import base64
import hashlib
import secrets
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from lantoa.channels.adapters import http
from lantoa.channels.adapters.base import ChannelError, ErrorKind
from lantoa.channels.adapters.common import json_body

PERMISSION_PATH = "/v4/oa/permission"
TOKEN_PATH = "/v4/oa/access_token"  # noqa: S105 - a path, not a secret
# "Invalid grant": the code or refresh token is unknown, expired or already used.
INVALID_GRANT = -14014
VERIFIER_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_in: float  # seconds


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, code_challenge): 43 characters A–Z a–z 0–9, and the
    unpadded base64url SHA-256 of it, as Zalo's SDK computes them."""
    verifier = "".join(secrets.choice(VERIFIER_ALPHABET) for _ in range(43))
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
    return verifier, challenge


def permission_url(
    oauth_base_url: str, *, app_id: str, redirect_uri: str, code_challenge: str, state: str
) -> str:
    """Where the OA's admin chooses the OA and grants our app its permissions."""
    query = urlencode(
        {
            "app_id": app_id,
            "redirect_uri": redirect_uri,
            "code_challenge": code_challenge,
            "state": state,
        }
    )
    return f"{oauth_base_url.rstrip('/')}{PERMISSION_PATH}?{query}"


def exchange_code(
    oauth_base_url: str, *, app_id: str, app_secret: str, code: str, code_verifier: str
) -> TokenGrant:
    """The callback's `code` (10 minutes, single use) for the first token pair."""
    return _token_call(
        oauth_base_url,
        app_secret,
        {
            "app_id": app_id,
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": code_verifier,
        },
    )


def refresh(oauth_base_url: str, *, app_id: str, app_secret: str, refresh_token: str) -> TokenGrant:
    """Spend `refresh_token` for a new pair. The caller must store the answer
    before anyone else may refresh (services/tokens.py holds the row lock)."""
    return _token_call(
        oauth_base_url,
        app_secret,
        {"app_id": app_id, "grant_type": "refresh_token", "refresh_token": refresh_token},
    )


def _token_call(oauth_base_url: str, app_secret: str, form: dict[str, str]) -> TokenGrant:
    if not oauth_base_url or not form.get("app_id") or not app_secret:
        raise ChannelError(
            ErrorKind.AUTH,
            "Thiếu App ID/App secret của ứng dụng Zalo để làm mới token.",
            code="no_app",
        )
    response = http.request(
        "POST",
        f"{oauth_base_url.rstrip('/')}{TOKEN_PATH}",
        headers={"secret_key": app_secret},
        data=form,
    )
    if response.status_code >= 500 or response.status_code == 429:
        raise ChannelError(
            ErrorKind.TRANSIENT,
            f"Máy chủ OAuth của Zalo lỗi (HTTP {response.status_code}).",
            code=str(response.status_code),
            http_status=response.status_code,
            retry_after=http.retry_after_header(response),
        )
    body = json_body(response, "Zalo OAuth")
    if not isinstance(body, dict):
        raise ChannelError(
            ErrorKind.UNCERTAIN, "Zalo OAuth trả lời không đúng dạng.", code="bad_answer"
        )
    code = _int(body.get("error"))
    if code:
        reason = str(body.get("error_reason") or body.get("error_name") or "")
        raise ChannelError(
            ErrorKind.AUTH,
            f"Zalo từ chối cấp token (mã {code}): {reason}",
            code=str(code),
            http_status=response.status_code,
        )
    return _grant(body)


def _grant(body: dict[str, Any]) -> TokenGrant:
    access, refresh_token = body.get("access_token"), body.get("refresh_token")
    expires_in = _int(body.get("expires_in"))  # a string in Zalo's answers
    if not access or not refresh_token or not expires_in:
        # Zalo answered 200 and may have spent the refresh token: not an error to retry.
        raise ChannelError(
            ErrorKind.UNCERTAIN, "Zalo OAuth trả lời thiếu token.", code="bad_answer"
        )
    return TokenGrant(str(access), str(refresh_token), float(expires_in))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
