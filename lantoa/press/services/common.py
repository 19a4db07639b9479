"""Helpers shared by the press services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lantoa.core.exceptions import InvalidInput
from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.press.choices import Beat


def clean_email(value: str) -> str:
    email = (value or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(f"Địa chỉ e-mail không hợp lệ: {value}") from exc
    return email


def clean_phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise InvalidInput(str(exc)) from exc


def clean_beats(values: Any) -> list[str]:
    beats = list(dict.fromkeys(str(v) for v in values or []))
    unknown = [b for b in beats if b not in Beat.values]
    if unknown:
        raise InvalidInput(f"Mảng đề tài không có trong danh mục: {', '.join(unknown)}")
    return beats


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}
