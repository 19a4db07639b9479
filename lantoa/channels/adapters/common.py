"""Small helpers shared by the platform adapters (not part of the adapter interface)."""

from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from lantoa.channels.adapters.base import ChannelError, ErrorKind, MediaItem
from lantoa.core.public_urls import absolute_url


def public_media_url(item: MediaItem) -> str:
    """The public address of an uploaded file, for platforms that fetch media by URL
    (Zalo article images, Viber pictures). The file must be served at MEDIA_URL on the
    site's public base URL; a platform cannot reach a path on our disk."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    try:
        relative = item.path.resolve().relative_to(media_root).as_posix()
    except ValueError:
        relative = item.name
    media_url = str(settings.MEDIA_URL)
    if media_url.startswith(("http://", "https://")):
        return f"{media_url.rstrip('/')}/{relative}"
    return absolute_url(f"/{media_url.strip('/')}/{relative}")


def json_body(response: httpx.Response, platform: str) -> Any:
    """The decoded JSON answer. A 2xx answer that is not JSON means the platform may
    have acted without telling us: that is UNCERTAIN, not an error to retry blindly."""
    try:
        return response.json()
    except ValueError:
        if response.status_code >= 500:
            raise ChannelError(
                ErrorKind.TRANSIENT,
                f"{platform} lỗi máy chủ (HTTP {response.status_code}).",
                code=str(response.status_code),
                http_status=response.status_code,
            ) from None
        if response.status_code >= 300:
            raise ChannelError(
                ErrorKind.PERMANENT,
                f"{platform} từ chối yêu cầu (HTTP {response.status_code}).",
                code=str(response.status_code),
                http_status=response.status_code,
            ) from None
        raise ChannelError(
            ErrorKind.UNCERTAIN,
            f"{platform} trả lời không đọc được (HTTP {response.status_code}).",
            code="bad_answer",
            http_status=response.status_code,
        ) from None


def first_line_and_rest(text: str) -> tuple[str, str]:
    lines = text.strip().splitlines()
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
