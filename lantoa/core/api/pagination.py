"""Limit/offset pagination with a hard maximum, shared by every list endpoint.

A list answers `{"count", "limit", "offset", "items"}`. Each endpoint declares
its own `…PageOut(PageOut)` with a typed `items` list (STYLE.md §14: one
output schema per operation).
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import models
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class PageIn(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số mục mỗi trang (1–{MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, description="Bỏ qua bao nhiêu mục đầu tiên.")


class PageOut(Schema):
    count: int = Field(description="Tổng số mục khớp bộ lọc.")
    limit: int
    offset: int


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


def paginate_queryset(queryset: models.QuerySet[M], page: PageIn) -> Page[M]:
    """Two queries (count, then the slice); one when the offset is past the end."""
    count = queryset.count()
    end = page.offset + page.limit
    items = list(queryset[page.offset : end]) if page.offset < count else []
    return Page(count=count, limit=page.limit, offset=page.offset, items=items)
