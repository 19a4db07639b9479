"""Acceptance: the print edition, checked with poppler's own tools."""

import re
import subprocess

import pytest
from wagtail.models import Site
from wagtail.rich_text import RichText

from lantoa.bulletin.services.pdf import issue_pdf_render
from lantoa.bulletin.tests.factories import (
    ArticleFactory,
    ImageFactory,
    IssueArticleFactory,
    IssueFactory,
)
from lantoa.core.testing import require_tool

TITLES = [
    ("Thời sự", "Đại hội đại biểu Công đoàn Dầu khí"),
    ("", "Người lao động vượt nắng gió ở giàn"),
    ("Đời sống", "Bữa ăn ca đủ chất cho thợ khoan"),
    ("Đời sống", "Những người thợ lặn giữ dòng dầu chảy"),
    ("Gương sáng", "Kỹ sư trẻ với sáng kiến tiết kiệm ữ ự"),
]
PARAGRAPH = (
    "Trong những năm qua, tổ chức công đoàn các cấp đã chủ động phối hợp với chuyên môn chăm lo "
    "việc làm, thu nhập và điều kiện làm việc cho người lao động; đầu tư trang thiết bị bảo hộ, "
    "tổ chức khám sức khỏe định kỳ, thăm hỏi gia đình đoàn viên có hoàn cảnh khó khăn. "
)


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


@pytest.fixture
def rendered(tree, bulletin, tmp_path):
    site_root = Site.objects.get(is_default_site=True).root_page  # articles with an address
    issue = IssueFactory(
        bulletin=bulletin,
        number=10,
        year=2023,
        title="Lan tỏa tinh thần Tháng Công nhân",
        cover_image=ImageFactory(),
    )
    for n, (section, title) in enumerate(TITLES):
        paragraphs = 2 if n % 2 else 14  # long ones fill two columns, short ones one
        body = [("text", RichText("".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))))]
        if n == 2:
            body.insert(
                0, ("quote", {"quote": "Người lao động là trung tâm.", "attribution": "Chủ tịch"})
            )
        IssueArticleFactory(
            issue=issue,
            section=section,
            sort_order=n,
            page=ArticleFactory(
                unit=tree.unit,
                title=title,
                body=body,
                hero_image=ImageFactory(),
                parent=site_root,
            ),
        )
    # One picture lost from storage: the issue still renders, with a placeholder.
    lost = issue.articles.get(sort_order=3).page.specific.hero_image
    lost.file.storage.delete(lost.file.name)
    issue = issue_pdf_render(issue_id=issue.pk)
    path = tmp_path / "issue.pdf"
    path.write_bytes(issue.pdf.read())
    return issue, path


def _page_texts(path, pages: int) -> list[str]:
    return [
        _run("pdftotext", "-layout", "-f", str(p), "-l", str(p), str(path), "-")
        for p in range(1, pages + 1)
    ]


def test_titles_are_extracted_exactly(rendered):
    require_tool("pdftotext", "the PDF acceptance test reads the text back")
    _issue, path = rendered
    text = _run("pdftotext", str(path), "-")
    for _, title in TITLES:
        assert title in text
    assert "Lan tỏa tinh thần Tháng Công nhân" in text
    assert "Bản tin Công đoàn PV GAS" in text
    assert "Ảnh không có sẵn" in text  # the lost picture's placeholder


def test_fonts_are_embedded_from_the_font_packages(rendered):
    require_tool("pdffonts", "the PDF acceptance test lists the fonts")
    _, path = rendered
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    assert lines, "no fonts in the PDF"
    names = {line.split()[0].split("+")[-1] for line in lines}
    # Only the @font-face families, whose files come from the font packages: no
    # system font stood in for a missing glyph.
    assert names == {"Lantoa-Sans", "Lantoa-Sans-Bold", "Lantoa-Sans-Italic", "Lantoa-Serif-Bold"}
    for line in lines:
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), line


def test_page_count_and_table_of_contents_match(rendered):
    require_tool("pdfinfo", "the PDF acceptance test counts pages")
    issue, path = rendered
    pages = int(re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", str(path)), re.M).group(1))
    assert pages == issue.pdf_pages
    texts = _page_texts(path, pages)
    # Every page but the cover has a running footer "Trang N/M".
    for n, text in enumerate(texts, start=1):
        assert f"Trang {n}/{pages}" in text
    toc = texts[1]
    assert "Mục lục" in toc
    for _, title in TITLES:
        listed = int(re.search(re.escape(title) + r"[ .]+(\d+)\s*$", toc, re.M).group(1))
        found = next(n for n, t in enumerate(texts[2:], start=3) if title in t)
        assert listed == found, title
    assert pages >= 2 + len(TITLES)  # cover, contents, one page or more per article


def test_links_point_at_the_public_address(rendered):
    """The printed addresses (the issue online, the archive, each article's full
    text) start with the site's public address, never with localhost."""
    require_tool("pdftotext", "the PDF acceptance test reads the text back")
    issue, path = rendered
    text = _run("pdftotext", "-raw", str(path), "-")
    flat = re.sub(r"\s+", "", text)
    base = "https://congdoan.example.vn"
    slug = issue.bulletin.unit.slug
    assert f"Đọctrựctuyến:{base}/ban-tin/{slug}/2023/10/" in flat
    assert f"Cácsốđãpháthành:{base}/ban-tin/{slug}/" in flat
    assert flat.count(f"Đọcbảnđầyđủ:{base}/") == len(TITLES)
    assert "localhost" not in text
    assert "127.0.0.1" not in text
