"""Fake Facebook Pages Graph API.

Guarantees (``shared/reference/channel-apis.md`` §1):

* any ``/vNN.N/`` prefix and unversioned paths; every answer carries ``facebook-api-version``
  (``version``, default ``v25.0``);
* tokens as ``access_token`` (query, form, JSON) or ``Authorization: Bearer``; missing → code 104; unknown →
  190 "Cannot parse access token"; expired → 190/463; invalidated → 190/460 (:meth:`expire_token`,
  :meth:`invalidate_token`); with ``app_secret`` set, ``appsecret_proof`` is verified (and required when
  ``require_appsecret_proof``), wrong/missing → code 100 GraphMethodException [U code];
* ``GET /me``, ``/me/accounts``, ``/me/permissions``, ``/oauth/access_token`` (fb_exchange_token);
  ``GET /{page}``; ``POST /{page}/feed`` (message, link, published, scheduled_publish_time in
  ``[now+10 min, now+schedule_max_days]``, attached_media of unpublished photos) and ``GET`` of
  ``/{page}/feed|posts|published_posts|scheduled_posts`` with ``fields=`` and cursor paging — the feed can be
  listed with ``fields=message,link`` to reconcile a post by a marker in its link; ``/{page}/photos``
  (``url`` or ``source``; unpublished photos for multi-photo posts); ``/{page}/videos`` (``file_url``/
  ``source`` or chunked start/transfer/finish); ``GET``/``POST`` (edit)/``DELETE`` ``/{object}``;
  ``/{post}/comments`` (GET, POST; also on a comment: a reply), ``POST /{comment}`` with
  ``is_hidden`` and ``DELETE /{comment}`` (need ``pages_manage_engagement``), ``/{post}/reactions``;
  ``/{page}/insights`` and ``/{post}/insights``;
  ``/{page}/subscribed_apps``;
* permission error code 200 when the token lacks ``pages_manage_posts`` (or is a user token), code 10 for
  insights without ``read_insights``; duplicate consecutive post → 506; unknown object → 100/33;
* usage headers on every answer and a sliding one-hour call budget per Page token (``buc_calls_per_hour``) /
  per app (``app_calls_per_hour``) answering 80001 / 4 when exhausted; injected throttling answers
  ``rate_limit_code`` (4, 17, 32, 613 or 80001; default 32) with usage at 100 %;
* webhooks: ``X-Hub-Signature-256`` signed ``feed`` changes (comments) and the ``hub.challenge`` handshake.

[U] and configurable: the HTTP status of throttling errors, the post length limit (63,206), the scheduling
window (30 days; older docs say 6 months), message texts of validation errors, ``post_id`` in the
``/photos`` answer (``photo_post_id``), deletion being allowed. Not implemented: Instagram, ads, Messenger,
the resumable ``/{app-id}/uploads`` API, ``graph-video`` host, targeting/privacy semantics, link scraping.
"""

from __future__ import annotations

import hmac
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

from devstack.fakes.base import LOOPBACK_HOSTS, FakeServer
from devstack.fakes.facebook_graph import RATE_LIMIT_MESSAGES, GraphError, usage_headers
from devstack.fakes.facebook_routes import GraphRoutes
from devstack.fakes.webhooks import (
    SignedWebhook,
    appsecret_proof,
    encode_json,
    facebook_signature,
)
from devstack.fakes.wire import Request, Response

PAGE_PERMISSIONS = frozenset(
    {
        "pages_show_list",
        "pages_manage_posts",
        "pages_read_engagement",
        "pages_manage_engagement",
        "pages_read_user_engagement",
        "read_insights",
        "publish_video",
    }
)


@dataclass
class FbToken:
    token: str
    kind: str  # "user" | "page"
    page_id: str | None = None
    user_id: str = "6000000000001"
    permissions: set[str] = field(default_factory=lambda: set(PAGE_PERMISSIONS))
    error_subcode: int | None = None  # 463 expired, 460 password changed, …


@dataclass
class FbPage:
    id: str
    name: str
    access_token: str
    category: str = "Labor union"
    fan_count: int = 1520
    followers_count: int = 1610


class FakeFacebook(GraphRoutes, FakeServer):
    platform = "facebook"
    title = "Facebook Pages (Graph API)"
    PAGE_ID = "104000000000001"
    PAGE_TOKEN = "EAAFakePageToken104000000000001"
    USER_TOKEN = "EAAFakeUserToken6000000000001"
    APP_ID = "1234567890"

    def __init__(
        self,
        port: int = 0,
        *,
        version: str = "v25.0",
        app_secret: str | None = None,
        require_appsecret_proof: bool = True,
        webhook_app_secret: str = "lantoa-fake-app-secret",
        auto_accounts: bool = True,
        rate_limit_code: int = 32,
        rate_limit_http_status: int = 400,
        buc_calls_per_hour: int = 4800,
        app_calls_per_hour: int = 100_000,
        schedule_max_days: float = 30,
        max_message_length: int = 63_206,
        detect_duplicates: bool = True,
        max_photo_bytes: int = 4 * 1024 * 1024,
        video_chunk_size: int = 1024 * 1024,
        video_processing_polls: int = 0,
        photo_post_id: bool = True,
        allow_delete: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(port, **kwargs)
        if rate_limit_code not in RATE_LIMIT_MESSAGES:
            raise ValueError(f"rate_limit_code must be one of {sorted(RATE_LIMIT_MESSAGES)}")
        self.version, self.app_secret = version, app_secret
        self.require_appsecret_proof = require_appsecret_proof
        self.webhook_app_secret = app_secret or webhook_app_secret
        self.auto_accounts = auto_accounts
        self.rate_limit_code, self.rate_limit_http_status = rate_limit_code, rate_limit_http_status
        self.buc_calls_per_hour, self.app_calls_per_hour = buc_calls_per_hour, app_calls_per_hour
        self.schedule_max_days, self.max_message_length = schedule_max_days, max_message_length
        self.detect_duplicates, self.max_photo_bytes = detect_duplicates, max_photo_bytes
        self.video_chunk_size, self.video_processing_polls = (
            video_chunk_size,
            video_processing_polls,
        )
        self.photo_post_id, self.allow_delete = photo_post_id, allow_delete
        self._lock = threading.RLock()
        self.tokens: dict[str, FbToken] = {}
        self.pages: dict[str, FbPage] = {}
        self.objects: dict[str, dict[str, Any]] = {}  # posts, photos, videos, comments by id
        self.upload_sessions: dict[str, dict[str, Any]] = {}
        self._calls: dict[str, deque[float]] = {}
        self.add_page(self.PAGE_ID, "Công đoàn Lantoa (demo)", self.PAGE_TOKEN)
        self.tokens[self.USER_TOKEN] = FbToken(self.USER_TOKEN, "user")

    # ------------------------------------------------------------------ accounts
    def add_page(
        self, page_id: str, name: str, token: str, permissions: set[str] | None = None
    ) -> FbPage:
        page = FbPage(page_id, name, token)
        self.pages[page_id] = page
        self.tokens[token] = FbToken(
            token,
            "page",
            page_id,
            permissions=set(PAGE_PERMISSIONS if permissions is None else permissions),
        )
        return page

    def expire_token(self, token: str) -> None:
        self.tokens[token].error_subcode = 463

    def invalidate_token(self, token: str, subcode: int = 460) -> None:
        self.tokens[token].error_subcode = subcode

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "graph_base": f"{self.base_url}/{self.version}",
            "page_id": self.PAGE_ID,
            "page_token": self.PAGE_TOKEN,
            "user_token": self.USER_TOKEN,
            "app_id": self.APP_ID,
            "webhook_app_secret": self.webhook_app_secret,
            "auto_accounts": self.auto_accounts,
        }

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.objects.clear()
            self.upload_sessions.clear()
            self._calls.clear()

    # ------------------------------------------------------------------ auth and budgets
    def authenticate(self, req: Request) -> FbToken:
        token = str(req.param("access_token") or "")
        auth = req.header("Authorization")
        if not token and auth.lower().startswith(("bearer ", "oauth ")):
            token = auth.split(" ", 1)[1].strip()
        if not token:
            raise GraphError(104, "An access token is required to request this resource.")
        info = self.tokens.get(token)
        if (
            info is None
            and self.auto_accounts
            and len(token) >= 10
            and token.isascii()
            and "|" not in token
        ):
            info = FbToken(
                token, "page" if "page" in token.lower() or "user" not in token.lower() else "user"
            )
            self.tokens[token] = info
        if info is None:
            raise GraphError(190, "Invalid OAuth access token - Cannot parse access token")
        if info.error_subcode == 463:
            raise GraphError(
                190,
                "Error validating access token: Session has expired on Thursday, "
                "01-Jan-26 00:00:00 PST. The current time is later.",
                subcode=463,
            )
        if info.error_subcode is not None:
            raise GraphError(
                190,
                "Error validating access token: The session has been invalidated because "
                "the user changed their password or Facebook has changed the session for "
                "security reasons.",
                subcode=info.error_subcode,
            )
        if self.app_secret:
            proof = str(req.param("appsecret_proof") or "")
            if not proof and self.require_appsecret_proof:
                raise GraphError(
                    100,
                    "API calls from the server require an appsecret_proof argument",
                    type_="GraphMethodException",
                )
            if proof and not hmac.compare_digest(proof, appsecret_proof(self.app_secret, token)):
                raise GraphError(
                    100,
                    "Invalid appsecret_proof provided in the API argument",
                    type_="GraphMethodException",
                )
        return info

    def page_for(self, info: FbToken, page_id: str | None = None) -> FbPage:
        """The Page a Page token belongs to; auto tokens bind to the first Page they are used with."""
        if info.kind == "page" and info.page_id is None:
            info.page_id = page_id or "10400" + str(zlib.crc32(info.token.encode())).zfill(10)
            if info.page_id not in self.pages:
                self.pages[info.page_id] = FbPage(
                    info.page_id, f"Auto page {info.page_id}", info.token
                )
        if info.kind != "page" or info.page_id not in self.pages:
            raise GraphError(
                200,
                "(#200) If posting to a page, requires both pages_read_engagement and "
                "pages_manage_posts as an admin with sufficient administrative permission",
            )
        return self.pages[info.page_id]

    def _budget(self, info: FbToken | None) -> tuple[str, str | None, int]:
        """Count this call in a one-hour sliding window; returns (token kind, page id, percent used)."""
        kind = info.kind if info else "app"
        key = f"page:{info.page_id}" if info and info.kind == "page" else "app"
        budget = self.buc_calls_per_hour if key != "app" else self.app_calls_per_hour
        now = self.now()
        calls = self._calls.setdefault(key, deque())
        while calls and now - calls[0] >= 3600:
            calls.popleft()
        calls.append(now)
        pct = len(calls) * 100 // max(1, budget)
        return kind, info.page_id if info else None, pct

    # ------------------------------------------------------------------ routing glue
    def route(self, req: Request) -> Response:
        headers = {"facebook-api-version": self.version}
        try:
            with self._lock:
                info = (
                    None
                    if req.path.rstrip("/").endswith("oauth/access_token")
                    else self.authenticate(req)
                )
                kind, page_id, pct = self._budget(info)
                headers.update(usage_headers(kind, page_id, pct))
                if pct > 100:
                    code = 80001 if kind == "page" else 4
                    raise GraphError(
                        code,
                        RATE_LIMIT_MESSAGES[code],
                        status=self.rate_limit_http_status,
                        transient=True,
                    )
                response = self.graph(req, info)
        except GraphError as exc:
            return exc.response(headers)
        response.headers.update(headers)
        return response

    def error_response(self, req: Request, status: int) -> Response:
        if status == 503:
            err = GraphError(
                2,
                "An unexpected error has occurred. Please retry your request later.",
                status=status,
                transient=True,
            )
        else:
            err = GraphError(1, "An unknown error has occurred.", status=status, transient=True)
        return err.response({"facebook-api-version": self.version})

    def rate_limited_response(self, req: Request, retry_after: int) -> Response:
        code = self.rate_limit_code
        token_kind = "page" if code in (32, 80001) else "user"
        info = self.tokens.get(str(req.query.get("access_token") or ""))
        page_id = (info.page_id if info else None) or self.PAGE_ID
        minutes = max(1, -(-retry_after // 60))
        headers = {
            "facebook-api-version": self.version,
            **usage_headers(token_kind, page_id, 100, minutes),
        }
        if token_kind == "page":  # BUC throttles also report the app-level figure
            headers.update(usage_headers("app", None, 100))
        return GraphError(
            code, RATE_LIMIT_MESSAGES[code], status=self.rate_limit_http_status, transient=True
        ).response(headers)

    def bad_body_response(self, req: Request, message: str) -> Response:
        return GraphError(100, f"(#100) {message}").response()

    def not_found_response(self, req: Request, method_not_allowed: bool = False) -> Response:
        return GraphError(2500, f"Unknown path components: {req.path}").response()

    # ------------------------------------------------------------------ webhooks (fake → Lantoa)
    def sign(self, payload: dict[str, Any], url: str = "") -> SignedWebhook:
        body = encode_json(payload)
        return SignedWebhook(
            body, {"X-Hub-Signature-256": facebook_signature(self.webhook_app_secret, body)}, url
        )

    def build_comment_webhook(
        self,
        post_id: str | None = None,
        message: str = "Bài viết rất hay!",
        author_id: str = "6012345678",
        author_name: str = "Nguyễn Văn A",
        parent_id: str | None = None,
        text: str | None = None,
        **_: Any,
    ) -> SignedWebhook:
        """Store a user comment (or reply, with ``parent_id`` = a comment id) on ``post_id`` and return the
        signed ``feed`` change Meta would POST for it."""
        with self._lock:
            if post_id is None:
                posts = [o for o in self.objects.values() if o["type"] == "post"]
                if not posts:
                    raise ValueError("no post to comment on")
                post_id = posts[-1]["id"]
            comment = self.add_comment(
                post_id,
                text or message,
                {"id": author_id, "name": author_name},
                parent_id=parent_id,
                log=False,
            )
        page_id = post_id.split("_", 1)[0]
        now = int(self.now())
        value = {
            "item": "comment",
            "verb": "add",
            "post_id": post_id,
            "comment_id": comment["id"],
            "parent_id": parent_id or post_id,
            "from": {"id": author_id, "name": author_name},
            "message": comment["message"],
            "created_time": now,
            "post": {
                "id": post_id,
                "status_type": "mobile_status_update",
                "is_published": True,
                "updated_time": comment["created_time"],
                "promotion_status": "inactive",
            },
        }
        return self.sign(
            {
                "object": "page",
                "entry": [
                    {"id": page_id, "time": now, "changes": [{"field": "feed", "value": value}]}
                ],
            }
        )

    def verify_subscription(
        self, callback_url: str, verify_token: str, challenge: str = "1158201444"
    ) -> bool:
        """Meta's GET handshake: True when the endpoint echoes ``hub.challenge`` with 200."""
        if urlsplit(callback_url).hostname not in LOOPBACK_HOSTS:
            raise ValueError("fakes only call loopback hosts")
        query = urlencode(
            {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}
        )
        sep = "&" if "?" in callback_url else "?"
        try:
            with urlopen(callback_url + sep + query, timeout=5) as resp:  # noqa: S310 - loopback only
                return resp.status == 200 and resp.read().decode().strip() == challenge
        except OSError:
            return False
