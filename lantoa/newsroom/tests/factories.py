"""Factories of the newsroom. Demo content and tests build pages the same way."""

import datetime as dt
import io
import os

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from wagtail.models import Page

from lantoa.newsroom.models import (
    AlbumPhoto,
    ArticlePage,
    Feedback,
    PhotoAlbum,
    SectionIndex,
    TopicHub,
    UnitSiteHome,
    WebsiteLink,
)
from lantoa.org.tests.factories import OrgUnitFactory


def png_bytes(width: int = 320, height: int = 200, color: str = "#a3111a") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def noisy_png(width: int, height: int) -> bytes:
    """A PNG that does not compress: random pixels."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Ảnh {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(png_bytes(), name="anh.png"))


class UnitSiteHomeFactory(wagtail_factories.PageFactory):
    """`UnitSiteHomeFactory(unit=u)` puts the home under Wagtail's root page."""

    class Meta:
        model = UnitSiteHome

    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.LazyAttribute(lambda o: o.unit.name)
    slug = factory.LazyAttribute(lambda o: o.unit.slug)
    parent = factory.LazyFunction(Page.get_first_root_node)
    live = True


class SectionIndexFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionIndex

    title = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")
    show_in_menus = True
    live = True


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Tin bài số {n}")
    slug = factory.Sequence(lambda n: f"tin-bai-so-{n}")
    lead = "Sapo của tin bài: công đoàn chăm lo đời sống người lao động."
    author = "Phóng viên"
    live = True
    first_published_at = factory.Sequence(
        lambda n: timezone.now() - dt.timedelta(hours=1000) + dt.timedelta(hours=n)
    )
    last_published_at = factory.SelfAttribute("first_published_at")


class PhotoAlbumFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PhotoAlbum

    title = factory.Sequence(lambda n: f"Album ảnh {n}")
    slug = factory.Sequence(lambda n: f"album-anh-{n}")
    live = True
    first_published_at = factory.LazyFunction(timezone.now)


class AlbumPhotoFactory(DjangoModelFactory):
    class Meta:
        model = AlbumPhoto

    image = factory.SubFactory(ImageFactory)
    caption = factory.Sequence(lambda n: f"Chú thích ảnh {n}")
    credit = "Ban Tuyên giáo"


class TopicHubFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TopicHub

    title = "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII"
    slug = "dai-hoi-vii"
    tag = "Đại hội VII"
    live = True


class WebsiteLinkFactory(DjangoModelFactory):
    class Meta:
        model = WebsiteLink

    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"Website số {n}")
    url = factory.Sequence(lambda n: f"https://example{n}.vn/")


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    unit = factory.SubFactory(OrgUnitFactory)
    text = "Đề nghị công đoàn quan tâm thêm đến bữa ăn ca."
