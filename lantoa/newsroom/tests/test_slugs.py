"""ASCII slugs from Vietnamese titles (đ → d, tones dropped); pages that still
had a Vietnamese slug move to the ASCII one, and their old address redirects."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Page

from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

TITLE = "Công đoàn Dầu khí đồng hành cùng người lao động Đông Nam Bộ"


def test_a_new_article_gets_an_ascii_slug_from_its_title(news):
    article = ArticlePage(title=TITLE, lead="Sapo.")
    news.section.add_child(instance=article)

    assert article.slug == "cong-doan-dau-khi-dong-hanh-cung-nguoi-lao-dong-dong-nam-bo"
    assert article.url == f"/tuyen-giao/{article.slug}/"


def test_a_slug_typed_or_made_by_the_editor_in_vietnamese_becomes_ascii(news):
    # What Wagtail's slug field makes of the title while Unicode slugs are allowed.
    article = ArticlePageFactory(parent=news.section, title=TITLE, slug="công-đoàn-dầu-khí")

    assert article.slug == "cong-doan-dau-khi"
    assert ArticlePage.objects.get(pk=article.pk).url_path.endswith("/cong-doan-dau-khi/")


def test_same_titles_get_numbered_ascii_slugs(news):
    first = ArticlePage(title="Đại hội", lead="Sapo.")
    news.section.add_child(instance=first)
    second = ArticlePage(title="Đại hội", lead="Sapo.")
    news.section.add_child(instance=second)

    assert (first.slug, second.slug) == ("dai-hoi", "dai-hoi-2")


def test_old_vietnamese_addresses_redirect_to_the_ascii_ones(client, news):
    article = ArticlePageFactory(parent=news.section, title=TITLE, slug="placeholder")
    # As stored before: a Unicode slug (served percent-encoded).
    Page.objects.filter(pk=news.section.pk).update(
        slug="tuyên-giáo", url_path=news.section.url_path.replace("tuyen-giao", "tuyên-giáo")
    )
    Page.objects.filter(pk=article.pk).update(
        slug="công-đoàn",
        url_path=news.section.url_path.replace("tuyen-giao", "tuyên-giáo") + "công-đoàn/",
    )
    migration = importlib.import_module("lantoa.newsroom.migrations.0005_ascii_slugs")

    migration.make_slugs_ascii(apps, None)

    article.refresh_from_db()
    assert article.slug == "cong-doan"
    assert article.url == "/tuyen-giao/cong-doan/"
    old = client.get("/tuy%C3%AAn-gi%C3%A1o/c%C3%B4ng-%C4%91o%C3%A0n/")
    assert (old.status_code, old["Location"]) == (301, "/tuyen-giao/cong-doan/")
    old_section = client.get("/tuyên-giáo/")
    assert (old_section.status_code, old_section["Location"]) == (301, "/tuyen-giao/")
    assert client.get("/tuyen-giao/cong-doan/").status_code == 200
