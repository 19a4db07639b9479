"""Fake Viber Channels Post API and REST Bot API (``https://chatapi.viber.com/pa/<endpoint>``).

Guarantees (``shared/reference/channel-apis.md`` §3):

* POST with a JSON body (``get_account_info`` also GET); token in ``X-Viber-Auth-Token`` **or** the
  ``auth_token`` body field; answers HTTP 200 ``{"status": 0, "status_message": "ok", …}`` or a non-zero
  status from the documented table (1 invalidUrl, 2 invalidAuthToken, 3 badData, 4 missingData,
  5 receiverNotRegistered, 6 receiverNotSubscribed, 10 webhookNotSet, 12 tooManyRequests);
* ``set_webhook`` calls the URL at once with a signed ``{"event": "webhook"}`` callback and requires 200
  (loopback URLs only; an https URL on another host is accepted without a call, since the fake never
  leaves the machine); an empty URL removes the webhook;
* ``get_account_info`` with ``members`` holding one ``superadmin``; ``post`` (channels: ``from`` must be a
  member; types text/picture/video/file/url/location/contact/sticker; text ≤ 7000; 30 KB body) answering
  ``message_token``; ``webhookNotSet`` before ``set_webhook``; ``send_message`` (100 messages per user per
  hour without a reply → 12), ``broadcast_message`` (≤ 300 ids, ``failed_list``), ``get_user_details``,
  ``get_online``;
* callbacks signed ``X-Viber-Content-Signature: hex HMAC-SHA256(token, body)``.

[U] and configurable: throttling's HTTP status (``rate_limit_http_status`` 200) and the status message of
a missing token ("missing_auth_token"), the picture caption limit (``picture_text_limit`` 512), whether
channels accept more types. Not implemented: rich media/keyboards validation, ``get_online`` realism,
channel post edit/delete (Viber offers none).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from devstack.fakes.base import LOOPBACK_HOSTS, FakeServer
from devstack.fakes.webhooks import SignedWebhook, deliver, encode_json, viber_signature
from devstack.fakes.wire import Request, Response

STATUS = {
    0: "ok",
    1: "invalidUrl",
    2: "invalidAuthToken",
    3: "badData",
    4: "missingData",
    5: "receiverNotRegistered",
    6: "receiverNotSubscribed",
    7: "publicAccountBlocked",
    8: "publicAccountNotFound",
    9: "publicAccountSuspended",
    10: "webhookNotSet",
    11: "receiverNoSuitableDevice",
    12: "tooManyRequests",
    13: "apiVersionNotSupported",
}
POST_TYPES = frozenset(
    {"text", "picture", "video", "file", "url", "location", "contact", "sticker"}
)
MAX_BODY = 30 * 1024
EVENT_TYPES = ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"]


class ViberError(Exception):
    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message or STATUS[status])
        self.status, self.message = status, message or STATUS[status]


@dataclass
class ViberAccount:
    token: str
    id: str
    name: str
    superadmin_id: str
    webhook: str = ""
    subscribers: dict[str, str] = field(default_factory=dict)  # user id → name

    def members(self) -> list[dict[str, Any]]:
        return [
            {
                "id": self.superadmin_id,
                "name": "Quản trị viên",
                "avatar": "https://example.vn/a.png",
                "role": "superadmin",
            },
            {"id": "AdminB2x0Qz9fakeID0001==", "name": "Biên tập", "role": "admin"},
        ]


class FakeViber(FakeServer):
    platform = "viber"
    title = "Viber Channels Post API"
    TOKEN = "4a5b6c7d8e9f0a1b-2c3d4e5f6a7b8c9d-lantoafakeviber01"
    SUPERADMIN_ID = "4Ja8Dm63YNn5kUTiZGKosg=="

    def __init__(
        self,
        port: int = 0,
        *,
        auto_accounts: bool = True,
        rate_limit_http_status: int = 200,
        picture_text_limit: int = 512,
        text_limit: int = 7000,
        per_user_hourly_limit: int = 100,
        ping_webhook: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(port, **kwargs)
        self.auto_accounts, self.rate_limit_http_status = auto_accounts, rate_limit_http_status
        self.picture_text_limit, self.text_limit = picture_text_limit, text_limit
        self.per_user_hourly_limit, self.ping_webhook = per_user_hourly_limit, ping_webhook
        self._lock = threading.RLock()
        self.accounts: dict[str, ViberAccount] = {}
        self._sent: dict[str, deque[float]] = {}
        account = self.add_account(self.TOKEN, "Công đoàn Lantoa (demo)")
        account.subscribers.update({"01234567890A=": "Nguyễn Văn A", "01234567890B=": "Trần Thị B"})
        for name in (
            "set_webhook",
            "get_account_info",
            "post",
            "send_message",
            "broadcast_message",
            "get_user_details",
            "get_online",
        ):
            self.add_route(
                "GET POST" if name == "get_account_info" else "POST",
                rf"/pa/{name}",
                self._wrap(getattr(self, f"_{name}")),
            )

    def add_account(self, token: str, name: str, superadmin_id: str | None = None) -> ViberAccount:
        account = ViberAccount(
            token, "pa:" + secrets.token_hex(6), name, superadmin_id or self.SUPERADMIN_ID
        )
        self.accounts[token] = account
        return account

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "api_base": self.base_url + "/pa",
            "token": self.TOKEN,
            "superadmin_id": self.SUPERADMIN_ID,
            "auto_accounts": self.auto_accounts,
        }

    # ------------------------------------------------------------------ envelopes and hooks
    @staticmethod
    def ok(**extra: Any) -> Response:
        return Response.json({"status": 0, "status_message": "ok", **extra})

    @staticmethod
    def fail(
        status: int, message: str | None = None, http_status: int = 200, **extra: Any
    ) -> Response:
        return Response.json(
            {"status": status, "status_message": message or STATUS[status], **extra}, http_status
        )

    def error_response(self, req: Request, status: int) -> Response:
        return Response.text(f"{status} Server Error", status)

    def rate_limited_response(self, req: Request, retry_after: int) -> Response:
        return self.fail(12, "tooManyRequests", self.rate_limit_http_status)

    def bad_body_response(self, req: Request, message: str) -> Response:
        return self.fail(3, f"badData: {message}")

    def not_found_response(self, req: Request, method_not_allowed: bool = False) -> Response:
        return Response.text("Not Found", 404)

    def _wrap(self, handler: Any) -> Any:
        def call(req: Request, match: Any) -> Response:
            if len(req.body) > MAX_BODY:
                return self.fail(3, "badData: message exceeds 30 KB")
            data = req.json_body if isinstance(req.json_body, dict) else dict(req.params)
            token = req.header("X-Viber-Auth-Token") or str(data.get("auth_token") or "")
            if not token:
                return self.fail(2, "missing_auth_token")  # [U] exact message
            try:
                with self._lock:
                    account = self.accounts.get(token)
                    if account is None and self.auto_accounts:
                        account = self.add_account(token, f"Channel {token[:8]}")
                    if account is None:
                        raise ViberError(2)
                    return handler(account, data)
            except ViberError as exc:
                return self.fail(exc.status, exc.message)

        return call

    # ------------------------------------------------------------------ endpoints
    def _set_webhook(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        url = str(data.get("url") if data.get("url") is not None else "")
        if "url" not in data:
            raise ViberError(4, "missingData: url")
        if not url:
            account.webhook = ""
            return self.ok()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or (
            parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS
        ):
            raise ViberError(1, "invalidUrl: the webhook must be an https URL")
        if self.ping_webhook and parts.hostname in LOOPBACK_HOSTS:
            ping = self.sign(
                account,
                {
                    "event": "webhook",
                    "timestamp": int(self.now() * 1000),
                    "chat_hostname": "SN-CHAT-01_",
                    "message_token": self._token(),
                },
            )
            result = deliver(ping, url, timeout=5)
            self.webhook_deliveries.append(
                {"url": url, "status": result.status, "payload": ping.payload}
            )
            if result.status != 200:
                raise ViberError(1, f"invalidUrl: webhook answered {result.status or result.error}")
        account.webhook = url
        return self.ok(
            chat_hostname="SN-CHAT-01_", event_types=list(data.get("event_types") or EVENT_TYPES)
        )

    def _get_account_info(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        return self.ok(
            id=account.id,
            name=account.name,
            uri=account.name.lower().replace(" ", ""),
            icon="https://example.vn/icon.png",
            background="https://example.vn/bg.png",
            category="Organisations",
            subcategory="Trade union",
            location={"lat": 21.03, "lon": 105.85},
            country="VN",
            webhook=account.webhook,
            event_types=EVENT_TYPES if account.webhook else [],
            subscribers_count=len(account.subscribers),
            members=account.members(),
        )

    @staticmethod
    def _token() -> int:
        return secrets.randbelow(9 * 10**18) + 10**17

    def _check_message(self, data: dict[str, Any], types: frozenset[str] | None = None) -> str:
        kind = data.get("type")
        if not kind:
            raise ViberError(4, "missingData: type")
        if kind not in (types or POST_TYPES | {"rich_media", "keyboard"}):
            raise ViberError(3, f"badData: type {kind} is not supported here")
        need = {
            "text": ("text",),
            "picture": ("media",),
            "video": ("media", "size"),
            "file": ("media", "size", "file_name"),
            "url": ("media",),
            "location": ("location",),
            "contact": ("contact",),
            "sticker": ("sticker_id",),
        }.get(str(kind), ())
        for name in need:
            if data.get(name) in (None, ""):
                raise ViberError(4, f"missingData: {name}")
        text = str(data.get("text") or "")
        limit = self.picture_text_limit if kind == "picture" else self.text_limit
        if len(text) > limit:
            raise ViberError(3, f"badData: text exceeds {limit} characters")
        if kind == "url" and len(str(data["media"])) > 2000:
            raise ViberError(3, "badData: url exceeds 2000 characters")
        return str(kind)

    def _post(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        if not account.webhook:
            raise ViberError(10)
        sender = str(data.get("from") or "")
        if not sender:
            raise ViberError(4, "missingData: from")
        if sender not in {m["id"] for m in account.members()}:
            raise ViberError(3, "badData: from is not a member of the channel")  # [U]
        kind = self._check_message(data, POST_TYPES)
        token = self._token()
        self.posts.add(
            kind,
            account.id,
            str(token),
            text=data.get("text"),
            media=[data["media"]] if data.get("media") else [],
            sender=sender,
        )
        return self.ok(message_token=token, chat_hostname="SN-CHAT-01_")

    def _rate(self, user_id: str) -> bool:
        sent = self._sent.setdefault(user_id, deque())
        now = self.now()
        while sent and now - sent[0] >= 3600:
            sent.popleft()
        if len(sent) >= self.per_user_hourly_limit:
            return False
        sent.append(now)
        return True

    def _send_message(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        receiver = str(data.get("receiver") or "")
        if not receiver:
            raise ViberError(4, "missingData: receiver")
        sender = data.get("sender") or {}
        if not isinstance(sender, dict) or not sender.get("name") or len(str(sender["name"])) > 28:
            raise ViberError(3, "badData: sender.name is required (max 28 characters)")
        kind = self._check_message(data)
        if receiver not in account.subscribers:
            raise ViberError(6)
        if not self._rate(receiver):
            raise ViberError(12, "Too many requests")
        token = self._token()
        self.posts.add(f"message_{kind}", receiver, str(token), text=data.get("text"))
        return self.ok(message_token=token, chat_hostname="SN-CHAT-01_")

    def _broadcast_message(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        targets = data.get("broadcast_list")
        if not isinstance(targets, list) or not targets:
            raise ViberError(4, "missingData: broadcast_list")
        if len(targets) > 300:
            raise ViberError(3, "badData: broadcast_list exceeds 300 ids")
        kind = self._check_message(data)
        failed = [
            {"receiver": t, "status": 6, "status_message": "receiverNotSubscribed"}
            for t in targets
            if t not in account.subscribers
        ]
        token = self._token()
        self.posts.add(
            f"broadcast_{kind}",
            account.id,
            str(token),
            text=data.get("text"),
            receivers=[t for t in targets if t in account.subscribers],
        )
        return self.ok(message_token=token, failed_list=failed)

    def _get_user_details(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        user_id = str(data.get("id") or "")
        if user_id not in account.subscribers:
            raise ViberError(5)
        return self.ok(
            chat_hostname="SN-CHAT-01_",
            user={
                "id": user_id,
                "name": account.subscribers[user_id],
                "avatar": "https://example.vn/u.png",
                "country": "VN",
                "language": "vi",
                "primary_device_os": "Android 14",
                "api_version": 10,
                "viber_version": "24.1.0",
                "mcc": 452,
                "mnc": 4,
                "device_type": "phone",
            },
        )

    def _get_online(self, account: ViberAccount, data: dict[str, Any]) -> Response:
        ids = data.get("ids")
        if not isinstance(ids, list) or not ids:
            raise ViberError(4, "missingData: ids")
        return self.ok(
            users=[
                {
                    "id": i,
                    "online_status": 1,
                    "online_status_message": "offline",
                    "last_online": int(self.now() * 1000),
                }
                for i in ids[:100]
            ]
        )

    # ------------------------------------------------------------------ webhooks (fake → Lantoa)
    def sign(
        self, account: ViberAccount | None, payload: dict[str, Any], url: str = ""
    ) -> SignedWebhook:
        account = account or self.accounts[self.TOKEN]
        body = encode_json(payload)
        return SignedWebhook(
            body,
            {"X-Viber-Content-Signature": viber_signature(account.token, body)},
            url or account.webhook,
        )

    def build_comment_webhook(
        self,
        text: str = "Cảm ơn thông tin!",
        user_id: str = "01234567890A=",
        user_name: str = "Nguyễn Văn A",
        token: str | None = None,
        **_: Any,
    ) -> SignedWebhook:
        """A subscriber's ``message`` callback (a reply to the account; channels send no comment
        callbacks [P])."""
        account = self.accounts[token or self.TOKEN]
        payload = {
            "event": "message",
            "timestamp": int(self.now() * 1000),
            "chat_hostname": "SN-CHAT-01_",
            "message_token": self._token(),
            "sender": {
                "id": user_id,
                "name": user_name,
                "avatar": "https://example.vn/u.png",
                "country": "VN",
                "language": "vi",
                "api_version": 10,
            },
            "message": {"type": "text", "text": text},
            "silent": False,
        }
        return self.sign(account, payload)


def verify_signature(token: str, body: bytes, signature: str) -> bool:
    """What a receiver does (used by tests as a second, independent check)."""
    return hmac.compare_digest(viber_signature(token, body), signature)


__all__ = ["STATUS", "FakeViber", "verify_signature"]
