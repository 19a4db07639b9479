"""Image renditions made ahead of the reader: when an image is uploaded and when
a page is published, by the task worker, so that no public page makes one on
its first view (1–4 s per cold page before).

Each use of an image on the public site has its specs here, written exactly
as the templates write them (a rendition is found by its filter spec string);
`tests/test_renditions.py` renders every page type and fails if a template
asks for a rendition this module did not make.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wagtail.images.models import Filter

# newsroom/article_page.html, blocks/image.html, topic_hub.html (hero)
HERO = ("format-{webp,jpeg}", "width-{480,800,1200}")
# includes/card.html, sidebar and hub album lists
CARD = ("format-{webp,jpeg}", "fill-{320x200,640x400}")
# unit_site_home.html (the featured article)
FEATURED = ("format-{webp,jpeg}", "fill-{640x400,960x600,1280x800}")
# photo_album.html and blocks/gallery.html: thumbnails and the lightbox's large copy
PHOTO = ("format-{webp,jpeg}", "fill-{400x300,800x600}")
LARGE = ("max-1600x1200", "format-webp")
# blocks/video.html
POSTER = ("fill-1280x720", "format-jpeg")
# templatetags/newsroom_tags.py (og:image)
OPEN_GRAPH = ("fill-1200x630", "format-jpeg")

# What an upload gets before anyone uses it: a card and an article's hero.
ON_UPLOAD = (CARD, HERO)


def filter_specs(*usages: Iterable[str]) -> list[str]:
    specs: list[str] = []
    for usage in usages:
        for spec in Filter.expand_spec(list(usage)):
            if spec not in specs:
                specs.append(spec)
    return specs


def page_image_uses(page: Any) -> list[tuple[Any, list[str]]]:
    """(image, specs) for every image a published page shows."""
    from lantoa.newsroom.models import ArticlePage, PhotoAlbum, TopicHub

    uses: list[tuple[Any, tuple[tuple[str, ...], ...]]] = []
    if isinstance(page, ArticlePage):
        uses.append((page.hero_image, (HERO, CARD, FEATURED, OPEN_GRAPH)))
        for block in page.body or []:
            value = block.value
            if block.block_type == "image":
                uses.append((value.get("image"), (HERO,)))
            elif block.block_type == "gallery":
                uses += [(item.get("image"), (PHOTO, LARGE)) for item in value.get("images", [])]
            elif block.block_type == "video":
                uses.append((value.get("thumbnail"), (POSTER,)))
    elif isinstance(page, PhotoAlbum):
        uses.append((page.cover_image, (CARD, OPEN_GRAPH)))
        uses += [(photo.image, (PHOTO, LARGE)) for photo in page.photos.all()]
    elif isinstance(page, TopicHub):
        uses.append((page.hero_image, (HERO, OPEN_GRAPH)))
    return [(image, filter_specs(*usages)) for image, usages in uses if image is not None]


def image_renditions_make(image: Any, specs: list[str]) -> int:
    """Make the renditions of `image` that do not exist yet; returns how many
    the image has for `specs` afterwards. Idempotent."""
    return len(image.get_renditions(*specs))
