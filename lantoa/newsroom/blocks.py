"""StreamField blocks of the newsroom: article body, topic hub parts.

Nothing here calls out to the internet at render time: a video is either an
uploaded file or a plain link shown as a thumbnail, never an oEmbed lookup.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def clean_rich_text(html: str, features: list[str] | None = None) -> str:
    """Keep only the elements and attributes the editor allows.

    Wagtail's Draftail editor can only produce clean HTML, but text also arrives
    from scripts, imports and the API, and the `richtext` filter does not clean
    what it renders; so every rich-text value is cleaned when it is stored.
    """
    # Imported here: the admin's rich-text package needs the app registry.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    return EditorHTMLConverter(features=features or RICH_TEXT_FEATURES).whitelister.clean(html)


class SafeRichTextBlock(blocks.RichTextBlock):
    """A rich-text block whose stored value is always whitelisted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> str:
        source = value.source if isinstance(value, RichText) else (value or "")
        return clean_rich_text(source, self.features)

    def normalize(self, value: Any) -> RichText:
        # Values assigned in code (imports, demo data) are cleaned as well.
        source = value.source if isinstance(value, RichText) else (value or "")
        return RichText(clean_rich_text(source, self.features))


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("ảnh"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("nguồn / tác giả ảnh"), required=False, max_length=120)
    alt = blocks.CharBlock(
        label=_("mô tả ảnh cho người khiếm thị"),
        required=False,
        max_length=250,
        help_text=_("Để trống thì dùng chú thích."),
    )

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "newsroom/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("tiêu đề"), required=False, max_length=200)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("ảnh"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Bộ ảnh")
        template = "newsroom/blocks/gallery.html"


class VideoBlock(blocks.StructBlock):
    """An uploaded video file, or a link (YouTube, Facebook…) shown as a thumbnail."""

    title = blocks.CharBlock(label=_("tiêu đề"), max_length=200)
    video_file = DocumentChooserBlock(label=_("tệp video (mp4, webm)"), required=False)
    video_url = blocks.URLBlock(label=_("hoặc đường dẫn video"), required=False)
    thumbnail = ImageChooserBlock(label=_("ảnh đại diện"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "newsroom/blocks/video.html"

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        has_file = bool(value.get("video_file"))
        has_url = bool(value.get("video_url"))
        if has_file == has_url:
            message = _("Chọn một tệp video hoặc nhập một đường dẫn video (chỉ một trong hai).")
            raise StructBlockValidationError(block_errors={"video_url": ValidationError(message)})
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("trích dẫn"))
    attribution = blocks.CharBlock(label=_("người nói"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "newsroom/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("tài liệu"))
    title = blocks.CharBlock(
        label=_("tên hiển thị"), required=False, max_length=200, help_text=_("Để trống: tên tệp.")
    )
    description = blocks.TextBlock(label=_("mô tả"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu")
        template = "newsroom/blocks/document.html"


class NumberItemBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("con số"), max_length=40, help_text=_("Ví dụ: 1.250"))
    label = blocks.CharBlock(label=_("nội dung"), max_length=160)


class NumbersBlock(blocks.StructBlock):
    """ "Những con số ấn tượng": a heading and a grid of figures."""

    heading = blocks.CharBlock(label=_("tiêu đề"), max_length=200)
    items = blocks.ListBlock(NumberItemBlock(), label=_("các con số"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Con số ấn tượng")
        template = "newsroom/blocks/numbers.html"


class ArticleBodyBlock(blocks.StreamBlock):
    text = SafeRichTextBlock(label=_("Văn bản"))
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    numbers = NumbersBlock()

    class Meta:
        block_counts: dict[str, dict[str, int]] = {}


class PhaseBlock(blocks.StructBlock):
    """One phase of a topic hub (before / during / after the congress)."""

    key = blocks.ChoiceBlock(
        label=_("giai đoạn"),
        choices=[
            ("before", _("Trước Đại hội")),
            ("during", _("Trong Đại hội")),
            ("after", _("Sau Đại hội")),
        ],
    )
    title = blocks.CharBlock(label=_("tiêu đề"), max_length=200)
    summary = SafeRichTextBlock(label=_("tóm tắt"), required=False)
    starts = blocks.DateBlock(label=_("từ ngày"))
    ends = blocks.DateBlock(label=_("đến ngày"))

    class Meta:
        icon = "date"
        label = _("Giai đoạn")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value["ends"] < value["starts"]:
            raise StructBlockValidationError(
                block_errors={"ends": ValidationError(_("Ngày kết thúc trước ngày bắt đầu."))}
            )
        return value
