from unittest import mock

import pytest
import wagtail_factories
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images.models import Filter

pytestmark = pytest.mark.django_db

TAGS = [
    '{% picture img format-{webp,jpeg} width-{80,160} sizes="100vw" alt="Ảnh" %}',
    "{% srcset_image img width-{80,160} %}",
    '{% image img fill-40x30 class="thumb" %}',
    "{% picture img width-{80,160} as pic %}{{ pic.renditions.0.url }}",
]


@pytest.mark.parametrize("tag", TAGS)
def test_renders_exactly_as_wagtails_own_tag(tag):
    image = wagtail_factories.ImageFactory()
    ours = Template("{% load lantoa_images %}" + tag).render(Context({"img": image}))
    wagtails = Template("{% load wagtailimages_tags %}" + tag).render(Context({"img": image}))
    assert ours == wagtails
    assert "<img" in ours or ".jpg" in ours or ".webp" in ours


def test_filters_are_built_once_per_template_not_per_render():
    images = [wagtail_factories.ImageFactory() for _ in range(3)]
    template = Template(
        "{% load lantoa_images %}{% for img in images %}"
        "{% picture img format-{webp,jpeg} width-{80,160} %}{% endfor %}"
    )
    template.render(Context({"images": images}))  # renditions exist from here on
    with mock.patch.object(Filter, "__init__", autospec=True, side_effect=Filter.__init__) as init:
        for _ in range(3):
            template.render(Context({"images": images}))
    assert init.call_count == 0

    fresh = Template(
        "{% load lantoa_images %}{% for img in images %}"
        "{% picture img format-{webp,jpeg} width-{80,160} %}{% endfor %}"
    )
    with mock.patch.object(Filter, "__init__", autospec=True, side_effect=Filter.__init__) as init:
        fresh.render(Context({"images": images}))
        fresh.render(Context({"images": images}))
    assert init.call_count == 4  # 2 formats x 2 widths, for the first render only


def test_syntax_errors_are_wagtails():
    with pytest.raises(TemplateSyntaxError, match="at least one filter spec"):
        Template("{% load lantoa_images %}{% picture img %}")


def test_image_url_is_available():
    image = wagtail_factories.ImageFactory()
    with pytest.raises(ImproperlyConfigured, match="requires the wagtailimages_serve view"):
        # Lantoa does not mount the serve view: the tag exists and says so, as Wagtail's does.
        Template("{% load lantoa_images %}{% image_url img 'width-80' %}").render(
            Context({"img": image})
        )
