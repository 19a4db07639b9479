"""The one interface every platform adapter implements.

Adding a platform means one module here (a subclass of `Adapter`, registered
in `registry.py`) and one fake under `lantoa/channels/fakes/`.
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


@dataclass(frozen=True)
class Limits:
    max_text: int
    max_images: int
    supports_video: bool
    max_image_bytes: int
    max_video_bytes: int
    can_delete: bool = True
    can_find_by_marker: bool = False


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

    def validate(self, content: PostContent) -> list[str]:
        """Vietnamese messages for everything this platform would refuse."""
        errors: list[str] = []
        images = [m for m in content.media if m.kind == "image"]
        videos = [m for m in content.media if m.kind == "video"]
        rendered_length = len(self.render(content, marker="x" * 12).text)
        if rendered_length > self.limits.max_text:
            errors.append(
                f"Nội dung dài {rendered_length} ký tự, vượt giới hạn {self.limits.max_text} ký tự."
            )
        if len(images) > self.limits.max_images:
            errors.append(f"Tối đa {self.limits.max_images} ảnh cho mỗi bài đăng.")
        if videos and not self.limits.supports_video:
            errors.append("Nền tảng này không hỗ trợ đăng video qua API.")
        if len(videos) > 1 or (videos and images):
            errors.append("Mỗi bài đăng chỉ có một video và không kèm ảnh.")
        for item in images:
            if item.size > self.limits.max_image_bytes:
                errors.append(
                    f"Ảnh «{item.name}» quá lớn (tối đa {self.limits.max_image_bytes // 2**20} MB)."
                )
        for item in videos:
            if item.size > self.limits.max_video_bytes:
                errors.append(
                    f"Video «{item.name}» quá lớn (tối đa {self.limits.max_video_bytes // 2**20} MB)."
                )
        return errors

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        text = content.text if not link else f"{content.text}\n\n{link}"
        return RenderedPost(text=text, link=link, media=content.media)

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

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        return []
