"""Telegram channel through the Bot API (`/bot<token>/<method>`).

The Bot API cannot list what a bot posted, so a crash between sending and
recording leaves the delivery UNCERTAIN (OUTBOX.md §3), never resent blindly.
"""

import hmac
import json
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import httpx

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
from lantoa.channels.choices import Platform

MAX_TEXT = 4096
MAX_CAPTION = 1024


class TelegramAdapter(Adapter):
    platform = Platform.TELEGRAM_CHANNEL
    limits = Limits(
        max_text=MAX_TEXT,
        max_images=10,
        supports_video=True,
        max_image_bytes=10 * 2**20,
        max_video_bytes=50 * 2**20,
        can_delete=True,
        can_find_by_marker=False,
        # ~30 messages/s per bot across chats, ~1/s per chat (short bursts allowed).
        sender_rate=(30, 1.0),
        account_rate=(1, 1.0),
    )
    # Telegram signs nothing: it echoes the `secret_token` given to setWebhook in
    # `X-Telegram-Bot-Api-Secret-Token`. Lantoa generates it (services/inbound.py).
    webhook_secret_key = "webhook_secret"  # noqa: S105 - the name of a credentials key

    def validate(self, content: PostContent, account: Account | None = None) -> list[str]:
        errors = super().validate(content, account)
        if content.media:
            caption = len(self.render(content, marker="x" * 12).text)
            if caption > MAX_CAPTION:
                errors.append(
                    Problem(
                        "caption_too_long",
                        f"Bài có ảnh/video: chú thích dài {caption} ký tự, "
                        f"Telegram chỉ nhận {MAX_CAPTION}.",
                    )
                )
        return errors

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        text = content.text.strip()
        if link:
            text = f"{text}\n\n{link}"
        return RenderedPost(text=text, link=link, media=tuple(content.media))

    def sender_key(self, account: Account) -> str:
        # The bot's id: the part of its token before the colon (public, unlike the rest).
        return str(account.credentials.get("bot_token", "")).partition(":")[0] or "?"

    # -- calls -------------------------------------------------------------

    def _url(self, account: Account, method: str) -> str:
        token = account.credentials.get("bot_token", "")
        return f"{account.base_url.rstrip('/')}/bot{token}/{method}"

    def _call(
        self, account: Account, method: str, data: Mapping[str, Any], files: Any = None
    ) -> Any:
        if files:
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
            response = http.request("POST", self._url(account, method), data=form, files=files)
        else:
            response = http.request("POST", self._url(account, method), json=dict(data))
        return self._result(response)

    def _result(self, response: httpx.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 200 and body.get("ok"):
            return body["result"]
        code = int(body.get("error_code") or response.status_code)
        description = str(body.get("description") or response.reason_phrase)
        params = body.get("parameters") or {}
        if code == 429:
            retry = params.get("retry_after") or http.retry_after_header(response) or 5
            raise ChannelError(
                ErrorKind.TRANSIENT,
                description,
                code="429",
                http_status=429,
                retry_after=float(retry),
            )
        if code >= 500:
            raise ChannelError(ErrorKind.TRANSIENT, description, code=str(code), http_status=code)
        if code == 400 and "chat not found" in description.lower():
            # What to do, in Vietnamese, then Telegram's own words (for support).
            raise ChannelError(
                ErrorKind.PERMANENT,
                "Telegram không tìm thấy kênh này: kiểm tra mã kênh (@ten_kenh hoặc -100…) và "
                f"thêm bot làm quản trị viên của kênh. Telegram trả lời: {description}",
                code="chat_not_found",
                http_status=400,
            )
        if code in (401, 404) or (code == 403):
            # Invalid token, or the bot was removed from the channel: a person must fix it.
            raise ChannelError(ErrorKind.AUTH, description, code=str(code), http_status=code)
        raise ChannelError(ErrorKind.PERMANENT, description, code=str(code), http_status=code)

    def verify(self, account: Account) -> AccountInfo:
        self._call(account, "getMe", {})
        chat = self._call(account, "getChat", {"chat_id": account.external_id})
        count = self._call(account, "getChatMemberCount", {"chat_id": account.external_id})
        return AccountInfo(
            external_id=str(chat.get("id", account.external_id)),
            name=str(chat.get("title") or chat.get("username") or account.external_id),
            followers=int(count) if isinstance(count, int) else None,
        )

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        chat = account.external_id
        media = list(post.media)
        if not media:
            result = self._call(account, "sendMessage", {"chat_id": chat, "text": post.text})
            return self._published(chat, result)
        with ExitStack() as stack:
            files = {
                f"file{i}": (m.name, stack.enter_context(m.path.open("rb")), m.content_type)
                for i, m in enumerate(media)
            }
            if len(media) == 1:
                item = media[0]
                method, field = (
                    ("sendVideo", "video") if item.kind == "video" else ("sendPhoto", "photo")
                )
                data = {"chat_id": chat, "caption": post.text}
                result = self._call(account, method, data, files={field: files["file0"]})
                return self._published(chat, result)
            group = [
                {"type": "video" if m.kind == "video" else "photo", "media": f"attach://file{i}"}
                for i, m in enumerate(media)
            ]
            group[0]["caption"] = post.text
            result = self._call(
                account, "sendMediaGroup", {"chat_id": chat, "media": group}, files=files
            )
        return self._published(chat, result[0] if isinstance(result, list) else result)

    def _published(self, chat: str, message: Mapping[str, Any]) -> PublishResult:
        message_id = str(message["message_id"])
        username = (message.get("chat") or {}).get("username")
        if username:
            url = f"https://t.me/{username}/{message_id}"
        else:
            url = f"https://t.me/c/{str(chat).removeprefix('-100')}/{message_id}"
        return PublishResult(external_id=message_id, url=url)

    def delete(self, account: Account, external_id: str) -> None:
        self._call(
            account,
            "deleteMessage",
            {"chat_id": account.external_id, "message_id": int(external_id)},
        )

    def reply_to_comment(
        self, account: Account, external_id: str, text: str, *, parent_external_id: str = ""
    ) -> str:
        """Answer a comment where it was written: the channel's discussion group,
        as a reply to it (`sendMessage` with `reply_parameters`). `external_id` is
        "<chat id>:<message id>" as `parse_webhook` makes it. Returns the same form."""
        chat_id, _, message_id = external_id.rpartition(":")
        if not chat_id or not message_id.isdigit():
            raise ChannelError(
                ErrorKind.PERMANENT,
                f"Không xác định được tin nhắn Telegram «{external_id}» để trả lời.",
                code="bad_message_id",
            )
        result = self._call(
            account,
            "sendMessage",
            {
                "chat_id": int(chat_id),
                "text": text,
                "reply_parameters": {"message_id": int(message_id)},
            },
        )
        return f"{chat_id}:{result['message_id']}"

    def delete_comment(self, account: Account, external_id: str) -> None:
        """Delete a comment in the channel's discussion group (`deleteMessage`).
        Telegram allows it within 48 hours, to a bot that is an administrator
        of the group with the right to delete messages. `external_id` is
        "<chat id>:<message id>"."""
        chat_id, _, message_id = external_id.rpartition(":")
        if not chat_id or not message_id.isdigit():
            raise ChannelError(
                ErrorKind.PERMANENT,
                f"Không xác định được tin nhắn Telegram «{external_id}» để xoá.",
                code="bad_message_id",
            )
        self._call(
            account, "deleteMessage", {"chat_id": int(chat_id), "message_id": int(message_id)}
        )

    def send_private_message(
        self, account: Account, external_id: str, author_id: str, text: str
    ) -> str:
        """Answer a private message to the bot in the same chat, as a reply
        to it. `external_id` is "<chat id>:<message id>"."""
        return self.reply_to_comment(account, external_id, text)

    # No hide_comment: the Bot API can delete a group message but not hide it.

    def register_webhook(self, account: Account, url: str) -> None:
        """`setWebhook` with our address and the channel's secret, which Telegram
        then sends with every update (1–256 characters of A-Z a-z 0-9 _ -)."""
        secret = str(account.credentials.get(self.webhook_secret_key) or "")
        if not secret:
            raise ChannelError(
                ErrorKind.PERMANENT,
                "Kênh chưa có khoá bí mật webhook.",
                code="no_webhook_secret",
            )
        self._call(account, "setWebhook", {"url": url, "secret_token": secret})

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        expected = str((account.credentials if account else {}).get("webhook_secret", ""))
        given = headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return bool(expected) and hmac.compare_digest(expected, given)

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        update = json.loads(body)
        message = update.get("message") or update.get("edited_message")
        if not message:
            return []
        reply_to = message.get("reply_to_message") or {}
        origin = reply_to.get("forward_origin") or {}
        author = message.get("from") or {}
        return [
            InboundComment(
                external_id=f"{message['chat']['id']}:{message['message_id']}",
                post_external_id=str(
                    origin.get("message_id") or reply_to.get("forward_from_message_id") or ""
                ),
                text=str(message.get("text") or message.get("caption") or ""),
                author_ref=str(author.get("id", "")),
                author_name=" ".join(
                    filter(None, [author.get("first_name"), author.get("last_name")])
                ),
                parent_external_id=str(reply_to.get("message_id") or ""),
                created_at=float(message.get("date") or 0) or None,
                # A reply to the channel post's automatic forward is a top-level comment.
                kind=(
                    "comment"
                    if reply_to.get("is_automatic_forward")
                    else ("reply" if reply_to else "message")
                ),
            )
        ]
