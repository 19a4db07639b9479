"""Webhook signing and delivery, as each platform does it.

Each ``*_signature`` function is the platform's algorithm written once, so that the fakes (which *send*
signed webhooks) and the tests (which check them by an independent computation) agree on the facts in
``shared/reference/channel-apis.md``:

* Facebook: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`` (the legacy
  ``X-Hub-Signature: sha1=…`` is [U]; sent only when asked).
* Zalo OA: ``X-ZEvent-Signature: mac=<hex SHA-256(app_id + raw body + timestamp + OA secret key)>`` — a plain
  hash of the concatenation, not an HMAC. [U] whether the first element is the app id (n8n node) or the OA
  id (a guide's sample): the fakes take the id to use as a parameter.
* Viber: ``X-Viber-Content-Signature: <hex HMAC-SHA256(auth token, raw body)>``.
* Telegram: ``X-Telegram-Bot-Api-Secret-Token: <secret_token given to setWebhook>`` (no signature).

Delivery uses :mod:`urllib.request` so the fakes need no third-party package.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any


def facebook_signature(app_secret: str, body: bytes) -> str:
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def facebook_signature_sha1(app_secret: str, body: bytes) -> str:
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha1).hexdigest()
    return f"sha1={digest}"


def appsecret_proof(app_secret: str, access_token: str) -> str:
    """Graph API (and Zalo's optional) ``appsecret_proof``: hex HMAC-SHA256(key=app secret, msg=token)."""
    return hmac.new(
        app_secret.encode("utf-8"), access_token.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def zalo_signature(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    material = (
        app_id.encode("utf-8") + body + timestamp.encode("utf-8") + oa_secret_key.encode("utf-8")
    )
    return "mac=" + hashlib.sha256(material).hexdigest()


def viber_signature(auth_token: str, body: bytes) -> str:
    return hmac.new(auth_token.encode("utf-8"), body, hashlib.sha256).hexdigest()


def encode_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON, the way the platforms send it (the signature covers these exact bytes)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class WebhookResult:
    status: int
    body: bytes
    error: str = ""


@dataclass(frozen=True)
class SignedWebhook:
    """A webhook request ready to send: the exact body bytes and the headers that sign them."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    url: str = ""
    method: str = "POST"

    @property
    def payload(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def post(self, url: str | None = None, timeout: float = 5.0) -> WebhookResult:
        return deliver(self, url, timeout)


def deliver(signed: SignedWebhook, url: str | None = None, timeout: float = 5.0) -> WebhookResult:
    """POST ``signed`` to ``url`` (or ``signed.url``). Never raises for HTTP or network errors: the
    outcome is in the result, as a platform would only note a failed delivery and retry later."""
    target = url or signed.url
    if not target:
        raise ValueError("no webhook URL given")
    headers = {"Content-Type": "application/json", **signed.headers}
    req = urllib.request.Request(target, data=signed.body, headers=headers, method=signed.method)  # noqa: S310
    if not target.startswith(("http://", "https://")):
        raise ValueError("webhook URL must be http(s)")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return WebhookResult(resp.status, resp.read())
    except urllib.error.HTTPError as exc:
        return WebhookResult(exc.code, exc.read() or b"", str(exc))
    except (urllib.error.URLError, OSError) as exc:
        return WebhookResult(0, b"", str(exc))
