"""The page types of every unit's news website.

The page tree follows the org tree: a unit's site home lives under the site
home of its nearest ancestor unit that has one (the industry union's home is
the root of the default Wagtail Site, at "/"). A Wagtail page permission or
workflow set on a unit's home therefore covers the sites of the units below
it, exactly as an org role at that unit covers its subtree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from lantoa.core.text import search_key
from lantoa.newsroom.blocks import (
    RICH_TEXT_FEATURES,
    ArticleBodyBlock,
    DocumentBlock,
    NumbersBlock,
    PhaseBlock,
)
from lantoa.org.models import OrgUnit

if TYPE_CHECKING:
    from wagtail.images.models import Image

ARTICLES_PER_PAGE = 20


class FoldedSearchField(index.SearchField):
    """Indexes the folded copy of a field ("Đại hội" → "dai hoi").

    Wagtail's database search backend folds no diacritics by itself, and only a
    field named "title" lands in the index's title column, which ranks above
    the body; so the folded copy keeps the name "title" beside the original.
    """

    def get_value(self, obj: Any) -> str:
        return search_key(str(super().get_value(obj) or ""))


# Page.search_fields plus the folded title, which joins the title column.
FOLDED_PAGE_SEARCH_FIELDS = [*Page.search_fields, FoldedSearchField("title", boost=2)]


def _body_text(stream: Any) -> str:
    """Plain text of a StreamField, for search and descriptions."""
    parts: list[str] = []
    for block in stream or []:
        value = block.value
        if block.block_type == "text":
            parts.append(strip_tags(value.source))
        elif block.block_type == "quote":
            parts.extend([value["quote"], value.get("attribution", "")])
        elif block.block_type in {"image", "video", "document"}:
            parts.extend([value.get("caption", "") or "", value.get("title", "") or ""])
        elif block.block_type == "numbers":
            parts.append(value["heading"])
            parts.extend(f"{item['value']} {item['label']}" for item in value["items"])
    return " ".join(p for p in parts if p)


class NewsPage(Page):
    """Abstract base: what every public newsroom page offers its templates."""

    # Foreign keys fetched together with the page when it is routed to.
    route_select_related: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def seo_description(self) -> str:
        return self.search_description or ""

    def get_view_restrictions(self) -> Any:
        """Skip Wagtail's two queries per request when nothing above is restricted."""
        from lantoa.newsroom.selectors import restricted_paths

        if not any(self.path.startswith(p) for p in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantoa.newsroom.selectors import site_chrome

        context = super().get_context(request, *args, **kwargs)
        context.update(site_chrome(self))
        return context


class FeedRoutesMixin(RoutablePageMixin):
    """RSS 2.0 at `rss/` and Atom at `atom/` for a site home or a section."""

    @path("rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        from lantoa.newsroom.feeds import feed_response

        return feed_response(request, self, kind="rss")

    @path("atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        from lantoa.newsroom.feeds import feed_response

        return feed_response(request, self, kind="atom")


class UnitSiteHome(FeedRoutesMixin, NewsPage):  # type: ignore[misc]
    """The home page of one unit's website."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="site_home"
    )
    tagline = models.CharField(_("khẩu hiệu"), max_length=200, blank=True)
    about = RichTextField(_("giới thiệu"), blank=True, features=RICH_TEXT_FEATURES)
    # Wagtail groups kept in step with the org roles by services.permissions_sync.
    officer_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    approver_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    parent_page_types = ["wagtailcore.Page", "newsroom.UnitSiteHome"]
    subpage_types = [
        "newsroom.SectionIndex",
        "newsroom.UnitSiteHome",
        "newsroom.TopicHub",
        "newsroom.DocumentLibrary",
        "newsroom.PhotoAlbum",
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        FieldPanel("tagline"),
        FieldPanel("about"),
    ]
    template = "newsroom/unit_site_home.html"
    route_select_related = ("unit",)

    class Meta:
        verbose_name = _("trang chủ đơn vị")
        verbose_name_plural = _("trang chủ đơn vị")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantoa.newsroom.selectors import home_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(home_blocks(self))
        return context

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Resolve the whole path below this home in two queries, not two per level.

        Wagtail's default routing fetches each child, then its specific page,
        level by level. Here the pages on the path are found at once by their
        `url_path` (Wagtail keeps it up to date; indexed by migration 0002),
        as bare rows (a section's slug such as "tin-tuc" recurs in every
        site); the deepest one is then fetched as its own type and routes the
        rest itself (a feed or search route, or a 404).
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{c}/" for c in path_components[:n])
            for n in range(1, len(path_components) + 1)
        ]
        rows = Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).values_list(
            "id", "path", "url_path", "content_type_id"
        )
        by_url = {url_path: (pk, page_path, ct) for pk, page_path, url_path, ct in rows}
        deepest: tuple[int, str, int] | None = None
        consumed = 0
        parent_path = self.path
        home_id = self.pk  # the nearest site home on the way: the page's site
        home_type = ContentType.objects.get_for_model(UnitSiteHome).pk
        for offset, prefix in enumerate(prefixes, start=1):
            row = by_url.get(prefix)
            if row is None or row[1][: -Page.steplen] != parent_path:
                break
            deepest, consumed, parent_path = row, offset, row[1]
            if row[2] == home_type:
                home_id = row[0]
        if deepest is None:
            return super().route(request, path_components)
        model = ContentType.objects.get_for_id(deepest[2]).model_class() or Page
        queryset = model._default_manager.all()
        related = getattr(model, "route_select_related", ())
        if related:
            queryset = queryset.select_related(*related)
        page: Any = queryset.get(pk=deepest[0])
        from lantoa.newsroom.selectors import remember_site_home

        remember_site_home(page, home_id)
        return page.route(request, path_components[consumed:])

    @path("tim-kiem/", name="search")
    def search_view(self, request: HttpRequest) -> HttpResponse:
        from lantoa.newsroom.views import site_search

        return site_search(request, self)

    @path("phan-hoi/", name="feedback")
    def feedback_view(self, request: HttpRequest) -> HttpResponse:
        from lantoa.newsroom.views import site_feedback_form

        return site_feedback_form(request, self)


class SectionIndex(FeedRoutesMixin, NewsPage):  # type: ignore[misc]
    """A section ("chuyên mục") such as "Tuyên giáo các cấp"."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["newsroom.UnitSiteHome"]
    subpage_types = ["newsroom.ArticlePage", "newsroom.PhotoAlbum"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "newsroom/section_index.html"

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    @path("", name="index")
    def index_view(self, request: HttpRequest) -> HttpResponse:
        from lantoa.newsroom.selectors import section_articles

        paginator = Paginator(section_articles(self), ARTICLES_PER_PAGE)
        try:
            number = int(request.GET.get("trang", "1"))
        except ValueError:
            raise Http404 from None
        if number < 1 or number > paginator.num_pages:
            raise Http404
        page_obj = paginator.page(number)
        return self.render(request, context_overrides={"page_obj": page_obj})


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(NewsPage):
    """A news article: title, lead ("sapo"), hero image and a StreamField body."""

    lead = models.TextField(_("sapo"), max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    hero_credit = models.CharField(_("nguồn ảnh"), max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("nội dung"), blank=True)
    author = models.CharField(_("tác giả"), max_length=120, blank=True)
    # The owning unit is that of the site the article lives in (set on save).
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    sections = ParentalManyToManyField(
        "newsroom.SectionIndex",
        verbose_name=_("các chuyên mục khác"),
        blank=True,
        related_name="cross_listed_articles",
    )
    tags = ClusterTaggableManager(verbose_name=_("từ khóa"), through=ArticlePageTag, blank=True)
    is_featured = models.BooleanField(_("tin nổi bật"), default=False)

    parent_page_types = ["newsroom.SectionIndex"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Ảnh đại diện"),
        ),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldPanel("is_featured"),
        FieldPanel("sections"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *FOLDED_PAGE_SEARCH_FIELDS,
        index.SearchField("folded_text"),
        index.FilterField("unit"),
    ]
    template = "newsroom/article_page.html"
    route_select_related = ("hero_image",)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    def folded_text(self) -> str:
        return search_key(f"{self.lead} {_body_text(self.body)}")

    @property
    def seo_description(self) -> str:
        return self.search_description or self.lead

    @property
    def display_date(self) -> dt.datetime:
        return self.first_published_at or self.go_live_at or timezone.now()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.unit_id is None:  # type: ignore[has-type]
            from lantoa.newsroom.selectors import site_home_for

            home = site_home_for(self)
            if home is not None:
                self.unit_id = home.unit_id
        super().save(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantoa.newsroom.selectors import article_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(article_blocks(self, context["site_home"], host=request.get_host()))
        return context


class PhotoAlbum(NewsPage):
    """A photo gallery ("Thư viện ảnh")."""

    intro = models.TextField(_("giới thiệu"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống: dùng ảnh đầu tiên."),
    )

    parent_page_types = ["newsroom.UnitSiteHome", "newsroom.SectionIndex", "newsroom.TopicHub"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        InlinePanel("photos", label=_("ảnh"), min_num=1),
    ]
    search_fields = [*FOLDED_PAGE_SEARCH_FIELDS, index.SearchField("folded_text")]
    template = "newsroom/photo_album.html"
    route_select_related = ("cover_image",)

    class Meta:
        verbose_name = _("album ảnh")
        verbose_name_plural = _("album ảnh")

    def folded_text(self) -> str:
        return search_key(self.intro)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantoa.newsroom.selectors import album_photos

        context = super().get_context(request, *args, **kwargs)
        context["photos"] = album_photos(self)
        return context

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.cover_image_id is None:  # type: ignore[has-type]
            first = next(iter(self.photos.all()), None)
            if first is not None:
                self.cover_image_id = first.image_id
        super().save(*args, **kwargs)


class AlbumPhoto(Orderable):
    album = ParentalKey(PhotoAlbum, on_delete=models.CASCADE, related_name="photos")
    image: models.ForeignKey[Image, Image] = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)
    credit = models.CharField(_("tác giả ảnh"), max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]


class TopicHub(NewsPage):
    """A topic microsite ("chuyên trang") for a big campaign or event."""

    intro = RichTextField(_("giới thiệu"), blank=True, features=RICH_TEXT_FEATURES)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đầu trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tag = models.CharField(
        _("từ khóa lấy tin"),
        max_length=100,
        help_text=_("Các tin bài gắn từ khóa này hiện trên chuyên trang."),
    )
    event_at = models.DateTimeField(_("thời điểm khai mạc"), null=True, blank=True)
    event_label = models.CharField(_("tên sự kiện đếm ngược"), max_length=200, blank=True)
    phases = StreamField([("phase", PhaseBlock())], verbose_name=_("giai đoạn"), blank=True)
    numbers = StreamField([("numbers", NumbersBlock())], verbose_name=_("con số"), blank=True)
    documents = StreamField(
        [("document", DocumentBlock())], verbose_name=_("tài liệu hướng dẫn"), blank=True
    )

    parent_page_types = ["newsroom.UnitSiteHome"]
    subpage_types = ["newsroom.DocumentLibrary", "newsroom.PhotoAlbum"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("tag"),
        MultiFieldPanel(
            [FieldPanel("event_at"), FieldPanel("event_label")], heading=_("Đếm ngược")
        ),
        FieldPanel("phases"),
        FieldPanel("numbers"),
        FieldPanel("documents"),
    ]
    search_fields = FOLDED_PAGE_SEARCH_FIELDS
    template = "newsroom/topic_hub.html"
    route_select_related = ("hero_image",)

    class Meta:
        verbose_name = _("chuyên trang")
        verbose_name_plural = _("chuyên trang")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from lantoa.newsroom.selectors import topic_hub_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(topic_hub_blocks(self))
        return context


class DocumentLibrary(NewsPage):
    """A list of downloadable documents (guidance, resolutions, forms)."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["newsroom.UnitSiteHome", "newsroom.TopicHub"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("items", label=_("tài liệu")),
    ]
    template = "newsroom/document_library.html"

    class Meta:
        verbose_name = _("thư viện tài liệu")
        verbose_name_plural = _("thư viện tài liệu")

    @cached_property
    def item_list(self) -> list[LibraryDocument]:
        return list(self.items.select_related("document").all())


class LibraryDocument(Orderable):
    library = ParentalKey(DocumentLibrary, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tài liệu"), on_delete=models.CASCADE
    )
    title = models.CharField(_("tên hiển thị"), max_length=200, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("description")]

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
