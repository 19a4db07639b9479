import json
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.rich_text import RichText

from lantoa.core.dates import format_date_line, format_datetime_line
from lantoa.newsroom.tests.factories import (
    AlbumPhotoFactory,
    ArticlePageFactory,
    ImageFactory,
    PhotoAlbumFactory,
    SectionIndexFactory,
    TopicHubFactory,
    WebsiteLinkFactory,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def test_home_shows_date_line_sections_latest_albums_and_links(client, news):
    album = PhotoAlbumFactory(parent=news.root_home, title="Tháng Công nhân")
    AlbumPhotoFactory(album=album)
    album.save()  # the cover defaults to the first photo
    WebsiteLinkFactory(unit=news.tree.root, title="Báo Lao Động", url="https://laodong.vn/")
    older = ArticlePageFactory(
        parent=news.section,
        title="Tin cũ hơn",
        first_published_at=news.article.first_published_at - timezone.timedelta(days=1),
    )

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="date-line">{format_date_line(timezone.now(), "vi")}</p>' in html
    assert ">Tuyên giáo các cấp</a>" in html
    for heading in ("Mới nhất", "Thư viện ảnh", "Liên kết website"):
        assert f">{heading}</h2>" in html
    assert 'href="https://laodong.vn/"' in html
    assert "Tháng Công nhân" in html
    latest = html.split('id="box-latest"')[1].split("</section>")[0]
    assert older.title in latest


def test_public_pages_are_vietnamese_whatever_the_browser_asks(client, news):
    response = client.get(news.article.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert format_datetime_line(news.article.first_published_at, "vi") in html


def test_article_layout(client, news):
    other = ArticlePageFactory(parent=news.section, title="Tin cùng chuyên mục")
    elsewhere = SectionIndexFactory(parent=news.root_home, title="Văn hóa")
    ArticlePageFactory(parent=elsewhere, title="Tin chuyên mục khác")

    response = client.get(news.article.url)

    html = response.content.decode()
    dateline = format_datetime_line(news.article.first_published_at, "vi")
    assert re.fullmatch(
        r"(?:Thứ \w+|Chủ Nhật), \d{1,2}/\d{1,2}/\d{4} \d\d:\d\d \(GMT\+7\)", dateline
    )
    assert f">{dateline}</time>" in html
    assert '<h2 id="feedback-title">Phản hồi</h2>' in html
    assert '<h2 id="other-news-title">Các tin khác</h2>' in html
    other_news = html.split('id="other-news-title"')[1].split("</section>")[0]
    assert other.title in other_news
    assert "Tin chuyên mục khác" not in other_news
    assert '<h2 id="box-latest">Mới nhất</h2>' in html


def test_article_meta_canonical_open_graph_and_json_ld(client, news):
    news.article.hero_image = ImageFactory()
    news.article.title = 'Tiêu đề có </script><b>"ngoặc"</b>'
    news.article.save()

    html = client.get(news.article.url).content.decode()

    url = f"http://127.0.0.1:8000{news.article.url}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(
        r'<meta property="og:image" content="http://127.0.0.1:8000/media/images/[^"]+\.jpg">', html
    ) or re.search(
        r'<meta property="og:image" content="http://127.0.0.1:8000/media/images/[^"]+">', html
    )
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == 'Tiêu đề có </script><b>"ngoặc"</b>'
    assert data["mainEntityOfPage"] == url
    assert data["publisher"]["name"] == "Công đoàn Dầu khí Việt Nam"


def test_body_blocks_render_with_responsive_webp_images(client, news):
    image = ImageFactory(file=ContentFile(png_bytes(1300, 820), name="lon.png"))
    news.article.body = [
        ("text", RichText("<p>Đoạn văn.</p>")),
        ("image", {"image": image, "caption": "Lễ phát động", "credit": "Ban Tuyên giáo", "alt": ""}),
        ("quote", {"quote": "Đoàn kết là sức mạnh.", "attribution": "Chủ tịch"}),
        ("numbers", {"heading": "Con số", "items": [{"value": "100%", "label": "đơn vị"}]}),
        ("video", {"title": "Phim", "video_file": None, "video_url": "https://video.example/v/1",
                   "thumbnail": image, "caption": ""}),
    ]  # fmt: skip
    news.article.save()

    html = client.get(news.article.url).content.decode()

    webp = re.search(r'<source sizes="[^"]+" srcset="([^"]+)" type="image/webp">', html)
    assert webp is not None
    assert [c.split()[1] for c in webp.group(1).split(", ")] == ["480w", "800w", "1200w"]
    assert all(c.split()[0].endswith(".webp") for c in webp.group(1).split(", "))
    assert "Lễ phát động" in html
    assert "Ảnh: Ban Tuyên giáo" in html
    assert "Đoàn kết là sức mạnh." in html
    assert '<strong class="numbers__value">100%</strong>' in html
    # A video link is a plain link over its thumbnail: no oEmbed, no iframe.
    assert 'href="https://video.example/v/1"' in html
    assert "<iframe" not in html


def test_album_has_srcset_captions_credits_and_lightbox(client, news):
    album = PhotoAlbumFactory(parent=news.root_home, title="Giải chạy")
    big = ImageFactory(file=ContentFile(png_bytes(900, 700), name="lon.png"))
    AlbumPhotoFactory(album=album, image=big, caption="Về đích", credit="Nguyễn Văn A")
    AlbumPhotoFactory(album=album, caption="Xuất phát", credit="")

    html = client.get(album.url).content.decode()

    assert html.count("data-lightbox ") == 2
    assert 'data-caption="Về đích"' in html
    assert 'data-credit="Ảnh: Nguyễn Văn A"' in html
    assert '<dialog class="lightbox" id="lightbox"' in html
    assert 'alt="Về đích"' in html
    assert re.search(r'<source sizes="[^"]+" srcset="[^"]+\.webp 400w, [^"]+\.webp 800w"', html)


def test_topic_hub_phases_numbers_documents_and_countdown(client, news):
    today = timezone.localdate()
    news.article.tags.add("Đại hội VII")
    news.article.save()
    hub = TopicHubFactory(
        parent=news.root_home,
        event_at=timezone.now() + timezone.timedelta(days=10, hours=1),
        event_label="khai mạc Đại hội",
        phases=[
            ("phase", {"key": "before", "title": "Trước Đại hội",
                       "starts": today - timezone.timedelta(days=400), "ends": today,
                       "summary": RichText("")}),
            ("phase", {"key": "after", "title": "Sau Đại hội",
                       "starts": today + timezone.timedelta(days=20),
                       "ends": today + timezone.timedelta(days=90), "summary": RichText("")}),
        ],
        numbers=[("numbers", {"heading": "Những con số ấn tượng nhiệm kỳ 2018–2023",
                              "items": [{"value": "62.000", "label": "đoàn viên"}]})],
    )  # fmt: skip

    html = client.get(hub.url).content.decode()

    before = html.split("Trước Đại hội</h2>")[1].split("</section>")[0]
    after = html.split("Sau Đại hội</h2>")[1].split("</section>")[0]
    assert news.article.title in before
    assert "Chưa có tin bài trong giai đoạn này." in after
    assert "Những con số ấn tượng nhiệm kỳ 2018–2023" in html
    assert 'Còn <strong class="countdown__days">10</strong> ngày' in html


def test_unit_sites_nest_under_their_parent_units_site(client, news):
    assert news.unit_home.url == f"/{news.tree.parent.slug}/{news.tree.unit.slug}/"
    response = client.get(news.unit_home.url)
    assert response.status_code == 200
    assert (
        f'<p class="site-name" lang="vi"><a href="{news.unit_home.url}">'
        in response.content.decode()
    )


def test_latest_covers_the_units_whole_subtree(news):
    from lantoa.newsroom.selectors import latest_in_subtree

    grassroots_section = SectionIndexFactory(parent=news.unit_home)
    below = ArticlePageFactory(parent=grassroots_section, title="Tin của công đoàn cơ sở")
    sibling_section = SectionIndexFactory(parent=news.sibling_home)
    ArticlePageFactory(parent=sibling_section, title="Tin của đơn vị anh em")

    titles = [a.title for a in latest_in_subtree(news.parent_home)]

    assert below.title in titles
    assert "Tin của đơn vị anh em" in titles  # the sibling is also in PV GAS's subtree
    assert [a.title for a in latest_in_subtree(news.unit_home)] == [below.title]


def test_article_unit_comes_from_its_site(news):
    section = SectionIndexFactory(parent=news.unit_home)
    article = ArticlePageFactory(parent=section)
    assert article.unit_id == news.tree.unit.pk
    assert news.article.unit_id == news.tree.root.pk


def test_unknown_and_draft_pages_are_404(client, news):
    draft = ArticlePageFactory(parent=news.section, live=False, title="Bản nháp")
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.get(draft.url or f"{news.section.url}{draft.slug}/").status_code == 404


def test_section_index_paginates(client, news):
    for _ in range(21):
        ArticlePageFactory(parent=news.section)
    first = client.get(news.section.url)
    second = client.get(news.section.url + "?trang=2")
    assert first.status_code == 200
    assert second.status_code == 200
    assert 'rel="next"' in first.content.decode()
    assert second.content.decode().count('class="card"') == 2
    assert client.get(news.section.url + "?trang=9").status_code == 404


def test_a_unit_site_can_have_its_own_hostname(client, news, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "pvgas.example.vn"]
    Site.objects.create(hostname="pvgas.example.vn", port=80, root_page=news.parent_home)
    section = SectionIndexFactory(parent=news.parent_home, slug="tin-tuc")
    article = ArticlePageFactory(parent=section, slug="tin-pv-gas", title="Tin PV GAS")

    home = client.get("/", HTTP_HOST="pvgas.example.vn")
    page = client.get("/tin-tuc/tin-pv-gas/", HTTP_HOST="pvgas.example.vn")

    assert home.status_code == 200
    assert page.status_code == 200
    assert (
        '<p class="site-name" lang="vi"><a href="/">Công đoàn PV GAS</a></p>'
        in home.content.decode()
    )
    assert '<link rel="canonical" href="http://pvgas.example.vn/tin-tuc/tin-pv-gas/">' in (
        page.content.decode()
    )
    assert article.title in page.content.decode()


def test_section_lists_its_own_and_cross_listed_articles_once(client, news):
    other = SectionIndexFactory(parent=news.root_home, title="An toàn lao động")
    cross = ArticlePageFactory(parent=other, title="Tin đăng ở hai chuyên mục")
    cross.sections.add(news.section, other)
    cross.save_revision().publish()  # both sections are the same unit's: listed at once

    html = client.get(news.section.url).content.decode()

    assert html.count(">Tin đăng ở hai chuyên mục</a>") == 1
    assert html.count(f">{news.article.title}</a>") == 1
