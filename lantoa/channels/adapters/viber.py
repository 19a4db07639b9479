"""Viber channel through the Channels Post API (`POST /pa/post`, base URL in
LANTOA_CHANNEL_API_URLS); shared/reference/channel-apis.md §3.

Credentials: `auth_token` (the channel's token from "Developer Tools", sent as
`X-Viber-Auth-Token`; also signs our webhooks), optionally `from_id` (the super
admin who posts; otherwise read from `get_account_info`).

One post is one call: text (≤ 7,000), or one picture with a caption (≤ 512;
Viber has no album type and shows no caption under videos, so several photos or
a video would need several posts, which could half-succeed). Viber offers no
way to list or delete channel posts: a lost answer leaves the delivery
UNCERTAIN for a person to settle (OUTBOX.md §3), and `can_delete` is false.
Viber requires a webhook before the first post (status 10 otherwise):
`register_webhook` sets it.
"""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Mapping
from typing import Any

from lantoa.channels.adapters import http
from lantoa.channels.adapters.base import (
    Account,
    AccountInfo,
    Adapter,
    ChannelError,
    ErrorKind,
    InboundComment,
    Limits,
    PostContent,
    Problem,
    PublishResult,
    RenderedPost,
    add_marker,
)
from lantoa.channels.adapters.common import json_body, public_media_url
from lantoa.channels.choices import Platform

MAX_TEXT = 7000
MAX_CAPTION = 512  # picture caption; older documents say 120 [P/S]
PICTURE_TYPES = frozenset({"image/jpeg", "image/png"})

# The channel itself is unusable until a person acts (token, account, webhook).
AUTH_STATUSES = {
    2: "token không hợp lệ",
    7: "tài khoản bị khoá",
    8: "không tìm thấy kênh",
    9: "kênh bị đình chỉ",
    10: "kênh chưa đặt webhook (Viber yêu cầu trước khi đăng)",
    15: "kênh chưa được cấp quyền",
}
TOO_MANY_REQUESTS = 12
# Known refusals of this request: retrying the same body cannot succeed.
PERMANENT_STATUSES = frozenset({1, 3, 4, 5, 6, 11, 13, 14, 16, 17, 18, 19, 20})
RATE_LIMIT_WAIT = 60.0


def viber_error(status: int, message: str, http_status: int) -> ChannelError:
    label = str(status)
    if status in AUTH_STATUSES:
        return ChannelError(
            ErrorKind.AUTH,
            f"Kênh Viber: {AUTH_STATUSES[status]} (mã {status} {message}).",
            code=label,
            http_status=http_status,
        )
    if status == TOO_MANY_REQUESTS:
        return ChannelError(
            ErrorKind.TRANSIENT,
            f"Viber tạm giới hạn số lượt gửi (mã {status} {message}).",
            code=label,
            http_status=http_status,
            retry_after=RATE_LIMIT_WAIT,
        )
    if status in PERMANENT_STATUSES:
        return ChannelError(
            ErrorKind.PERMANENT,
            f"Viber từ chối bài đăng (mã {status} {message}).",
            code=label,
            http_status=http_status,
        )
    # "generalError" and codes newer than our table: Viber did not post; try again later.
    return ChannelError(
        ErrorKind.TRANSIENT,
        f"Viber báo lỗi chung (mã {status} {message}).",
        code=label,
        http_status=http_status,
    )


class ViberAdapter(Adapter):
    platform = Platform.VIBER_CHANNEL
    limits = Limits(
        max_text=MAX_TEXT,
        max_images=1,
        supports_video=False,
        max_image_bytes=2**20,  # JPEG ≤ 1 MB for channel pictures [S]
        max_video_bytes=0,
        can_delete=False,
        can_find_by_marker=False,
    )

    # The super admin is read once an hour per process, not before every post.
    sender_cache_seconds = 3600.0
    # Viber's retry schedule for callbacks is not documented [U]: the same 3 h as Zalo.
    webhook_max_age = 3 * 3600.0

    def __init__(self) -> None:
        self._senders: dict[str, tuple[str, float]] = {}  # token digest → (admin id, read at)
        self._lock = threading.Lock()

    def validate(self, content: PostContent, account: Account | None = None) -> list[str]:
        errors = super().validate(content, account)
        images = [m for m in content.media if m.kind == "image"]
        if images:
            caption = len(self.render(content, marker="x" * 12).text)
            if caption > MAX_CAPTION:
                errors.append(
                    Problem(
                        "caption_too_long",
                        f"Viber: bài có ảnh chỉ kèm được {MAX_CAPTION} ký tự chú thích, "
                        f"nội dung dài {caption} ký tự.",
                    )
                )
        for item in images:
            if item.content_type not in PICTURE_TYPES:
                errors.append(
                    Problem("image_type", f"Viber: ảnh «{item.name}» phải là JPEG hoặc PNG.")
                )
        return errors

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        text = content.text.strip()
        if link:
            text = f"{text}\n\n{link}"  # Viber makes URLs in text clickable
        return RenderedPost(text=text, link=link, media=tuple(content.media))

    # -- calls -------------------------------------------------------------

    def _token(self, account: Account) -> str:
        token = str(account.credentials.get("auth_token") or "")
        if not token:
            raise ChannelError(ErrorKind.AUTH, "Kênh Viber chưa có token.", code="no_token")
        return token

    def _call(self, account: Account, endpoint: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        url = f"{account.base_url.rstrip('/')}/pa/{endpoint}"
        response = http.request(
            "POST", url, headers={"X-Viber-Auth-Token": self._token(account)}, json=dict(payload)
        )
        if response.status_code >= 500 or response.status_code == 429:
            raise ChannelError(
                ErrorKind.TRANSIENT,
                f"Viber lỗi máy chủ (HTTP {response.status_code}).",
                code=str(response.status_code),
                http_status=response.status_code,
                retry_after=http.retry_after_header(response),
            )
        body = json_body(response, "Viber")
        if not isinstance(body, dict) or "status" not in body:
            raise ChannelError(
                ErrorKind.UNCERTAIN, "Viber trả lời không đúng dạng.", code="bad_answer"
            )
        status = int(body.get("status") or 0)
        if status != 0:
            raise viber_error(status, str(body.get("status_message") or ""), response.status_code)
        return body

    def _info(self, account: Account) -> dict[str, Any]:
        return self._call(account, "get_account_info", {})

    def verify(self, account: Account) -> AccountInfo:
        info = self._info(account)
        self._remember_sender(account, info)
        subscribers = info.get("subscribers_count")
        return AccountInfo(
            external_id=str(info.get("id") or account.external_id),
            name=str(info.get("name") or info.get("uri") or account.external_id),
            followers=int(subscribers) if isinstance(subscribers, int) else None,
        )

    def fetch_account(self, account: Account) -> AccountInfo:
        return self.verify(account)

    def _digest(self, account: Account) -> str:
        return hashlib.sha256(self._token(account).encode()).hexdigest()

    def _remember_sender(self, account: Account, info: Mapping[str, Any]) -> str:
        members = info.get("members") or []
        admins = [m for m in members if m.get("role") == "superadmin"] or members
        sender = str(admins[0]["id"]) if admins else ""
        if sender:
            with self._lock:
                self._senders[self._digest(account)] = (sender, time.monotonic())
        return sender

    def _sender(self, account: Account) -> str:
        """Channel posts are made in a member's name: the super admin's, as Viber advises."""
        configured = str(account.credentials.get("from_id") or "")
        if configured:
            return configured
        with self._lock:
            known, read_at = self._senders.get(self._digest(account), ("", 0.0))
        if known and time.monotonic() - read_at < self.sender_cache_seconds:
            return known
        sender = self._remember_sender(account, self._info(account))
        if not sender:
            raise ChannelError(
                ErrorKind.AUTH,
                "Kênh Viber không có quản trị viên nào để đăng bài.",
                code="no_admin",
            )
        return sender

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        message: dict[str, Any] = {"from": self._sender(account)}
        images = [m for m in post.media if m.kind == "image"]
        if images:
            message.update(
                type="picture",
                text=post.text,
                media=public_media_url(images[0]),
                min_api_version=7,
            )
        else:
            message.update(type="text", text=post.text)
        answer = self._call(account, "post", message)
        token = answer.get("message_token")
        if token is None:
            raise ChannelError(
                ErrorKind.UNCERTAIN, "Viber nhận bài nhưng không trả mã bài.", code="no_token"
            )
        return PublishResult(external_id=str(token))

    def register_webhook(self, account: Account, url: str) -> None:
        """Viber calls `url` at once with a signed `webhook` event and needs a 200."""
        self._call(account, "set_webhook", {"url": url, "send_name": False, "send_photo": False})

    # -- webhooks ----------------------------------------------------------

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        token = str((account.credentials if account else {}).get("auth_token") or "")
        given = str(headers.get("X-Viber-Content-Signature") or "")
        if not token or not given:
            return False
        expected = hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, given.lower())

    def webhook_signed_at(self, headers: Mapping[str, str], body: bytes) -> float | None:
        """Every callback carries `timestamp` (ms) in the signed body."""
        event = json.loads(body)
        timestamp = event.get("timestamp") if isinstance(event, dict) else None
        if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
            raise ValueError(f"Viber timestamp {timestamp!r} is not milliseconds")
        return timestamp / 1000

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        event = json.loads(body)
        if event.get("event") != "message":
            return []  # the set_webhook ping, subscriptions, delivery receipts
        sender = event.get("sender") or {}
        message = event.get("message") or {}
        timestamp = event.get("timestamp")
        return [
            InboundComment(
                external_id=str(event.get("message_token") or ""),
                post_external_id="",
                text=str(message.get("text") or f"[{message.get('type') or 'tin nhắn'}]"),
                author_ref=str(sender.get("id") or ""),
                author_name=str(sender.get("name") or ""),
                created_at=timestamp / 1000 if isinstance(timestamp, int | float) else None,
                kind="message",
            )
        ]
