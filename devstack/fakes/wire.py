"""HTTP request/response values shared by the fakes, and body decoding.

The real platforms accept parameters as a query string, an ``application/x-www-form-urlencoded`` body,
a JSON body or a ``multipart/form-data`` body (file uploads). :func:`decode_body` turns all four into one
flat ``params`` mapping (body wins over query, as it does on the Graph API and the Bot API) plus a
``files`` mapping, so every route can read parameters the same way whatever encoding the client chose.

Multipart is parsed with :mod:`email` rather than the ``cgi`` module, which is deprecated and removed in
Python 3.13.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart body."""

    field: str
    filename: str
    content_type: str
    data: bytes

    def describe(self) -> dict[str, Any]:
        """A JSON-safe summary (the bytes themselves are never logged)."""
        return {
            "field": self.field,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": len(self.data),
        }


@dataclass
class Request:
    """A decoded request as a route sees it."""

    method: str
    path: str
    query: dict[str, str]
    headers: Message
    body: bytes
    params: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    json_body: Any = None
    client: str = ""

    def header(self, name: str, default: str = "") -> str:
        value = self.headers.get(name)
        return default if value is None else str(value)

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass
class Response:
    """What a route answers. ``drop`` means: close the socket without answering."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def json(
        cls, payload: Any, status: int = 200, headers: dict[str, str] | None = None
    ) -> Response:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return cls(status=status, body=data, headers=dict(headers or {}))

    @classmethod
    def html(cls, text: str, status: int = 200) -> Response:
        return cls(
            status=status, body=text.encode("utf-8"), content_type="text/html; charset=utf-8"
        )

    @classmethod
    def text(cls, text: str, status: int = 200) -> Response:
        return cls(
            status=status, body=text.encode("utf-8"), content_type="text/plain; charset=utf-8"
        )

    @classmethod
    def dropped(cls) -> Response:
        return cls(drop=True)


class BodyError(ValueError):
    """The body could not be decoded with the declared content type."""


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BodyError("multipart body without parts")
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[str(name)] = UploadedFile(str(name), filename, part.get_content_type(), payload)
        else:
            charset = part.get_content_charset() or "utf-8"
            params[str(name)] = payload.decode(charset, errors="replace")
    return params, files


def decode_body(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, UploadedFile], Any]:
    """Return ``(params, files, json_body)`` for a request body.

    JSON objects contribute their top-level keys to ``params`` with their JSON types intact
    (``published: true`` stays a bool); form and multipart values are strings, as on the wire.
    """
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, {}, None
    if ctype == "application/json" or (not ctype and body[:1] in (b"{", b"[")):
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BodyError(f"invalid JSON body: {exc}") from exc
        return (dict(parsed) if isinstance(parsed, dict) else {}), {}, parsed
    if ctype == "application/x-www-form-urlencoded":
        return (
            dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)),
            {},
            None,
        )
    if ctype.startswith("multipart/"):
        params, files = _multipart(content_type, body)
        return params, files, None
    return {}, {}, None


def as_bool(value: Any, default: bool = False) -> bool:
    """Interpret a wire boolean (``true``/``false``/``1``/``0`` strings or JSON bools)."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def as_json(value: Any) -> Any:
    """Parameters such as Telegram's ``media`` or Graph's ``attached_media`` arrive either as JSON values
    (JSON bodies) or as JSON text (form bodies). Return the decoded value, or ``value`` unchanged."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
