"""Fake Telegram Bot API (``/bot<token>/<method>``), faithful enough for python-telegram-bot to drive it.

Guarantees:

* the ``{"ok": true, "result": …}`` / ``{"ok": false, "error_code": n, "description": …, "parameters":
  {…}}`` envelopes with the HTTP status equal to ``error_code``; method names are case-insensitive;
* parameters as query string, form, JSON or multipart (PTB sends form fields whose values are JSON text,
  and multipart when uploading) — uploads by multipart field, ``attach://<part>``, HTTP URL (never fetched)
  or a ``file_id`` this fake issued;
* ``getMe``, ``sendMessage`` (``reply_parameters``: the message must exist unless
  ``allow_sending_without_reply``), ``sendPhoto``, ``sendVideo``, ``sendDocument``, ``sendMediaGroup`` (2–10
  items, shared ``media_group_id``, consecutive ids), ``editMessageText``, ``editMessageCaption``,
  ``deleteMessage`` (48 h rule; in a group, others' messages only as an administrator with
  ``can_delete_messages``), ``getChat``, ``getChatMemberCount``, ``getChatMember`` (for the bot),
  ``setWebhook`` / ``deleteWebhook`` / ``getWebhookInfo``, ``getUpdates`` (409 while a webhook is set);
* limits: text 1–4096 and caption ≤ 1024 after entity parsing, malformed HTML/MarkdownV2 → "can't parse
  entities", photo upload ≤ 10 MB, other uploads ≤ 50 MB;
* 401 for an unknown/revoked token, 404 for a malformed one; 400 "chat not found"; 403 when the bot is not
  in the channel; 400 "need administrator rights" when it may not post;
* optional per-chat flood limit (``per_chat_limit=(n, seconds)``) and per-bot limit across chats
  (``per_bot_limit=(n, seconds)``, Telegram's ~30 messages/s) over a sliding window, answering 429 with
  ``retry_after``; ``flood_refusals`` counts them;
* webhooks: updates signed with ``X-Telegram-Bot-Api-Secret-Token`` when ``setWebhook`` got a secret;
  ``setWebhook`` refuses a secret outside 1–256 characters of ``A-Z a-z 0-9 _ -`` and a port other than
  443, 80, 88 or 8443.

Not implemented: getFile/file downloads, inline mode, payments, polls, reactions set by the bot, most
``send*`` options (accepted and echoed where cheap, otherwise ignored). Description texts are [U] beyond
the ones PTB documents; HTTP (not HTTPS) webhook URLs are accepted for loopback hosts only — a deliberate
deviation, since the real API requires HTTPS on ports 443/80/88/8443.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from devstack.fakes.base import LOOPBACK_HOSTS, FakeServer
from devstack.fakes.telegram_text import check_text, parse_entities
from devstack.fakes.webhooks import SignedWebhook, encode_json
from devstack.fakes.wire import Request, Response, UploadedFile, as_bool, as_json

TOKEN_RE = re.compile(r"^(\d{3,20}):[A-Za-z0-9_-]{30,}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})  # the only ports Telegram calls
DELETE_WINDOW_S = 48 * 3600
PHOTO_UPLOAD_MAX = 10 * 1024 * 1024
FILE_UPLOAD_MAX = 50 * 1024 * 1024


class ApiError(Exception):
    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class TelegramChat:
    id: int
    type: str = "channel"
    title: str = "Lantoa demo"
    username: str | None = None
    bot_status: str = "administrator"  # administrator | member | left | kicked
    can_post_messages: bool = True
    can_edit_messages: bool = True
    can_delete_messages: bool = False
    member_count: int = 1234
    linked_chat_id: int | None = None

    def as_chat(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            out["username"] = self.username
        return out


@dataclass
class BotState:
    token: str
    id: int
    username: str
    webhook_url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": "Lantoa fake bot",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }


class FakeTelegram(FakeServer):
    platform = "telegram"
    title = "Telegram Bot API"
    DEFAULT_TOKEN = "123456789:AAHfakeTokenForLantoaLocalTests0000"
    DEFAULT_CHANNEL_ID = -1001234567890
    DEFAULT_GROUP_ID = -1009876543210

    def __init__(
        self,
        port: int = 0,
        *,
        token: str = DEFAULT_TOKEN,
        auto_accounts: bool = True,
        per_chat_limit: tuple[int, float] | None = None,
        per_bot_limit: tuple[int, float] | None = None,
        allow_http_webhooks: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(port, **kwargs)
        self.auto_accounts = auto_accounts
        self.per_chat_limit = per_chat_limit
        self.per_bot_limit = per_bot_limit
        self.flood_refusals = 0
        self.allow_http_webhooks = allow_http_webhooks
        self._lock = threading.RLock()
        self.bots: dict[str, BotState] = {}
        self.revoked_tokens: set[str] = set()
        self.chats: dict[int, TelegramChat] = {}
        self.usernames: dict[str, int] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._msg_record: dict[tuple[int, int], str] = {}
        self._next_mid: dict[int, int] = {}
        self._file_ids: set[str] = set()
        self._recent: dict[int, deque[float]] = {}
        self._recent_bot: dict[int, deque[float]] = {}
        self._update_id = 100000000
        self.add_bot(token)
        self.add_channel(
            self.DEFAULT_CHANNEL_ID,
            username="lantoa_demo",
            title="Lantoa demo",
            linked_chat_id=self.DEFAULT_GROUP_ID,
        )
        # The default channel's discussion group, where comments on its posts appear.
        self.add_channel(self.DEFAULT_GROUP_ID, type="supergroup", title="Lantoa demo chat")
        self.add_route("GET POST", r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)", self._api)

    # ------------------------------------------------------------------ accounts
    def add_bot(self, token: str) -> BotState:
        match = TOKEN_RE.match(token)
        if not match:
            raise ValueError("not a bot token (digits:secret)")
        bot = BotState(token, int(match.group(1)), f"lantoa_fake_{match.group(1)}_bot")
        self.bots[token] = bot
        return bot

    def add_channel(self, chat_id: int, **options: Any) -> TelegramChat:
        chat = TelegramChat(id=chat_id, **options)
        self.chats[chat_id] = chat
        if chat.username:
            self.usernames[chat.username.lower()] = chat_id
        return chat

    def _control(self, req: Request) -> Response:
        """Adds POST /_fake/channels {"chat_id", "username", "title"}: a channel the
        bot administers (what an officer does in Telegram before connecting it)."""
        if req.path.rstrip("/") == "/_fake/channels" and req.method == "POST":
            payload = as_json(req.body.decode("utf-8") or "{}")
            try:
                chat_id = int(payload["chat_id"])
            except (KeyError, TypeError, ValueError):
                return Response.json({"error": "chat_id (an integer) is required"}, 400)
            with self._lock:
                chat = self.add_channel(
                    chat_id,
                    username=(str(payload.get("username") or "").lstrip("@") or None),
                    title=str(payload.get("title") or f"Channel {chat_id}"),
                )
            return Response.json(chat.as_chat())
        return super()._control(req)

    def revoke_token(self, token: str) -> None:
        self.revoked_tokens.add(token)

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "api_base": self.base_url + "/bot",
            "token": self.DEFAULT_TOKEN,
            "channels": [c.as_chat() for c in self.chats.values()],
            "auto_accounts": self.auto_accounts,
        }

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.messages.clear()
            self._msg_record.clear()
            self._recent.clear()
            self._recent_bot.clear()

    # ------------------------------------------------------------------ envelopes and hooks
    @staticmethod
    def ok(result: Any, description: str | None = None) -> Response:
        payload: dict[str, Any] = {"ok": True, "result": result}
        if description:
            payload["description"] = description
        return Response.json(payload)

    @staticmethod
    def fail(code: int, description: str, parameters: dict[str, Any] | None = None) -> Response:
        payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            payload["parameters"] = parameters
        return Response.json(payload, code)

    def error_response(self, req: Request, status: int) -> Response:
        names = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
        return self.fail(status, names.get(status, "Internal Server Error"))

    def rate_limited_response(self, req: Request, retry_after: int) -> Response:
        return self.fail(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    def bad_body_response(self, req: Request, message: str) -> Response:
        return self.fail(400, f"Bad Request: {message}")

    def not_found_response(self, req: Request, method_not_allowed: bool = False) -> Response:
        return self.fail(404, "Not Found")

    # ------------------------------------------------------------------ dispatch
    def _api(self, req: Request, match: re.Match[str]) -> Response:
        token, method = match.group("token"), match.group("method").lower()
        if not TOKEN_RE.match(token):
            return self.fail(404, "Not Found")
        if token in self.revoked_tokens or (token not in self.bots and not self.auto_accounts):
            return self.fail(401, "Unauthorized")
        with self._lock:
            bot = self.bots.get(token) or self.add_bot(token)
        handler = getattr(self, f"m_{method}", None)
        if handler is None:
            return self.fail(404, "Not Found: method not found")
        try:
            with self._lock:
                if method.startswith("send"):
                    self._window_check(self._recent_bot, bot.id, self.per_bot_limit)
                return handler(req, bot)
        except ApiError as exc:
            return self.fail(exc.code, exc.description, exc.parameters)

    def _int(self, req: Request, name: str, required: bool = True) -> int | None:
        value = req.param(name)
        if value in (None, ""):
            if required:
                raise ApiError(400, f"Bad Request: {name} is empty")
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def _chat(self, req: Request, *, posting: bool = False) -> TelegramChat:
        raw = req.param("chat_id")
        if raw in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        raw = str(raw)
        # Like Telegram: only chats the bot was added to exist (add_channel, or
        # POST /_fake/channels in the dev stack); anything else is "chat not found".
        if raw.startswith("@"):
            chat_id = self.usernames.get(raw[1:].lower())
        else:
            try:
                chat_id = int(raw)
            except ValueError:
                raise ApiError(400, "Bad Request: chat not found") from None
        chat = self.chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if posting and chat.type == "channel":
            if chat.bot_status == "kicked":
                raise ApiError(403, "Forbidden: bot was kicked from the channel chat")
            if chat.bot_status == "left":
                raise ApiError(403, "Forbidden: bot is not a member of the channel chat")
            if chat.bot_status != "administrator" or not chat.can_post_messages:
                raise ApiError(400, "Bad Request: need administrator rights in the channel chat")
            self._flood_check(chat.id)
        return chat

    def _flood_check(self, chat_id: int) -> None:
        self._window_check(self._recent, chat_id, self.per_chat_limit)

    def _window_check(
        self, log: dict[int, deque[float]], key: int, rate: tuple[int, float] | None
    ) -> None:
        if not rate:
            return
        limit, window = rate
        now = self.now()
        recent = log.setdefault(key, deque())
        while recent and now - recent[0] >= window:
            recent.popleft()
        if len(recent) >= limit:
            self.flood_refusals += 1
            retry = max(1, math.ceil(window - (now - recent[0])))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        recent.append(now)

    def _text(self, req: Request, name: str, *, caption: bool) -> str | None:
        value = req.param(name)
        if value is None and caption:
            return None
        error = check_text(str(value or ""), req.param("parse_mode"), caption=caption)
        if error:
            raise ApiError(400, error)
        return str(value)

    @staticmethod
    def _shown(text: str | None, parse_mode: Any, field_name: str = "text") -> dict[str, Any]:
        """Telegram answers with the text as displayed and the markup turned into
        entities (``entities`` for a text, ``caption_entities`` for a caption; left
        out when there are none), with the URLs, hashtags and mentions it detects."""
        if text is None:
            return {}
        shown, entities = parse_entities(text, parse_mode)
        key = "caption_entities" if field_name == "caption" else "entities"
        return {field_name: shown, **({key: entities} if entities else {})}

    def _file(self, req: Request, ref: Any, kind: str) -> dict[str, Any]:
        """Resolve an upload/URL/file_id into the file object the API returns."""
        upload: UploadedFile | None = None
        if isinstance(ref, UploadedFile):
            upload = ref
        elif isinstance(ref, str) and ref.startswith("attach://"):
            upload = req.files.get(ref[len("attach://") :])
            if upload is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        elif not isinstance(ref, str) or not (
            ref.startswith(("http://", "https://")) or ref in self._file_ids
        ):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        size = len(upload.data) if upload else 0
        if size > (PHOTO_UPLOAD_MAX if kind == "photo" else FILE_UPLOAD_MAX):
            raise ApiError(413, "Request Entity Too Large")
        unique = secrets.token_hex(8)
        file_id = f"fake-{kind}-{unique}"
        self._file_ids.add(file_id)
        base = {"file_id": file_id, "file_unique_id": unique}
        if size:
            base["file_size"] = size
        if kind == "photo":
            return {
                "photo": [
                    {**base, "file_id": file_id + "-s", "width": 90, "height": 51},
                    {**base, "width": 1280, "height": 720},
                ]
            }
        if kind == "video":
            return {
                "video": {
                    **base,
                    "width": 1280,
                    "height": 720,
                    "duration": 10,
                    "mime_type": "video/mp4",
                }
            }
        name = upload.filename if upload else str(ref).rsplit("/", 1)[-1]
        return {kind: {**base, "file_name": name}}

    def _new_message(
        self, chat: TelegramChat, bot: BotState, content: dict[str, Any]
    ) -> dict[str, Any]:
        mid = self._next_mid.get(chat.id, 0) + 1
        self._next_mid[chat.id] = mid
        msg: dict[str, Any] = {
            "message_id": mid,
            "date": int(self.now()),
            "chat": chat.as_chat(),
            **content,
        }
        if chat.type == "channel":
            msg["sender_chat"] = chat.as_chat()
        else:
            msg["from"] = bot.user()
        self.messages[(chat.id, mid)] = msg
        return msg

    def _record(
        self, kind: str, chat: TelegramChat, msgs: list[dict[str, Any]], **fields: Any
    ) -> None:
        first = msgs[0]
        record_id = f"{chat.id}:{first['message_id']}"
        for m in msgs:
            self._msg_record[(chat.id, m["message_id"])] = record_id
        self.posts.add(
            kind, str(chat.id), record_id, message_ids=[m["message_id"] for m in msgs], **fields
        )

    # ------------------------------------------------------------------ methods
    def m_getme(self, req: Request, bot: BotState) -> Response:
        return self.ok(bot.user())

    def _replied(self, req: Request, chat: TelegramChat) -> dict[str, Any]:
        """``reply_parameters``: the message replied to must exist in the chat, unless
        ``allow_sending_without_reply``."""
        params = as_json(req.param("reply_parameters"))
        if not isinstance(params, dict) or params.get("message_id") in (None, ""):
            return {}
        target = self.messages.get((chat.id, int(params["message_id"])))
        if target is None or target.get("_deleted"):
            if as_bool(params.get("allow_sending_without_reply")):
                return {}
            raise ApiError(400, "Bad Request: message to be replied not found")
        return {"reply_to_message": _public(target)}

    def m_sendmessage(self, req: Request, bot: BotState) -> Response:
        chat = self._chat(req, posting=True)
        text = self._text(req, "text", caption=False) or ""
        replied = self._replied(req, chat)
        msg = self._new_message(
            chat, bot, {**self._shown(text, req.param("parse_mode")), **replied}
        )
        preview = as_json(req.param("link_preview_options"))
        if isinstance(preview, dict):
            msg["link_preview_options"] = preview
        reply_to = replied["reply_to_message"]["message_id"] if replied else None
        self._record(
            "message", chat, [msg], text=text, parse_mode=req.param("parse_mode"), reply_to=reply_to
        )
        return self.ok(msg)

    def _send_media(self, req: Request, bot: BotState, kind: str) -> Response:
        chat = self._chat(req, posting=True)
        caption = self._text(req, "caption", caption=True)
        content = self._file(req, req.files.get(kind) or req.param(kind), kind)
        if caption:
            content.update(self._shown(caption, req.param("parse_mode"), "caption"))
        msg = self._new_message(chat, bot, content)
        ref = req.param(kind) if kind not in req.files else req.files[kind].describe()
        self._record(
            kind, chat, [msg], text=caption, media=[ref], parse_mode=req.param("parse_mode")
        )
        return self.ok(msg)

    def m_sendphoto(self, req: Request, bot: BotState) -> Response:
        return self._send_media(req, bot, "photo")

    def m_sendvideo(self, req: Request, bot: BotState) -> Response:
        return self._send_media(req, bot, "video")

    def m_senddocument(self, req: Request, bot: BotState) -> Response:
        return self._send_media(req, bot, "document")

    def m_sendmediagroup(self, req: Request, bot: BotState) -> Response:
        chat = self._chat(req, posting=True)
        media = as_json(req.param("media"))
        if not isinstance(media, list) or not all(isinstance(m, dict) for m in media):
            raise ApiError(400, "Bad Request: can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: media group must contain 2-10 items")  # [U] wording
        kinds = {m.get("type") for m in media}
        if not kinds <= {"photo", "video", "document", "audio"}:
            raise ApiError(400, "Bad Request: unsupported media type in the group")
        if ("document" in kinds or "audio" in kinds) and len(kinds) > 1:
            raise ApiError(
                400, "Bad Request: documents and audio can't be mixed with other media types"
            )
        contents = []
        for item in media:  # validate every item before creating any message: all or nothing
            content = self._file(req, item.get("media"), str(item["type"]))
            if item.get("caption") is not None:
                error = check_text(str(item["caption"]), item.get("parse_mode"), caption=True)
                if error:
                    raise ApiError(400, error)
                content.update(self._shown(str(item["caption"]), item.get("parse_mode"), "caption"))
            contents.append(content)
        group_id = str(secrets.randbelow(10**17) + 10**17)
        msgs = [self._new_message(chat, bot, {**c, "media_group_id": group_id}) for c in contents]
        self._record(
            "media_group",
            chat,
            msgs,
            text=media[0].get("caption"),
            media=[m.get("media") for m in media],
            media_group_id=group_id,
        )
        return self.ok(msgs)

    def _existing(self, req: Request, missing: str) -> tuple[TelegramChat, dict[str, Any]]:
        chat = self._chat(req)
        mid = self._int(req, "message_id")
        msg = self.messages.get((chat.id, mid or 0))
        if msg is None or msg.get("_deleted"):
            raise ApiError(400, f"Bad Request: {missing}")
        return chat, msg

    def _edit(self, req: Request, field_name: str, caption: bool) -> Response:
        chat, msg = self._existing(req, "message to edit not found")
        raw = self._text(req, field_name, caption=caption) or ""
        shown = self._shown(raw, req.param("parse_mode"), field_name)
        new = shown.get(field_name, "")
        if msg.get(field_name, "") == new:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg.pop("caption_entities" if caption else "entities", None)
        msg.update(shown)
        msg["edit_date"] = int(self.now())
        record_id = self._msg_record.get((chat.id, msg["message_id"]))
        if record_id:
            self.posts.edit(record_id, text=raw)
        return self.ok(_public(msg))

    def m_editmessagetext(self, req: Request, bot: BotState) -> Response:
        return self._edit(req, "text", caption=False)

    def m_editmessagecaption(self, req: Request, bot: BotState) -> Response:
        return self._edit(req, "caption", caption=True)

    def m_deletemessage(self, req: Request, bot: BotState) -> Response:
        chat, msg = self._existing(req, "message to delete not found")
        if self.now() - msg["date"] > DELETE_WINDOW_S:
            raise ApiError(400, "Bad Request: message can't be deleted for everyone")
        if chat.type == "channel" and not (chat.can_delete_messages or chat.can_post_messages):
            raise ApiError(400, "Bad Request: message can't be deleted")
        from_bot = bool((msg.get("from") or {}).get("is_bot"))
        may_delete_others = chat.bot_status == "administrator" and chat.can_delete_messages
        if chat.type in ("group", "supergroup") and not from_bot and not may_delete_others:
            # someone else's message: only an administrator allowed to delete messages
            raise ApiError(400, "Bad Request: message can't be deleted")
        msg["_deleted"] = True
        record_id = self._msg_record.get((chat.id, msg["message_id"]))
        if record_id:
            record = self.posts.get(record_id) or {}
            ids = record.get("message_ids") or []
            if all(self.messages.get((chat.id, i), {}).get("_deleted") for i in ids):
                self.posts.mark_deleted(record_id)
        return self.ok(True)

    def m_getchat(self, req: Request, bot: BotState) -> Response:
        chat = self._chat(req)
        info = {
            **chat.as_chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.linked_chat_id:
            info["linked_chat_id"] = chat.linked_chat_id
        return self.ok(info)

    def m_getchatmembercount(self, req: Request, bot: BotState) -> Response:
        return self.ok(self._chat(req).member_count)

    m_getchatmemberscount = m_getchatmembercount  # the deprecated name still answers

    def m_getchatmember(self, req: Request, bot: BotState) -> Response:
        chat = self._chat(req)
        if self._int(req, "user_id") != bot.id:
            raise ApiError(400, "Bad Request: user not found")
        if chat.bot_status != "administrator":
            return self.ok(
                {
                    "status": chat.bot_status,
                    "user": bot.user(),
                    **({"until_date": 0} if chat.bot_status == "kicked" else {}),
                }
            )
        flags = dict.fromkeys(
            (
                "can_manage_chat",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
            ),
            False,
        )
        return self.ok(
            {
                "status": "administrator",
                "user": bot.user(),
                "can_be_edited": False,
                "is_anonymous": False,
                **flags,
                "can_manage_chat": True,
                "can_post_messages": chat.can_post_messages,
                "can_edit_messages": chat.can_edit_messages,
                "can_delete_messages": chat.can_delete_messages,
            }
        )

    def m_setwebhook(self, req: Request, bot: BotState) -> Response:
        url = str(req.param("url") or "")
        if not url:
            return self.m_deletewebhook(req, bot)
        parts = urlsplit(url)
        loopback_http = (
            parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS and self.allow_http_webhooks
        )
        if parts.scheme != "https" and not loopback_http:
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if not loopback_http and (parts.port or 443) not in WEBHOOK_PORTS:
            raise ApiError(
                400,
                "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
            )
        secret = req.param("secret_token")
        if secret is not None and not SECRET_RE.match(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        max_conn = self._int(req, "max_connections", required=False) or 40
        if not 1 <= max_conn <= 100:
            raise ApiError(
                400, "Bad Request: bad webhook: max_connections must be between 1 and 100"
            )
        already = bot.webhook_url == url and bot.secret_token == secret
        bot.webhook_url, bot.secret_token, bot.max_connections = url, secret, max_conn
        allowed = as_json(req.param("allowed_updates"))
        bot.allowed_updates = list(allowed) if isinstance(allowed, list) else []
        if as_bool(req.param("drop_pending_updates")):
            bot.pending.clear()
        return self.ok(True, "Webhook is already set" if already else "Webhook was set")

    def m_deletewebhook(self, req: Request, bot: BotState) -> Response:
        was_set = bool(bot.webhook_url)
        bot.webhook_url, bot.secret_token = "", None
        if as_bool(req.param("drop_pending_updates")):
            bot.pending.clear()
        return self.ok(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def m_getwebhookinfo(self, req: Request, bot: BotState) -> Response:
        info: dict[str, Any] = {
            "url": bot.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(bot.pending),
        }
        if bot.webhook_url:
            info["max_connections"] = bot.max_connections
            if bot.allowed_updates:
                info["allowed_updates"] = bot.allowed_updates
        return self.ok(info)

    def m_getupdates(self, req: Request, bot: BotState) -> Response:
        if bot.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = self._int(req, "offset", required=False) or 0
        bot.pending = [u for u in bot.pending if u["update_id"] >= offset]
        return self.ok(list(bot.pending))

    # ------------------------------------------------------------------ webhooks (fake → Lantoa)
    def build_update(self, update: dict[str, Any], token: str | None = None) -> SignedWebhook:
        bot = self.bots[token or self.DEFAULT_TOKEN]
        with self._lock:
            self._update_id += 1
            body = {"update_id": self._update_id, **update}
        headers = {"X-Telegram-Bot-Api-Secret-Token": bot.secret_token} if bot.secret_token else {}
        return SignedWebhook(encode_json(body), headers, bot.webhook_url)

    def queue_update(self, update: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        """Keep an update for ``getUpdates`` (what Telegram does while no webhook is set)."""
        signed = self.build_update(update, token)
        self.bots[token or self.DEFAULT_TOKEN].pending.append(signed.payload)
        return signed.payload

    def build_private_message_webhook(
        self,
        text: str = "Cho hỏi tin này có đúng không?",
        user_id: int = 6012345678,
        first_name: str = "Nguyễn Văn A",
        token: str | None = None,
    ) -> SignedWebhook:
        """A person writing to the bot in a private chat (chat id = the user's id). The chat is
        kept, so that the bot may answer it (``sendMessage`` with ``reply_parameters``)."""
        if user_id not in self.chats:
            self.add_channel(user_id, type="private", title=first_name)
        now = int(self.now())
        message_id = self.next_id() + 7000
        message = {
            "message_id": message_id,
            "date": now,
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": {"id": user_id, "is_bot": False, "first_name": first_name},
            "text": text,
        }
        with self._lock:
            self.messages[(user_id, message_id)] = message
        return self.build_update({"message": message}, token)

    def build_comment_webhook(
        self,
        text: str = "Bài viết rất hay!",
        message_id: int = 1,
        chat_id: int | None = None,
        author_id: int = 6012345678,
        author_name: str = "Nguyễn Văn A",
        token: str | None = None,
        **_: Any,
    ) -> SignedWebhook:
        """A comment: a message in the channel's linked discussion group replying to the automatic
        forward of channel post ``message_id`` ([U] exact shape of discussion threads)."""
        channel = self.chats[chat_id or self.DEFAULT_CHANNEL_ID]
        group_id = channel.linked_chat_id or self.DEFAULT_GROUP_ID
        group = {"id": group_id, "type": "supergroup", "title": f"{channel.title} chat"}
        if group_id not in self.chats:  # the discussion group, where the bot may answer
            self.add_channel(group_id, type="supergroup", title=group["title"])
        now = int(self.now())
        forwarded = {
            "message_id": 1000 + message_id,
            "date": now,
            "chat": group,
            "sender_chat": channel.as_chat(),
            "is_automatic_forward": True,
            "forward_origin": {
                "type": "channel",
                "chat": channel.as_chat(),
                "message_id": message_id,
                "date": now,
            },
        }
        comment_id = self.next_id() + 5000
        comment = {
            "message_id": comment_id,
            "date": now,
            "chat": group,
            "text": text,
            "from": {"id": author_id, "is_bot": False, "first_name": author_name},
            "reply_to_message": forwarded,
            "message_thread_id": 1000 + message_id,
        }
        with self._lock:  # kept, so that a reply to it (reply_parameters) finds it
            self.messages[(group_id, comment_id)] = comment
        return self.build_update({"message": comment}, token)


def _public(msg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in msg.items() if not k.startswith("_")}
