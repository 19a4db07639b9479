import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from lantoa.newsroom.blocks import VideoBlock, clean_rich_text
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.tests.factories import ImageFactory

ATTACKS = [
    '<p>Xin chào<script>alert("x")</script></p>',
    '<p><img src="x" onerror="alert(1)">ảnh</p>',
    '<p><a href="javascript:alert(1)">bấm</a></p>',
    '<p onclick="alert(1)" style="color:red">đoạn</p>',
    "<iframe src='https://evil.example'></iframe><p>khung</p>",
    '<p><a href="https://laodong.vn/" onmouseover="alert(1)">Lao Động</a></p>',
]


@pytest.mark.parametrize("html", ATTACKS)
def test_clean_rich_text_strips_scripts_handlers_and_js_urls(html):
    cleaned = clean_rich_text(html).lower()
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<iframe", "onmouseover"):
        assert dangerous not in cleaned


def test_safe_links_and_text_survive():
    cleaned = clean_rich_text('<p>Báo <a href="https://laodong.vn/">Lao Động</a> <b>đậm</b></p>')
    assert cleaned == '<p>Báo <a href="https://laodong.vn/">Lao Động</a> <b>đậm</b></p>'


@pytest.mark.django_db
def test_article_rendering_neutralises_xss_stored_by_code(client, news):
    news.article.body = [("text", RichText("".join(ATTACKS)))]
    news.article.save_revision().publish()

    stored = ArticlePage.objects.get(pk=news.article.pk).body.raw_data[0]["value"]
    html = client.get(news.article.url).content.decode()
    body = html.split('class="article__body"')[1].split("</div>")[0].lower()

    assert "<script" not in stored.lower()
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<iframe", "onmouseover"):
        assert dangerous not in body
    assert "xin chào" in body
    assert 'href="https://laodong.vn/"' in body


@pytest.mark.django_db
def test_video_needs_exactly_one_source():
    block = VideoBlock()
    thumbnail = ImageFactory()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Phim", "thumbnail": thumbnail.pk}))
    value = block.clean(
        block.to_python(
            {"title": "Phim", "thumbnail": thumbnail.pk, "video_url": "https://video.example/1"}
        )
    )
    assert value["video_url"] == "https://video.example/1"
