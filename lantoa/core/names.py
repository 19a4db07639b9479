"""People's names in Vietnamese order: family name first.

Django keeps a user's name in `first_name` (given names, "Thị Thu Hà") and
`last_name` (family name, "Nguyễn"; Django's Vietnamese form labels them "Tên"
and "Họ"), and its `get_full_name()` puts them in Western order: "Thị Thu Hà
Nguyễn". Every name Lantoa and Wagtail show comes from `get_full_name()`
(Wagtail's `get_user_display_name` too), so core gives the user model the
Vietnamese order once, at start-up (`CoreConfig.ready`).
"""

from typing import Any


def full_name(first_name: str, last_name: str) -> str:
    """ "Nguyễn" + "Thị Thu Hà" → "Nguyễn Thị Thu Hà"."""
    return " ".join(part for part in (last_name.strip(), first_name.strip()) if part)


def vietnamese_full_name(user: Any) -> str:
    return full_name(user.first_name or "", user.last_name or "")


def use_vietnamese_name_order() -> None:
    from django.contrib.auth import get_user_model

    get_user_model().get_full_name = vietnamese_full_name  # type: ignore[method-assign,assignment]
