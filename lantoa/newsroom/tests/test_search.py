import pytest
from wagtail.rich_text import RichText

from lantoa.newsroom.selectors import search_articles
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(news):
    news.article.save()  # indexed by the factory's save; saved again for the body
    body = ArticlePageFactory(
        parent=news.section,
        title="Tập huấn kỹ năng viết tin",
        lead="Cán bộ tuyên giáo học cách viết tin.",
        body=[("text", RichText("<p>Chuẩn bị cho đại hội công đoàn cơ sở.</p>"))],
    )
    unrelated = ArticlePageFactory(
        parent=news.section, title="Giải chạy trực tuyến", lead="Thể thao công nhân."
    )
    local_section = SectionIndexFactory(parent=news.unit_home)
    local = ArticlePageFactory(
        parent=local_section,
        title="Đại hội công đoàn cơ sở Khí Vũng Tàu",
        lead="Bầu ban chấp hành.",
    )
    return news, body, unrelated, local


@pytest.mark.parametrize("query", ["dai hoi", "Đại hội", "ĐẠI HỘI", "đai hoi"])
def test_search_ignores_diacritics_and_case(corpus, query):
    news, body, unrelated, local = corpus

    titles = {a.title for a in search_articles(query)}

    assert titles == {news.article.title, body.title, local.title}
    assert unrelated.title not in titles


def test_cong_doan_finds_cong_doan(corpus):
    news, body, _unrelated, local = corpus
    titles = {a.title for a in search_articles("cong doan")}
    assert {news.article.title, local.title, body.title} <= titles


def test_title_matches_rank_above_body_matches(corpus):
    _news, body, _unrelated, _local = corpus

    ranked = [a.title for a in search_articles("dai hoi")]

    assert ranked.index(body.title) == 2  # found only in the body: last


def test_search_is_scoped_to_a_site_unless_global(corpus):
    news, _body, _unrelated, local = corpus

    in_unit_site = {a.title for a in search_articles("dai hoi", within=news.unit_home)}
    in_sibling_site = list(search_articles("dai hoi", within=news.sibling_home))

    assert in_unit_site == {local.title}
    assert in_sibling_site == []


def test_empty_query_finds_nothing(corpus):
    assert list(search_articles("   ")) == []


def test_search_page_is_paginated_and_scoped(client, corpus, settings):
    news, _body, _unrelated, _local = corpus
    for n in range(11):
        ArticlePageFactory(parent=news.section, title=f"Đại hội tổ công đoàn số {n}")

    first = client.get("/tim-kiem/?q=dai+hoi&pham-vi=tat-ca").content.decode()
    second = client.get("/tim-kiem/?q=dai+hoi&pham-vi=tat-ca&trang=2").content.decode()
    local_only = client.get(f"{news.unit_home.url}tim-kiem/?q=dai+hoi").content.decode()

    assert "Tìm thấy 14 kết quả cho “dai hoi”." in first
    assert first.count('class="search-results__title"') == 10
    assert second.count('class="search-results__title"') == 4
    assert 'rel="next"' in first
    assert "Tìm thấy 1 kết quả" in local_only
    assert '<meta name="robots" content="noindex, follow">' in first


def test_unpublished_articles_are_not_found(corpus):
    _news, _body, _unrelated, local = corpus
    local.unpublish()
    assert local.title not in {a.title for a in search_articles("dai hoi")}


def test_only_the_newest_matches_are_ranked_and_counted(corpus, monkeypatch):
    """A word found everywhere: the newest SEARCH_CANDIDATES matches, ranked."""
    from lantoa.newsroom import selectors

    news, body, _unrelated, local = corpus
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 3)
    newest = ArticlePageFactory(parent=news.section, title="Tin mới: đại hội tổ công đoàn")

    hits = search_articles("dai hoi")

    # Four articles match; the three newest are kept (not the fixture's own,
    # the oldest), the two title matches ranked above the body match.
    ranked = [a.title for a in hits]
    assert hits.capped is True
    assert hits.count() == 3
    assert set(ranked[:2]) == {newest.title, local.title}
    assert ranked[2] == body.title
    assert news.article.title not in ranked


def test_a_search_below_the_cap_is_exact(corpus):
    hits = search_articles("dai hoi")
    assert hits.capped is False
    assert hits.count() == 3


def test_search_page_says_more_than_the_cap(client, corpus, monkeypatch):
    from lantoa.newsroom import selectors

    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    monkeypatch.setattr("lantoa.newsroom.views.SEARCH_CANDIDATES", 2)

    page = client.get("/tim-kiem/?q=Đại+hội&pham-vi=tat-ca").content.decode()

    assert "Tìm thấy hơn 2 kết quả cho “Đại hội”; hiển thị 2 tin mới nhất" in page
    assert page.count('class="search-results__title"') == 2
