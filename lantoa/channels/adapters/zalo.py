"""Zalo Official Account through the OA Open API (base URL in LANTOA_CHANNEL_API_URLS).

What a union's OA publishes is **news**, so a post becomes an OA *article*
(`/v2.0/article/create`, status `show`): it appears on the OA's page and in its
article list, can be shared and read back (views, shares), and can be removed.
Messages to followers (consultation/transaction/promotion, ZNS) are paid,
windowed and meant for one person or a campaign, not for news; broadcasting an
article to followers (`/v2.0/oa/message`, reviewed by Zalo, quota per package)
is a separate, deliberate act this adapter does not take on every post.

Shaping (shared/reference/channel-apis.md §2.3): the first line of the post is
the article title (≤ 150), the rest the body (one text block per paragraph, the
images, then "Xem chi tiết" with the link carrying `lt=<marker>`); the
description (≤ 300) is the start of the body; the author (≤ 50) is the
credentials' `author`. A cover photo is required: the first image, else the
account's `cover_url`, else LANTOA_ZALO_DEFAULT_COVER_URL.

Creation is asynchronous: `create` answers a token, `verify` answers the article
id or -214 "being processed" while Zalo works; the adapter polls a few times and
otherwise reports UNCERTAIN, and the outbox later finds the article by its
marker in the article list (`getslice` + `getdetail`).

Credentials: `access_token` (OA token, sent in the `access_token` header),
`refresh_token` and `access_expires_at` when the channel was connected through
OAuth or with both tokens (renewed by services/tokens.py, before expiry and once
when Zalo answers -216/-220), optionally `app_secret` (→ `appsecret_proof` header), `app_id` and
`oa_secret_key` (webhook signature), `author`, `cover_url`.
"""

import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from django.conf import settings

from lantoa.channels.adapters import http
from lantoa.channels.adapters.base import (
    Account,
    AccountInfo,
    Adapter,
    ChannelError,
    ErrorKind,
    InboundComment,
    Limits,
    MediaItem,
    PostContent,
    PostMetrics,
    Problem,
    PublishResult,
    RenderedPost,
    add_marker,
)
from lantoa.channels.adapters.common import (
    first_line_and_rest,
    json_body,
    public_media_url,
    shorten,
)
from lantoa.channels.choices import Platform

TITLE_MAX = 150
DESCRIPTION_MAX = 300
AUTHOR_MAX = 50
DEFAULT_AUTHOR = "Công đoàn"
NO_COVER = (
    "Bài viết Zalo OA cần ảnh bìa: thêm ảnh vào bài, hoặc đặt ảnh bìa mặc định "
    "(cover_url) cho kênh."
)
COVER_MAX_BYTES = 1 * 2**20  # Zalo article images ≤ 1 MB (reference §2.3)
COVER_CHECK_SECONDS = 600


def zalo_cover_url_problems(url: str) -> list[str]:
    """What Zalo would refuse about a cover address (Vietnamese), or []: Zalo
    fetches the picture, so it must answer 200 with an image of at most 1 MB.
    Used for the channel's settings, the preview and the send alike (answers
    kept for a few minutes)."""
    from django.core.cache import cache

    if not url:
        return [NO_COVER]
    if not url.startswith(("http://", "https://")):
        return [f"Ảnh bìa «{url}» phải là một địa chỉ http(s)."]
    key = "zalo-cover:" + hashlib.sha256(url.encode()).hexdigest()
    cached: list[str] | None = cache.get(key)
    if cached is not None:
        return cached
    problems = _fetch_cover_problems(url)
    cache.set(key, problems, COVER_CHECK_SECONDS)
    return problems


def _fetch_cover_problems(url: str) -> list[str]:
    try:
        with http.client().stream("GET", url, follow_redirects=True, timeout=5.0) as response:
            if response.status_code != 200:
                return [
                    f"Ảnh bìa «{url}» không mở được (HTTP {response.status_code}): Zalo sẽ từ "
                    "chối bài viết. Đặt lại ảnh bìa mặc định của kênh hoặc thêm ảnh vào bài."
                ]
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if not kind.startswith("image/"):
                return [f"Địa chỉ ảnh bìa «{url}» không phải là ảnh ({kind or 'không rõ'})."]
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > COVER_MAX_BYTES:
                    return [f"Ảnh bìa «{url}» lớn hơn 1 MB, Zalo không nhận."]
    except httpx.HTTPError as exc:
        return [f"Không tải được ảnh bìa «{url}»: {exc.__class__.__name__}."]
    return []


# Token or OA link no longer valid: a person must reconnect the channel.
AUTH_ERRORS = frozenset({-216, -220, -124, 3, -219, -223, -242, -204, -205})
# Of those, the ones a refresh of the access token can cure (§2.1): tried once.
RENEWABLE = frozenset({"-216", "-220"})
THROTTLED = -32
OUT_OF_QUOTA = -211
BEING_PROCESSED = -214
INVALID_PARAMETER = -201
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _seconds_to_vietnam_midnight() -> float:
    """Zalo quotas reset at 00:00 GMT+7."""
    now = datetime.now(VIETNAM)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)
    return (midnight - now).total_seconds()


def zalo_error(code: int, message: str) -> ChannelError:
    label = str(code)
    if code in AUTH_ERRORS or (code == INVALID_PARAMETER and "access_token" in message.lower()):
        return ChannelError(
            ErrorKind.AUTH,
            f"Token Zalo OA không còn hợp lệ; cần kết nối lại kênh (mã {code}): {message}",
            code=label,
        )
    if code == THROTTLED:
        return ChannelError(
            ErrorKind.TRANSIENT,
            f"Zalo tạm giới hạn số lượt gọi (mã {code}): {message}",
            code=label,
            retry_after=60.0,
        )
    if code == OUT_OF_QUOTA:
        return ChannelError(
            ErrorKind.TRANSIENT,
            f"OA đã hết hạn mức trong ngày (mã {code}): {message}",
            code=label,
            retry_after=_seconds_to_vietnam_midnight(),
        )
    return ChannelError(ErrorKind.PERMANENT, f"Zalo từ chối (mã {code}): {message}", code=label)


class ZaloAdapter(Adapter):
    platform = Platform.ZALO_OA
    limits = Limits(
        max_text=50_000,  # no documented article limit [U]; generous but bounded
        max_images=20,  # [U] no documented count
        supports_video=False,  # video articles need Zalo's own upload pipeline
        max_image_bytes=2**20,
        max_video_bytes=0,
        can_delete=True,
        can_find_by_marker=True,
        sender_rate=(20, 1.0),  # per app, "send 20 req/s" [U]
    )
    consistency_window_seconds = 60.0
    # Zalo retries a refused event after ~30 s, 5, 15, 30 min and 1 h (about 1 h 51 min
    # in all) with the same signed timestamp: 3 h keeps every retry, refuses replays.
    webhook_max_age = 3 * 3600.0

    def sender_key(self, account: Account) -> str:
        # Zalo counts calls per app: the channel's own app, else the deployment's.
        app_id = account.credentials.get("app_id") or settings.LANTOA_ZALO_APP_ID
        return str(app_id) if app_id else f"oa:{account.external_id}"

    def __init__(
        self,
        *,
        verify_polls: int = 4,
        verify_interval_seconds: float = 1.0,
        articles_to_search: int = 20,
    ) -> None:
        self.verify_polls = verify_polls
        self.verify_interval_seconds = verify_interval_seconds
        self.articles_to_search = articles_to_search

    # -- composing ---------------------------------------------------------

    def validate(self, content: PostContent, account: Account | None = None) -> list[str]:
        errors = super().validate(content, account)
        title, _ = first_line_and_rest(content.text)
        if len(title) > TITLE_MAX:
            errors.append(
                Problem(
                    "title_too_long",
                    f"Zalo OA: dòng đầu tiên là tiêu đề bài viết, dài {len(title)} ký tự, "
                    f"tối đa {TITLE_MAX} ký tự.",
                )
            )
        if account is not None:
            errors += self.cover_problems(account, content.media)
        return errors

    def cover_problems(self, account: Account, media: Sequence[MediaItem]) -> list[Problem]:
        """The cover rule, for the preview and the send alike: there must be one
        (`cover_url`), and a cover address (not the post's own image) must be a
        picture Zalo can fetch (`zalo_cover_url_problems`)."""
        cover = self.cover_url(account, media)
        if not cover:
            return [Problem("cover_missing", NO_COVER)]
        if any(m.kind == "image" for m in media):
            return []
        return [Problem("cover_unreachable", m) for m in zalo_cover_url_problems(cover)]

    def cover_url(self, account: Account, media: Sequence[MediaItem]) -> str:
        """The article's cover photo, which Zalo requires: the post's first image,
        else the channel's `cover_url`, else LANTOA_ZALO_DEFAULT_COVER_URL; "" when
        there is none. The one rule for checking a post and for sending it."""
        images = [m for m in media if m.kind == "image"]
        return (
            (public_media_url(images[0]) if images else "")
            or str(account.credentials.get("cover_url") or "")
            or str(settings.LANTOA_ZALO_DEFAULT_COVER_URL or "")
        )

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        title, rest = first_line_and_rest(content.text)
        paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()] or [title]
        description = shorten(rest or title, DESCRIPTION_MAX)
        tail = [f"Xem chi tiết: {link}"] if link else []
        text = "\n\n".join([title, *([] if paragraphs == [title] else paragraphs), *tail])
        return RenderedPost(
            text=text,
            link=link,
            media=tuple(content.media),
            extra={
                "title": title,
                "description": description,
                "paragraphs": paragraphs,
                "tail": tail,
            },
        )

    # -- calls -------------------------------------------------------------

    def _call(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        payload: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return self._call_once(account, method, path, payload=payload, params=params)
        except ChannelError as exc:
            # An expired or invalid access token is renewed once (services/tokens.py)
            # and the call repeated: the platform refused it, so nothing happened.
            if exc.code not in RENEWABLE or account.renew is None:
                raise
            account.renew(str(account.credentials.get("access_token") or ""))
            return self._call_once(account, method, path, payload=payload, params=params)

    def _call_once(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        payload: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        token = str(account.credentials.get("access_token") or "")
        if not token:
            raise ChannelError(
                ErrorKind.AUTH, "Kênh Zalo OA chưa có access token.", code="no_token"
            )
        headers = {"access_token": token}
        app_secret = str(account.credentials.get("app_secret") or "")
        if app_secret:
            headers["appsecret_proof"] = hmac.new(
                app_secret.encode(), token.encode(), hashlib.sha256
            ).hexdigest()
        url = f"{account.base_url.rstrip('/')}/{path.lstrip('/')}"
        response = http.request(
            method,
            url,
            headers=headers,
            params=dict(params) if params else None,
            json=dict(payload) if payload is not None else None,
        )
        body = json_body(response, "Zalo")
        if response.status_code >= 500 or response.status_code == 429:
            raise ChannelError(
                ErrorKind.TRANSIENT,
                f"Zalo lỗi máy chủ (HTTP {response.status_code}).",
                code=str(response.status_code),
                http_status=response.status_code,
                retry_after=http.retry_after_header(response),
            )
        if not isinstance(body, dict):
            raise ChannelError(
                ErrorKind.UNCERTAIN, "Zalo trả lời không đúng dạng.", code="bad_answer"
            )
        code = int(body.get("error") or 0)
        if code != 0 or response.status_code != 200:
            error = zalo_error(code or response.status_code, str(body.get("message") or ""))
            error.http_status = response.status_code
            raise error
        return body.get("data")

    def verify(self, account: Account) -> AccountInfo:
        oa = self._call(account, "GET", "/v2.0/oa/getoa") or {}
        followers = oa.get("num_follower")
        return AccountInfo(
            external_id=str(oa.get("oa_id") or account.external_id),
            name=str(oa.get("name") or oa.get("oa_alias") or account.external_id),
            followers=int(followers) if isinstance(followers, int) else None,
        )

    def fetch_account(self, account: Account) -> AccountInfo:
        return self.verify(account)

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        article = self._article(account, post)
        created = self._call(account, "POST", "/v2.0/article/create", payload=article) or {}
        token = str(created.get("token") or "")
        if not token:
            raise ChannelError(
                ErrorKind.UNCERTAIN, "Zalo không trả mã xử lý bài viết.", code="no_token"
            )
        article_id = self._wait_for_article(account, token)
        return PublishResult(article_id, self._link_view(account, article_id))

    def _article(self, account: Account, post: RenderedPost) -> dict[str, Any]:
        images = [m for m in post.media if m.kind == "image"]
        # Checked when the post was queued; the channel's cover may have changed since.
        problems = self.cover_problems(account, post.media)
        if problems:
            code = "no_cover" if problems[0].code == "cover_missing" else "cover_unreachable"
            raise ChannelError(ErrorKind.PERMANENT, " ".join(problems), code=code)
        cover = self.cover_url(account, post.media)
        paragraphs = list(post.extra.get("paragraphs") or [post.text])
        body: list[dict[str, Any]] = [{"type": "text", "content": p} for p in paragraphs]
        body += [
            {"type": "image", "url": public_media_url(m), "caption": m.caption} for m in images
        ]
        # The link last, as readers expect; it carries the marker for reconciliation.
        body += [{"type": "text", "content": t} for t in post.extra.get("tail") or []]
        author = str(account.credentials.get("author") or DEFAULT_AUTHOR)
        return {
            "type": "normal",
            "title": str(post.extra.get("title") or post.text[:TITLE_MAX]),
            "author": author[:AUTHOR_MAX],
            "description": str(post.extra.get("description") or ""),
            "cover": {"cover_type": "photo", "photo_url": cover, "status": "show"},
            "body": body,
            "status": "show",
            "comment": "show",
        }

    def _wait_for_article(self, account: Account, token: str) -> str:
        for poll in range(self.verify_polls):
            try:
                data = self._call(account, "POST", "/v2.0/article/verify", payload={"token": token})
            except ChannelError as exc:
                if exc.code != str(BEING_PROCESSED):
                    raise
                time.sleep(self.verify_interval_seconds * (poll + 1))
                continue
            data = data or {}
            article_id = data.get("id") or data.get("article_id")  # [U] which key
            if article_id:
                return str(article_id)
        # Created, not yet confirmed: the outbox finds it later by its marker.
        raise ChannelError(
            ErrorKind.UNCERTAIN,
            "Zalo vẫn đang xử lý bài viết; Lantoa sẽ đối soát lại sau.",
            code=str(BEING_PROCESSED),
        )

    def _link_view(self, account: Account, article_id: str) -> str:
        try:
            detail = self._call(
                account, "GET", "/v2.0/article/getdetail", params={"id": article_id}
            )
        except ChannelError:
            return ""  # the article exists; its address is a convenience
        return str((detail or {}).get("link_view") or "")

    def delete(self, account: Account, external_id: str) -> None:
        self._call(account, "POST", "/v2.0/article/remove", payload={"id": external_id})

    def find_by_marker(self, account: Account, marker: str) -> PublishResult | None:
        needle = f"lt={marker}"
        checked, offset, page_size = 0, 0, 10
        while checked < self.articles_to_search:
            listing = (
                self._call(
                    account,
                    "GET",
                    "/v2.0/article/getslice",
                    params={"offset": offset, "limit": page_size, "type": "normal"},
                )
                or {}
            )
            medias = listing.get("medias") or []
            for media in medias:
                checked += 1
                detail = (
                    self._call(
                        account, "GET", "/v2.0/article/getdetail", params={"id": media["id"]}
                    )
                    or {}
                )
                if needle in json.dumps(detail.get("body") or [], ensure_ascii=False):
                    return PublishResult(str(media["id"]), str(media.get("link_view") or ""))
            if len(medias) < page_size:
                return None
            offset += page_size
        return None

    def fetch_metrics(self, account: Account, external_ids: Sequence[str]) -> list[PostMetrics]:
        results = []
        for article_id in external_ids:
            try:
                detail = (
                    self._call(account, "GET", "/v2.0/article/getdetail", params={"id": article_id})
                    or {}
                )
            except ChannelError as exc:
                if exc.kind is ErrorKind.PERMANENT:
                    continue  # removed on Zalo
                raise
            results.append(
                PostMetrics(
                    external_id=article_id,
                    reach=_int(detail.get("total_view")),
                    shares=_int(detail.get("total_share")),
                )
            )
        return results

    def send_private_message(
        self, account: Account, external_id: str, author_id: str, text: str
    ) -> str:
        """Answer a follower who wrote to the OA: a consultation message
        (`/v3.0/oa/message/cs`), free within Zalo's window after the user's
        last message. Returns Zalo's message id."""
        if not author_id:
            raise ChannelError(
                ErrorKind.PERMANENT, "Không rõ người gửi tin nhắn Zalo.", code="no_recipient"
            )
        data = self._call(
            account,
            "POST",
            "/v3.0/oa/message/cs",
            payload={"recipient": {"user_id": author_id}, "message": {"text": text}},
        )
        return str((data or {}).get("message_id") or "")

    # -- webhooks ----------------------------------------------------------

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        """`X-ZEvent-Signature: mac=<sha256(app_id + body + timestamp + OA secret key)>`.

        Sources disagree on whether the first part is the app id or the OA id [U]: both
        are tried, and both need the OA secret key, which only Zalo and we know."""
        if account is None:
            return False
        secret = str(account.credentials.get("oa_secret_key") or "")
        given = str(headers.get("X-ZEvent-Signature") or "")
        if not secret or not given.startswith("mac="):
            return False
        timestamp = _signed_timestamp(headers, body)
        if timestamp is None:
            return False
        ids = {str(account.credentials.get("app_id") or ""), account.external_id} - {""}
        for first in ids:
            material = first.encode() + body + timestamp.encode() + secret.encode()
            expected = "mac=" + hashlib.sha256(material).hexdigest()
            if hmac.compare_digest(expected, given):
                return True
        return False

    def webhook_signed_at(self, headers: Mapping[str, str], body: bytes) -> float | None:
        """The millisecond `timestamp` the signature covers (header, else body)."""
        timestamp = _signed_timestamp(headers, body)
        if timestamp is None or not timestamp.isdigit():
            raise ValueError(f"Zalo timestamp {timestamp!r} is not milliseconds")
        return int(timestamp) / 1000

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        event = json.loads(body)
        name = str(event.get("event_name") or "")
        if not name.startswith("user_send_"):
            return []  # follows, delivery receipts and echoes of our own messages
        message = event.get("message") or {}
        sender = event.get("sender") or {}
        text = str(message.get("text") or f"[{name.removeprefix('user_send_')}]")
        timestamp = str(event.get("timestamp") or "")
        return [
            InboundComment(
                external_id=str(message.get("msg_id") or ""),
                post_external_id="",
                text=text,
                author_ref=str(sender.get("id") or ""),
                created_at=int(timestamp) / 1000 if timestamp.isdigit() else None,
                kind="message",
                account_external_id=str((event.get("recipient") or {}).get("id") or ""),
            )
        ]


def _signed_timestamp(headers: Mapping[str, str], body: bytes) -> str | None:
    """The timestamp that goes into `X-ZEvent-Signature`: the `timestamp` header,
    else the body's `timestamp` field; None when the body is not a JSON object."""
    timestamp = str(headers.get("timestamp") or "")
    if timestamp:
        return timestamp
    try:
        return str(json.loads(body).get("timestamp") or "")
    except (ValueError, AttributeError, RecursionError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
