"""Wagtail's image tags (`image`, `srcset_image`, `picture`, `image_url`), parsed once.

Wagtail's nodes build their `Filter` objects again on every render: for a
`{% picture … format-{webp,jpeg} width-{480,800,1200} %}` that is six filters,
each parsing its spec and inspecting its operations' signatures, about a
tenth of an uncached article's CPU (bench/site.py). A template is compiled
once per process, so the filters are built once per node here; Wagtail's own
parsing and rendering are reused unchanged. Load this library instead of
`wagtailimages_tags`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import cached_property
from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

register = template.Library()


class ImageNode(wagtail_tags.ImageNode):
    @cached_property
    def _filter(self) -> Filter:
        return super().get_filter()

    def get_filter(self) -> Filter:
        return self._filter


class _MemoisedFilters:
    @cached_property
    def _filters(self) -> list[Filter]:
        return super().get_filters()  # type: ignore[misc]

    def get_filters(self) -> list[Filter]:
        return self._filters


class SrcsetImageNode(_MemoisedFilters, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(_MemoisedFilters, wagtail_tags.PictureNode):
    pass


_MEMOISED: dict[type, type[wagtail_tags.ImageNode]] = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def image(parser: Any, token: Any) -> template.Node:
    """Wagtail's parser (same syntax and errors), returning a memoising node."""
    node = wagtail_tags.image(parser, token)
    return _MEMOISED[type(node)](
        node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs
    )


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
register.simple_tag(wagtail_tags.image_url, name="image_url")
