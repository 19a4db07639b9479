"""Facts the newsroom announces to the apps above it and to its own
follow-up work (lantoa/core/events.py; catalogue in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core import events

ARTICLE_PUBLISHED = events.define(
    "newsroom.article_published",
    label=_("Bài viết đã được xuất bản"),
    payload={
        "article_id": "the ArticlePage's id",
        "unit_id": "the id of the unit whose site it is on (null for a page outside unit sites)",
        "revision_id": "the revision that went live",
    },
)
"""An article went live: now, by approval, or at its scheduled time. Keyed
`article:<id>:revision:<revision id>`, so a publication is heard once."""


def article_published_key(article_id: int, revision_id: int | None) -> str:
    return f"article:{article_id}:revision:{revision_id or 0}"


ARTICLE_UNPUBLISHED = events.define(
    "newsroom.article_unpublished",
    label=_("Bài viết đã bị gỡ khỏi trang"),
    payload={
        "article_id": "the ArticlePage's id",
        "unit_id": "the id of the unit whose site it was on (null outside unit sites)",
    },
)
"""A live article was unpublished (by an editor, or at its expiry time)."""
