"""The one interface every platform adapter implements.

Adding a platform means one module here (a subclass of `Adapter`, registered
in `registry.py`) and one fake under `devstack/fakes/`.
"""

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


class ErrorKind(enum.Enum):
    TRANSIENT = "transient"  # 5xx, timeouts before sending, rate limits: retry later
    PERMANENT = "permanent"  # content rejected, permission missing: fail with the message
    AUTH = "auth"  # token invalid or revoked: the channel is broken
    UNCERTAIN = "uncertain"  # the request may have reached the platform: reconcile


class ChannelError(Exception):
    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        code: str = "",
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code
        self.http_status = http_status
        self.retry_after = retry_after


@dataclass(frozen=True)
class MediaItem:
    kind: str  # "image" | "video"
    path: Path
    name: str
    content_type: str
    size: int
    caption: str = ""


@dataclass(frozen=True)
class PostContent:
    """What to publish, independent of any platform."""

    text: str
    link: str = ""
    media: Sequence[MediaItem] = ()


@dataclass(frozen=True)
class RenderedPost:
    """What one platform will receive: text already shaped to its rules."""

    text: str
    link: str = ""
    media: Sequence[MediaItem] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    url: str = ""


@dataclass(frozen=True)
class AccountInfo:
    external_id: str
    name: str
    followers: int | None = None


@dataclass(frozen=True)
class PostMetrics:
    external_id: str
    reach: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None


@dataclass(frozen=True)
class InboundComment:
    external_id: str
    post_external_id: str
    text: str
    author_ref: str
    author_name: str = ""
    parent_external_id: str = ""
    created_at: float | None = None  # Unix time from the platform
    kind: str = ""  # "comment" | "reply" | "message"; derived from the ids when empty
    is_hidden: bool = False  # hidden by the Page, or removed by its author
    account_external_id: str = ""  # the Page/OA it was sent to, when one endpoint serves many


class Problem(str):
    """One reason a platform would refuse a post: the Vietnamese message people
    read (it *is* the string, so forms and previews show it as before) and a
    stable `code` for programs (the API's `post_rejected` answer lists both)."""

    code: str

    def __new__(cls, code: str, message: str) -> "Problem":
        problem = super().__new__(cls, message)
        problem.code = code
        return problem


@dataclass(frozen=True)
class Limits:
    max_text: int
    max_images: int
    supports_video: bool
    max_image_bytes: int
    max_video_bytes: int
    can_delete: bool = True
    can_find_by_marker: bool = False
    # The platform's rate limits as (count, seconds), which outbox workers keep
    # to across processes (services/pacing.py): per sender (`Adapter.sender_key`:
    # a Telegram bot, a Zalo app) and per channel; None where none is published.
    sender_rate: tuple[int, float] | None = None
    account_rate: tuple[int, float] | None = None
    # Calls to this platform one outbox worker process has in flight at most.
    max_in_flight: int = 64


@dataclass(frozen=True)
class Account:
    """The adapter's view of a channel account: no ORM object crosses the line."""

    platform: str
    external_id: str
    credentials: Mapping[str, Any] = field(repr=False)  # secrets: never in a log line
    base_url: str
    # Set by the service layer where the platform's tokens can be renewed (Zalo OA):
    # called with the access token the platform refused, it renews the token (once,
    # under a row lock) and updates `credentials` in place, or raises ChannelError.
    renew: Callable[[str], None] | None = field(default=None, compare=False, repr=False)


def add_marker(link: str, marker: str) -> str:
    """Append `lt=<marker>` to a link (keeps other query parameters)."""
    if not link:
        return link
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lt"]
    query.append(("lt", marker))
    return urlunsplit(parts._replace(query=urlencode(query)))


class Adapter:
    platform: ClassVar[str]
    limits: ClassVar[Limits]
    # How old a signed webhook timestamp may be (seconds), where the platform signs
    # one (`webhook_signed_at`): longer than the platform's own retries, so that a
    # late retry still counts, far shorter than a replayed capture's age.
    webhook_max_age: ClassVar[float | None] = None
    # The credentials key of a secret we generate and give the platform when the
    # webhook is registered (Telegram's `secret_token`), or "" when it has none.
    webhook_secret_key: ClassVar[str] = ""

    def validate(self, content: PostContent, account: Account | None = None) -> list[str]:
        """Everything this platform would refuse (`Problem`s: Vietnamese message and
        stable code). With the `account`, also what depends on the channel's own
        settings (a Zalo OA's default cover): the composer's preview, the API and
        the scheduler all ask here, so a post the preview accepts is not refused
        at send time for a rule it did not check."""
        errors: list[str] = []
        images = [m for m in content.media if m.kind == "image"]
        videos = [m for m in content.media if m.kind == "video"]
        rendered_length = len(self.render(content, marker="x" * 12).text)
        if rendered_length > self.limits.max_text:
            errors.append(
                Problem(
                    "text_too_long",
                    f"Nội dung dài {rendered_length} ký tự, vượt giới hạn "
                    f"{self.limits.max_text} ký tự.",
                )
            )
        if len(images) > self.limits.max_images:
            errors.append(
                Problem("too_many_images", f"Tối đa {self.limits.max_images} ảnh cho mỗi bài đăng.")
            )
        if videos and not self.limits.supports_video:
            errors.append(
                Problem("video_not_supported", "Nền tảng này không hỗ trợ đăng video qua API.")
            )
        if len(videos) > 1 or (videos and images):
            errors.append(
                Problem("one_video_only", "Mỗi bài đăng chỉ có một video và không kèm ảnh.")
            )
        for item in images:
            if item.size > self.limits.max_image_bytes:
                errors.append(
                    Problem(
                        "image_too_large",
                        f"Ảnh «{item.name}» quá lớn "
                        f"(tối đa {self.limits.max_image_bytes // 2**20} MB).",
                    )
                )
        for item in videos:
            if item.size > self.limits.max_video_bytes:
                errors.append(
                    Problem(
                        "video_too_large",
                        f"Video «{item.name}» quá lớn "
                        f"(tối đa {self.limits.max_video_bytes // 2**20} MB).",
                    )
                )
        return errors

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        text = content.text if not link else f"{content.text}\n\n{link}"
        return RenderedPost(text=text, link=link, media=content.media)

    def sender_key(self, account: Account) -> str:
        """Who the platform counts `limits.sender_rate` against (never a secret)."""
        return account.external_id

    def verify(self, account: Account) -> AccountInfo:
        raise NotImplementedError

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        raise NotImplementedError

    def delete(self, account: Account, external_id: str) -> None:
        raise NotImplementedError

    def find_by_marker(self, account: Account, marker: str) -> PublishResult | None:
        """The post carrying `marker`, or None. Only when limits.can_find_by_marker."""
        raise NotImplementedError

    def fetch_metrics(self, account: Account, external_ids: Sequence[str]) -> list[PostMetrics]:
        return []

    def fetch_account(self, account: Account) -> AccountInfo:
        return self.verify(account)

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        return False

    def webhook_signed_at(self, headers: Mapping[str, str], body: bytes) -> float | None:
        """When the platform says it sent a (verified) webhook request, in Unix
        seconds, read from a timestamp its signature covers; None where it signs
        none. Raises ValueError when a timestamp it always signs is missing or
        unreadable."""
        return None

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        return []
