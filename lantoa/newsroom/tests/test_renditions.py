"""Renditions are made when an image is uploaded or a page published, by the
worker: the first reader of a page makes none (cold views took 1–4 s)."""

import pytest
from django.utils import timezone
from wagtail.images import get_image_model

from lantoa.newsroom.renditions import ON_UPLOAD, filter_specs
from lantoa.newsroom.tests.factories import (
    AlbumPhotoFactory,
    ArticlePageFactory,
    ImageFactory,
    PhotoAlbumFactory,
    TopicHubFactory,
)

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()


def test_an_upload_gets_its_card_and_hero_renditions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = ImageFactory()

    assert len(callbacks) == 1
    made = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == set(filter_specs(*ON_UPLOAD))


@pytest.fixture
def published(news, django_capture_on_commit_callbacks):
    """Pages with every kind of picture, published as an editor would."""
    with django_capture_on_commit_callbacks(execute=True):
        hero, inline, shot, poster = (ImageFactory() for _ in range(4))
        article = ArticlePageFactory(
            parent=news.section,
            title="Hội nghị người lao động",
            hero_image=hero,
            body=[
                ("image", {"image": inline, "caption": "Hội nghị"}),
                ("gallery", {"title": "Ảnh", "images": [{"image": shot, "caption": "Một"}]}),
                (
                    "video",
                    {"title": "Clip", "video_url": "https://example.vn/v", "thumbnail": poster},
                ),
            ],
        )
        album = PhotoAlbumFactory(parent=news.root_home, title="Tháng Công nhân")
        for _ in range(2):
            AlbumPhotoFactory(album=album)
        hub = TopicHubFactory(
            parent=news.root_home,
            hero_image=ImageFactory(),
            event_at=timezone.now() + timezone.timedelta(days=20),
        )
        for page in (article, album, hub):
            page.save_revision().publish()
    return news, article, album, hub


def test_the_first_view_of_every_page_makes_no_rendition(client, published):
    news, article, album, hub = published
    before = Rendition.objects.count()
    assert before > 40

    for url in ("/", news.section.url, article.url, album.url, hub.url, "/tim-kiem/?q=hoi+nghi"):
        response = client.get(url)
        assert response.status_code == 200, url
        if url != "/tim-kiem/?q=hoi+nghi":
            assert "/media/images/" in response.content.decode(), url

    made_on_view = list(
        Rendition.objects.order_by("id")[before:].values_list("image__title", "filter_spec")
    )
    assert made_on_view == []
