from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lantoa.core.dates import format_date_line


def site_context(request: HttpRequest) -> dict[str, Any]:
    """The date line at the top of every public page ("Chủ Nhật, 24/11/2024")."""
    language = getattr(request, "LANGUAGE_CODE", "vi")
    return {"today_line": format_date_line(timezone.now(), language)}
