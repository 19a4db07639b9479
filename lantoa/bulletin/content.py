"""What the bulletin reads from an article page: a small duck-typed protocol.

The bulletin (layer 2) may not import the newsroom (layer 3), so an issue
refers to its articles as `wagtail.models.Page` rows and reads each page's
*specific* object through these attributes, all optional except `title`:

| attribute | used for | fallback |
| --- | --- | --- |
| `title` | headline, table of contents | — |
| `lead` | the lead ("sapo") under the headline | `search_description` |
| `hero_image` (a Wagtail image) | the article's picture | `cover_image`, then the first `image` block of `body` |
| `hero_caption` | caption of that picture | the image block's `caption` |
| `body` (a StreamField) | the text: blocks `text` (rich text), `quote` ({quote, attribution}), `image` ({image, caption}), `numbers` ({heading, items}) | empty |
| `author` | byline | empty |
| `unit` (an `OrgUnit` foreign key) | which unit wrote it; picking and suggestions stay inside the bulletin unit's subtree | the page is not offered |
| `first_published_at`, `live`, `get_full_url()` | date line, suggestions, links | |

Any page model with a `unit` foreign key to `OrgUnit` is offered as material
(the newsroom's `ArticlePage` today). Unknown block types are skipped, never
an error: the bulletin must render whatever the newsroom adds later.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models
from django.utils.html import escape, strip_tags
from wagtail.models import Page, get_page_models
from wagtail.rich_text import expand_db_html

from lantoa.org.public import OrgUnit


@dataclass(frozen=True)
class BodyPart:
    kind: str  # "html", "quote", "image", "numbers"
    html: str = ""
    text: str = ""
    image: Any = None
    caption: str = ""


@dataclass(frozen=True)
class ArticleView:
    page_id: int
    title: str
    lead: str
    image: Any
    image_caption: str
    author: str
    published_at: dt.datetime | None
    url: str
    unit_name: str
    parts: tuple[BodyPart, ...] = field(default=())

    @property
    def text(self) -> str:
        """Plain text of the body (the e-mail's text part, word counts)."""
        return "\n\n".join(p.text for p in self.parts if p.text)


@cache
def article_models() -> tuple[type[Page], ...]:
    """Page models that belong to a unit (have a `unit` FK to OrgUnit)."""
    found = []
    for model in get_page_models():
        try:
            unit_field = model._meta.get_field("unit")
        except Exception:  # noqa: BLE001,S112 - FieldDoesNotExist: not material
            continue
        if isinstance(unit_field, models.ForeignKey) and unit_field.related_model is OrgUnit:
            found.append(model)
    return tuple(found)


def page_unit_path(specific: Any) -> str | None:
    unit = getattr(specific, "unit", None)
    return unit.path if isinstance(unit, OrgUnit) else None


def full_url(page: Any) -> str:
    try:
        url = page.get_full_url()
    except Exception:  # noqa: BLE001 - a page outside any site has no URL; the issue still renders
        url = None
    return str(url) if url else ""


def _first_image(specific: Any) -> tuple[Any, str]:
    for name in ("hero_image", "cover_image"):
        image = getattr(specific, name, None)
        if image is not None:
            return image, str(getattr(specific, "hero_caption", "") or "")
    for block in getattr(specific, "body", None) or []:
        if getattr(block, "block_type", "") == "image":
            value = block.value
            return value.get("image"), str(value.get("caption") or "")
    return None, ""


def _parts(specific: Any, skip_image: Any) -> Iterable[BodyPart]:
    for block in getattr(specific, "body", None) or []:
        kind = getattr(block, "block_type", "")
        value = block.value
        if kind == "text":
            source = getattr(value, "source", str(value))
            html = expand_db_html(source)
            yield BodyPart("html", html=html, text=" ".join(strip_tags(html).split()))
        elif kind == "quote":
            quote, who = str(value.get("quote", "")), str(value.get("attribution", "") or "")
            yield BodyPart(
                "quote",
                html=escape(quote),
                text=f"“{quote}”" + (f" — {who}" if who else ""),
                caption=who,
            )
        elif kind == "image":
            image = value.get("image")
            if image is not None and image != skip_image:
                caption = str(value.get("caption") or "")
                yield BodyPart("image", image=image, caption=caption, text="")
        elif kind == "numbers":
            items = [(str(i["value"]), str(i["label"])) for i in value.get("items", [])]
            rows = "".join(
                f"<li><strong>{escape(v)}</strong> {escape(label)}</li>" for v, label in items
            )
            heading = str(value.get("heading", ""))
            yield BodyPart(
                "numbers",
                html=f"<h4>{escape(heading)}</h4><ul>{rows}</ul>",
                text=heading + "\n" + "\n".join(f"{v} {label}" for v, label in items),
            )


def article_view(page: Page) -> ArticleView:
    """Read one page through the protocol above (no newsroom import)."""
    specific = page.specific
    lead = getattr(specific, "lead", "") or getattr(specific, "search_description", "") or ""
    image, caption = _first_image(specific)
    unit = getattr(specific, "unit", None)
    return ArticleView(
        page_id=page.pk,
        title=str(specific.title),
        lead=str(lead),
        image=image,
        image_caption=caption,
        author=str(getattr(specific, "author", "") or ""),
        published_at=getattr(specific, "first_published_at", None),
        url=full_url(specific),
        unit_name=str(unit) if unit is not None else "",
        parts=tuple(_parts(specific, image)),
    )
