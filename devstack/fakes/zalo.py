"""Fake Zalo Official Account Open API (openapi.zalo.me) and OA OAuth v4 (oauth.zaloapp.com) on one port.

Guarantees (``shared/reference/channel-apis.md`` §2):

* OA token in the HTTP header literally named ``access_token``; optional ``appsecret_proof`` header checked
  when ``app_secret`` is configured (-242); always HTTP 200 with ``{"error": 0, "message": "Success",
  "data": …}`` or a negative ``error``: -216 invalid/missing token, -220 expired (:meth:`expire_token`),
  -201 invalid parameter, -210 over a limit, -213 not a follower, -230 outside the consultation window,
  -233 unsupported message type, -234 promotion at night (22:00–06:00 Vietnam time), -240 plain v2 message,
  -214 while an article is "being processed", -32 throttled;
* GET parameters in the ``data`` query parameter as JSON text (plain query parameters also accepted);
* ``/v2.0/oa/getoa``; articles ``/v2.0/article/create|verify|update|remove|getdetail|getslice`` (limits
  title 150, author 50, description 300); messages ``/v3.0/oa/message/cs|transaction|promotion``; article
  broadcast ``/v2.0/oa/message`` with ``recipient.target``; uploads ``/v2.0/oa/upload/image|gif|file``;
  followers ``/v3.0/oa/user/getlist|detail``; quota ``/v2.0|v3.0/oa/quota/message``;
  ``/v4/oa/access_token`` (``secret_key`` header; authorization_code with an optional PKCE check and
  single-use refresh_token; ``expires_in`` as a string); ``/v4/oa/permission`` answers as if the OA
  admin granted at once (302 to ``redirect_uri`` with ``code``, ``oa_id`` and ``state``);
* webhooks signed ``X-ZEvent-Signature: mac=sha256(<id> + body + timestamp + OA secret key)`` with a
  millisecond string ``timestamp`` in the body and in a ``timestamp`` header.

[U] and configurable: the consultation window (``cs_free_hours`` 48, ``cs_max_days`` 7), the consultation
text limit (``cs_text_limit`` 500), how many verify polls answer -214 (``verify_pending_polls`` 1), the key
of the article id in the verify answer (``verify_id_key`` "id"), which id starts the webhook signature
(``signature_id``: "app_id" or "oa_id"), the quota endpoint shape, OAuth error codes and all message
texts. Not implemented: ZNS/ZBS templates, GMF groups, tags, conversations, video article upload.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from devstack.fakes.base import FakeServer
from devstack.fakes.webhooks import (
    SignedWebhook,
    appsecret_proof,
    encode_json,
    zalo_signature,
)
from devstack.fakes.wire import Request, Response

TRANSACTION_TYPES = frozenset(
    {
        "transaction_billing",
        "transaction_order",
        "transaction_reward",
        "transaction_contract",
        "transaction_booking",
        "transaction_membership",
        "transaction_event",
        "transaction_transaction",
        "transaction_account",
        "transaction_internal",
        "transaction_partnership",
        "transaction_education",
        "transaction_rating",
    }
)
UPLOAD_LIMITS = {"image": 1024 * 1024, "gif": 5 * 1024 * 1024, "file": 5 * 1024 * 1024}
VN_UTC_OFFSET_S = 7 * 3600


class ZaloError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


# An 8×8 red JPEG, served at /_fake/cover.jpg.
COVER_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwg"
    "JC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIy"
    "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAIAAgDASIAAhEBAxEB/8QA"
    "HwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIh"
    "MUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVW"
    "V1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
    "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQF"
    "BgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAV"
    "YnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOE"
    "hYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq"
    "8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDkKKKK8U/TD//Z"
)


@dataclass
class ZaloUser:
    user_id: str
    display_name: str
    is_follower: bool = True
    last_interaction: float = 0.0  # epoch seconds of the user's last message/interaction


class FakeZalo(FakeServer):
    platform = "zalo"
    title = "Zalo OA Open API"
    OA_ID = "579745863508352884"
    APP_ID = "1234567890"
    ACCESS_TOKEN = "zalo-fake-oa-access-token"
    APP_SECRET = "zalo-fake-app-secret"
    OA_SECRET_KEY = "zalo-fake-oa-secret-key"

    def __init__(
        self,
        port: int = 0,
        *,
        auto_accounts: bool = True,
        app_secret: str = APP_SECRET,
        oa_secret_key: str = OA_SECRET_KEY,
        check_appsecret_proof: bool = True,
        cs_free_hours: float = 48,
        cs_max_days: float = 7,
        cs_text_limit: int = 500,
        verify_pending_polls: int = 1,
        verify_id_key: str = "id",
        signature_id: str = "app_id",
        promotion_quiet_hours: tuple[int, int] | None = (22, 6),
        v2_message_shutdown: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(port, **kwargs)
        self.auto_accounts, self.app_secret, self.oa_secret_key = (
            auto_accounts,
            app_secret,
            oa_secret_key,
        )
        self.check_appsecret_proof = check_appsecret_proof
        self.cs_free_hours, self.cs_max_days, self.cs_text_limit = (
            cs_free_hours,
            cs_max_days,
            cs_text_limit,
        )
        self.verify_pending_polls, self.verify_id_key = verify_pending_polls, verify_id_key
        self.signature_id, self.promotion_quiet_hours = signature_id, promotion_quiet_hours
        self.v2_message_shutdown = v2_message_shutdown
        self._lock = threading.RLock()
        self.tokens: dict[str, dict[str, Any]] = {
            self.ACCESS_TOKEN: {"oa_id": self.OA_ID, "expired": False}
        }
        self.refresh_tokens: dict[str, str] = {"zalo-fake-refresh-token": self.OA_ID}
        self.auth_codes: dict[str, str] = {}
        self.code_challenges: dict[str, str] = {}  # auth code → PKCE challenge it was issued for
        self.refresh_calls = 0  # refresh grants answered (spent refresh tokens)
        self.users: dict[str, ZaloUser] = {}
        self.articles: dict[str, dict[str, Any]] = {}
        self.article_tokens: dict[str, dict[str, Any]] = {}
        self.attachments: set[str] = set()
        now = time.time()
        self.add_user("2468458835296197922", "Nguyễn Văn A", last_interaction=now - 3600)
        self.add_user("2468458835296197923", "Trần Thị B", last_interaction=now - 4 * 86400)
        self.add_user("2468458835296197924", "Lê Văn C", last_interaction=now - 30 * 86400)
        for path, handler in {
            r"/v2\.0/oa/getoa": self._getoa,
            r"/v2\.0/article/create": self._article_create,
            r"/v2\.0/article/update": self._article_update,
            r"/v2\.0/article/verify": self._article_verify,
            r"/v2\.0/article/remove": self._article_remove,
            r"/v2\.0/article/getdetail": self._article_detail,
            r"/v2\.0/article/getslice": self._article_slice,
            r"/v3\.0/oa/message/(?P<family>cs|transaction|promotion)": self._message,
            r"/v2\.0/oa/message": self._message_v2,
            r"/v2\.0/oa/upload/(?P<kind>image|gif|file)": self._upload,
            r"/v3\.0/oa/user/getlist": self._user_list,
            r"/v3\.0/oa/user/detail": self._user_detail,
            r"/v[23]\.0/oa/quota/message": self._quota,
        }.items():
            self.add_route("GET POST", path, self._wrap(handler))
        self.add_route("POST", r"/v4/oa/access_token", self._oauth_token)
        self.add_route("GET", r"/v4/oa/permission", self._oauth_permission)

    # ------------------------------------------------------------------ accounts
    def add_user(
        self, user_id: str, name: str, *, follower: bool = True, last_interaction: float = 0.0
    ) -> ZaloUser:
        user = ZaloUser(user_id, name, follower, last_interaction)
        self.users[user_id] = user
        return user

    def expire_token(self, token: str) -> None:
        self.tokens[token]["expired"] = True

    def revoke_token(self, token: str) -> None:
        self.tokens.pop(token, None)

    def issue_auth_code(self, oa_id: str | None = None, code_challenge: str = "") -> str:
        """What the OAuth callback would carry in ``code`` (valid once). With a PKCE
        ``code_challenge``, the exchange must send the matching ``code_verifier``."""
        code = "zalo-code-" + secrets.token_urlsafe(12)
        self.auth_codes[code] = oa_id or self.OA_ID
        if code_challenge:
            self.code_challenges[code] = code_challenge
        return code

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "oa_id": self.OA_ID,
            "app_id": self.APP_ID,
            "access_token": self.ACCESS_TOKEN,
            "refresh_token": "zalo-fake-refresh-token",
            "app_secret": self.app_secret,
            "oa_secret_key": self.oa_secret_key,
            "users": [u.user_id for u in self.users.values()],
        }

    # ------------------------------------------------------------------ envelopes and hooks
    @staticmethod
    def ok(data: Any = None) -> Response:
        payload: dict[str, Any] = {"error": 0, "message": "Success"}
        if data is not None:
            payload["data"] = data
        return Response.json(payload)

    def error_response(self, req: Request, status: int) -> Response:
        return Response.html(f"<html><body><h1>{status} Server Error</h1></body></html>", status)

    def rate_limited_response(self, req: Request, retry_after: int) -> Response:
        return Response.json({"error": -32, "message": "Your application reached limit call api"})

    def bad_body_response(self, req: Request, message: str) -> Response:
        return Response.json({"error": -201, "message": f"body is invalid! ({message})"})

    def not_found_response(self, req: Request, method_not_allowed: bool = False) -> Response:
        return Response.json({"error": 404, "message": "empty api"}, 404)  # [U]

    def _wrap(self, handler: Any) -> Any:
        def call(req: Request, match: Any) -> Response:
            try:
                with self._lock:
                    oa_id = self._auth(req)
                    data = self._data(req)
                    return handler(req, data, oa_id, **match.groupdict())
            except ZaloError as exc:
                return Response.json({"error": exc.code, "message": exc.message})

        return call

    def _auth(self, req: Request) -> str:
        token = req.header("access_token") or str(req.query.get("access_token") or "")
        info = self.tokens.get(token)
        if info is None and token and self.auto_accounts:
            # An unknown token is a new OA with a stable id derived from the token (bench: many OAs).
            oa_id = "5797" + str(zlib.crc32(token.encode())).zfill(10) + "0000"
            info = self.tokens[token] = {"oa_id": oa_id, "expired": False}
        if info is None:
            raise ZaloError(-216, "Access token is invalid")
        if info["expired"]:
            raise ZaloError(-220, "Access token has expired or has been removed")
        proof = req.header("appsecret_proof")
        if (
            proof
            and self.check_appsecret_proof
            and not hmac.compare_digest(proof, appsecret_proof(self.app_secret, token))
        ):
            raise ZaloError(-242, "appsecret_proof is invalid")
        return str(info["oa_id"])

    @staticmethod
    def _data(req: Request) -> dict[str, Any]:
        if isinstance(req.json_body, dict):
            return req.json_body
        raw = req.query.get("data")
        if raw:
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError:
                raise ZaloError(-201, "data is invalid!") from None
            return parsed if isinstance(parsed, dict) else {}
        return dict(req.params)

    @staticmethod
    def _require(data: dict[str, Any], name: str) -> Any:
        if data.get(name) in (None, "", [], {}):
            raise ZaloError(-201, f"{name} is invalid!")
        return data[name]

    # ------------------------------------------------------------------ OA and articles
    def _getoa(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        return self.ok(
            {
                "oa_id": oa_id,
                "name": "Công đoàn Lantoa (demo)",
                "description": "OA thử nghiệm",
                "oa_alias": "@lantoa",
                "is_verified": True,
                "oa_type": 2,
                "cate_name": "Tổ chức",
                "num_follower": sum(u.is_follower for u in self.users.values()),
                "avatar": "https://example.vn/avatar.png",
                "cover": "https://example.vn/cover.png",
                "package_name": "Gói Nâng cao",
                "linked_ZCA": True,
            }
        )

    def _validate_article(self, data: dict[str, Any]) -> None:
        kind = data.get("type")
        if kind not in ("normal", "video"):
            raise ZaloError(-201, "type is invalid!")
        for name, limit in (("title", 150), ("author", 50), ("description", 300)):
            if name == "author" and kind == "video":
                continue
            value = self._require(data, name)
            if len(str(value)) > limit:
                raise ZaloError(-210, f"{name} exceeds limit ({limit})")
        if kind == "normal":
            body, cover = self._require(data, "body"), self._require(data, "cover")
            if not isinstance(body, list) or any(
                not isinstance(b, dict)
                or b.get("type") not in ("text", "image", "video", "product")
                for b in body
            ):
                raise ZaloError(-201, "body is invalid!")
            if not isinstance(cover, dict) or cover.get("cover_type") not in ("photo", "video"):
                raise ZaloError(-201, "cover is invalid!")
            if cover.get("cover_type") == "photo" and not self._cover_fetchable(
                str(cover.get("photo_url") or "")
            ):
                raise ZaloError(-201, "cover is invalid!")
        else:
            self._require(data, "video_id")
        for name in ("status", "comment"):
            if data.get(name, "show") not in ("show", "hide"):
                raise ZaloError(-201, f"{name} is invalid!")

    @staticmethod
    def _cover_fetchable(url: str) -> bool:
        """Zalo fetches the cover photo: an address that answers, but not with an
        image (a 404 page), is refused. An address the fake cannot reach at all
        (no internet in tests) is given the benefit of the doubt [U]."""
        if not url.startswith(("http://", "https://")):
            return False
        try:
            response = httpx.get(url, timeout=3.0, follow_redirects=True)
        except httpx.HTTPError:
            return True
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        return response.status_code == 200 and kind.startswith("image/")

    def _control(self, req: Request) -> Response:
        """Adds GET /_fake/cover.jpg: a picture to use as a channel's default
        cover in tests and the dev stack (any other /_fake/*.jpg is a 404)."""
        if req.path == "/_fake/cover.jpg":
            return Response(status=200, body=COVER_JPEG, content_type="image/jpeg")
        return super()._control(req)

    def _article_create(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        self._validate_article(data)
        article_id = secrets.token_hex(16)
        now_ms = int(self.now() * 1000)
        article = {
            **data,
            "id": article_id,
            "oa_id": oa_id,
            "status": data.get("status", "hide"),
            "comment": data.get("comment", "show"),
            "create_date": now_ms,
            "update_date": now_ms,
            "total_view": 0,
            "total_share": 0,
            "link_view": f"https://zalo.me/s/{oa_id}/{article_id[:8]}",
        }
        self.articles[article_id] = article
        text = " ".join(
            str(b.get("content", "")) for b in data.get("body") or [] if isinstance(b, dict)
        )
        self.posts.add(
            "article",
            oa_id,
            article_id,
            text=f"{data['title']}\n{data.get('description', '')}\n{text}",
            title=data["title"],
            status=article["status"],
        )
        return self._article_token(article_id)

    def _article_token(self, article_id: str) -> Response:
        token = secrets.token_urlsafe(24)
        self.article_tokens[token] = {"id": article_id, "polls": 0}
        return self.ok({"token": token})

    def _article_update(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        article = self.articles.get(str(data.get("id") or ""))
        if article is None or article["oa_id"] != oa_id:
            raise ZaloError(-201, "id is invalid!")
        self._validate_article(data)
        article.update(data, update_date=int(self.now() * 1000))
        self.posts.edit(article["id"], title=data["title"])
        return self._article_token(article["id"])

    def _article_verify(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        pending = self.article_tokens.get(str(data.get("token") or ""))
        if pending is None:
            raise ZaloError(-201, "token is invalid!")
        pending["polls"] += 1
        if pending["polls"] <= self.verify_pending_polls:
            raise ZaloError(-214, "Article is being processed")
        return self.ok({self.verify_id_key: pending["id"]})

    def _own_article(self, data: dict[str, Any], oa_id: str) -> dict[str, Any]:
        article = self.articles.get(str(data.get("id") or ""))
        if article is None or article["oa_id"] != oa_id or article.get("removed"):
            raise ZaloError(-201, "id is invalid!")
        return article

    def _article_remove(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        self._own_article(data, oa_id)["removed"] = True
        self.posts.mark_deleted(str(data["id"]))
        return self.ok()

    def _article_detail(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        article = self._own_article(data, oa_id)
        return self.ok({k: v for k, v in article.items() if k not in ("oa_id", "removed")})

    def _article_slice(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        offset, limit = int(data.get("offset") or 0), int(data.get("limit") or 10)
        kind = data.get("type", "normal")
        mine = [
            a
            for a in self.articles.values()
            if a["oa_id"] == oa_id and not a.get("removed") and a["type"] == kind
        ]
        mine.sort(key=lambda a: a["create_date"], reverse=True)
        medias = [
            {
                "id": a["id"],
                "type": a["type"],
                "title": a["title"],
                "status": a["status"],
                "total_view": a["total_view"],
                "total_share": a["total_share"],
                "create_date": a["create_date"],
                "update_date": a["update_date"],
                "thumb": (a.get("cover") or {}).get("photo_url", ""),
                "link_view": a["link_view"],
            }
            for a in mine[offset : offset + limit]
        ]
        return self.ok({"medias": medias, "total": len(mine)})

    # ------------------------------------------------------------------ messages
    def _message(self, req: Request, data: dict[str, Any], oa_id: str, family: str) -> Response:
        recipient = self._require(data, "recipient")
        message = self._require(data, "message")
        user = self.users.get(str(recipient.get("user_id") if isinstance(recipient, dict) else ""))
        if user is None:
            raise ZaloError(-201, "user_id is invalid!")
        if not user.is_follower and family != "cs":
            raise ZaloError(-213, "User has not followed OA")
        attachment = message.get("attachment") if isinstance(message, dict) else None
        template = ((attachment or {}).get("payload") or {}).get("template_type")
        text = message.get("text") if isinstance(message, dict) else None
        if family == "cs":
            idle = self.now() - user.last_interaction
            if idle > self.cs_max_days * 86400:
                raise ZaloError(-230, "User has not interacted with the OA in the last 7 days")
            if text is not None and len(str(text)) > self.cs_text_limit:
                raise ZaloError(-210, f"text exceeds limit ({self.cs_text_limit})")
            if text is None and attachment is None:
                raise ZaloError(-201, "message is invalid!")
        elif family == "transaction" and template not in TRANSACTION_TYPES:
            raise ZaloError(-233, "Message type is invalid")
        elif family == "promotion":
            if template != "promotion":
                raise ZaloError(-233, "Message type is invalid")
            if self.promotion_quiet_hours:
                hour = time.gmtime(self.now() + VN_UTC_OFFSET_S).tm_hour
                start, end = self.promotion_quiet_hours
                if hour >= start or hour < end:
                    raise ZaloError(
                        -234, "Promotion messages cannot be sent at night (22:00-06:00)"
                    )
        msg_id = secrets.token_hex(16)
        paid = family == "cs" and self.now() - user.last_interaction > self.cs_free_hours * 3600
        self.posts.add(
            f"message_{family}", user.user_id, msg_id, text=text, template=template, paid=paid
        )
        return self.ok({"message_id": msg_id, "user_id": user.user_id})

    def _message_v2(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        recipient = self._require(data, "recipient")
        if not isinstance(recipient, dict) or "target" not in recipient:
            if self.v2_message_shutdown:
                raise ZaloError(-240, "MessageV2 API has been shut down, please use MessageV3")
            raise ZaloError(-201, "recipient is invalid!")
        message = data.get("message") or {}
        payload = (message.get("attachment") or {}).get("payload") or {}
        elements = payload.get("elements") or []
        if payload.get("template_type") != "media" or not 1 <= len(elements) <= 5:
            raise ZaloError(-201, "message is invalid!")
        ids = []
        for element in elements:
            article = self.articles.get(str(element.get("attachment_id") or ""))
            if element.get("media_type") != "article" or article is None or article.get("removed"):
                raise ZaloError(-201, "attachment_id is invalid!")
            ids.append(article["id"])
        msg_id = secrets.token_hex(16)
        self.posts.add("broadcast", oa_id, msg_id, media=ids, audience=recipient["target"])
        return self.ok({"message_id": msg_id})

    def _upload(self, req: Request, data: dict[str, Any], oa_id: str, kind: str) -> Response:
        upload = req.files.get("file")
        if upload is None:
            raise ZaloError(-201, "file is invalid!")
        if len(upload.data) > UPLOAD_LIMITS[kind]:
            raise ZaloError(-210, f"file exceeds limit ({UPLOAD_LIMITS[kind]} bytes)")
        ident = secrets.token_urlsafe(24)
        self.attachments.add(ident)
        return self.ok({"token": ident} if kind == "file" else {"attachment_id": ident})

    def _user_list(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        offset, count = int(data.get("offset") or 0), min(50, int(data.get("count") or 15))
        users = [
            u
            for u in self.users.values()
            if u.is_follower or str(data.get("is_follower")) == "false"
        ]
        return self.ok(
            {
                "total": len(users),
                "count": len(users[offset : offset + count]),
                "offset": offset,
                "users": [{"user_id": u.user_id} for u in users[offset : offset + count]],
            }
        )

    def _user_detail(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        user = self.users.get(str(data.get("user_id") or ""))
        if user is None:
            raise ZaloError(-201, "user_id is invalid!")
        return self.ok(
            {
                "user_id": user.user_id,
                "display_name": user.display_name,
                "user_is_follower": user.is_follower,
                "user_last_interaction_date": time.strftime(
                    "%d/%m/%Y", time.gmtime(user.last_interaction)
                ),
                "avatar": "https://example.vn/u.png",
                "tags_and_notes_info": {"tag_names": [], "notes": []},
            }
        )

    def _quota(self, req: Request, data: dict[str, Any], oa_id: str) -> Response:
        return self.ok(
            [{"product_type": "cs", "quota_type": "sub_quota", "total": 2000, "remain": 1990}]
        )  # [U]

    # ------------------------------------------------------------------ OAuth
    def _oauth_token(self, req: Request, match: Any) -> Response:
        def oauth_error(code: int, name: str, reason: str) -> Response:  # [U] codes and names
            return Response.json(
                {
                    "error": code,
                    "error_name": name,
                    "error_reason": reason,
                    "error_description": reason,
                }
            )

        with self._lock:
            if req.header("secret_key") != self.app_secret or req.param("app_id") != self.APP_ID:
                return oauth_error(-14002, "Invalid app", "app_id or secret_key is invalid")
            grant = req.param("grant_type")
            if grant == "authorization_code":
                code = str(req.param("code") or "")
                oa_id = self.auth_codes.pop(code, None)
                challenge = self.code_challenges.pop(code, "")
                if oa_id is not None and challenge:
                    digest = hashlib.sha256(str(req.param("code_verifier") or "").encode()).digest()
                    given = base64.urlsafe_b64encode(digest).decode().rstrip("=")
                    if not hmac.compare_digest(given, challenge):
                        return oauth_error(  # [U] code
                            -14019, "Invalid code_verifier", "code_verifier does not match"
                        )
            elif grant == "refresh_token":
                oa_id = self.refresh_tokens.pop(
                    str(req.param("refresh_token") or ""), None
                )  # single use
                self.refresh_calls += oa_id is not None
            else:
                return oauth_error(-14001, "Invalid grant_type", "grant_type is invalid")
            if oa_id is None:
                return oauth_error(
                    -14014, "Invalid grant", "code or refresh_token is invalid or was used"
                )
            access, refresh = (
                "zalo-at-" + secrets.token_urlsafe(24),
                "zalo-rt-" + secrets.token_urlsafe(24),
            )
            self.tokens[access] = {"oa_id": oa_id, "expired": False}
            self.refresh_tokens[refresh] = oa_id
            return Response.json(
                {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}
            )

    def _oauth_permission(self, req: Request, match: Any) -> Response:
        """The OA admin granting every permission at once: straight back to the
        app's ``redirect_uri`` with a code bound to the PKCE challenge."""
        if req.query.get("app_id") != self.APP_ID or not req.query.get("redirect_uri"):
            return Response.html("<html><body>Ứng dụng không hợp lệ</body></html>", 400)
        with self._lock:
            code = self.issue_auth_code(code_challenge=req.query.get("code_challenge", ""))
        query = urlencode({"code": code, "oa_id": self.OA_ID, "state": req.query.get("state", "")})
        separator = "&" if "?" in req.query["redirect_uri"] else "?"
        location = f"{req.query['redirect_uri']}{separator}{query}"
        return Response(status=302, body=b"", headers={"Location": location})

    # ------------------------------------------------------------------ webhooks (fake → Lantoa)
    def sign(self, payload: dict[str, Any], url: str = "") -> SignedWebhook:
        body = encode_json(payload)
        first = self.APP_ID if self.signature_id == "app_id" else self.OA_ID
        timestamp = str(payload.get("timestamp", ""))
        mac = zalo_signature(first, body, timestamp, self.oa_secret_key)
        return SignedWebhook(body, {"X-ZEvent-Signature": mac, "timestamp": timestamp}, url)

    def build_comment_webhook(
        self,
        text: str = "Cho hỏi lịch sinh hoạt công đoàn?",
        user_id: str | None = None,
        event_name: str = "user_send_text",
        **_: Any,
    ) -> SignedWebhook:
        """A follower writing to the OA (Zalo has no public comment webhook for articles) — this also
        opens that user's consultation window."""
        user = self.users[user_id or next(iter(self.users))]
        user.last_interaction = self.now()
        payload = {
            "app_id": self.APP_ID,
            "sender": {"id": user.user_id},
            "recipient": {"id": self.OA_ID},
            "event_name": event_name,
            "message": {"msg_id": secrets.token_hex(16), "text": text},
            "timestamp": str(int(self.now() * 1000)),
            "user_id_by_app": str(int(user.user_id) // 3),
        }
        return self.sign(payload)
