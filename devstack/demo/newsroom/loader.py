"""Demo content of the newsroom: sites, sections, articles, albums, links, the
congress topic hub. Idempotent: what exists (by slug or title) is kept.

Works on whatever tree `load_demo` built: the industry union (depth 1) gets
the main site at "/", and its first few direct unions get sites below it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.rich_text import RichText

from devstack.demo import DEMO_ACTOR
from devstack.demo.newsroom import content
from devstack.demo.newsroom.images import demo_pdf, demo_picture
from lantoa.core.exceptions import NotFound
from lantoa.core.text import vietnamese_slugify
from lantoa.newsroom.models import (
    AlbumPhoto,
    ArticlePage,
    DocumentLibrary,
    LibraryDocument,
    PhotoAlbum,
    SectionIndex,
    TopicHub,
    UnitSiteHome,
    WebsiteLink,
)
from lantoa.newsroom.services import newsroom_permissions_sync, unit_site_create
from lantoa.org.models import OrgUnit

Image = get_image_model()
Document = get_document_model()


class DemoLoader:
    def __init__(self, *, max_unit_sites: int = 6, log: Callable[[str], None] | None = None):
        self.max_unit_sites = max_unit_sites
        self.log = log or (lambda message: None)
        self.counts: Counter[str] = Counter()
        self.now = timezone.now()
        self._images: dict[str, Any] = {}

    # ------------------------------------------------------------- helpers

    def image(self, label: str, seed: int) -> Any:
        title = f"Ảnh minh họa: {label} ({seed})"
        if title in self._images:
            return self._images[title]
        image = Image.objects.filter(title=title).first()
        if image is None:
            name = f"{vietnamese_slugify(label)}-{seed}.jpg"
            image = Image(title=title, file=ContentFile(demo_picture(label, seed), name=name))
            image.save()
            self.counts["images"] += 1
        self._images[title] = image
        return image

    def document(self, title: str, lines: list[str]) -> Any:
        document = Document.objects.filter(title=title).first()
        if document is None:
            name = f"{vietnamese_slugify(title)[:60]}.pdf"
            document = Document(title=title, file=ContentFile(demo_pdf(title, lines), name=name))
            document.save()
            self.counts["documents"] += 1
        return document

    def child(self, parent: Page, model: type[Page], slug: str, **fields: Any) -> tuple[Any, bool]:
        """The live child `slug` of `parent`, created and published if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing, False
        tags = fields.pop("tags", None)
        page = model(slug=slug, **fields)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        self.counts[model.__name__] += 1
        return model.objects.get(pk=page.pk), True

    def backdate(self, page: Page, days_ago: float, hour: int = 8) -> None:
        local = timezone.localtime(self.now - dt.timedelta(days=days_ago))
        when = local.replace(hour=hour, minute=(page.pk * 7) % 60, second=0, microsecond=0)
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when
        )

    # ---------------------------------------------------------------- load

    @transaction.atomic
    def load(self) -> Counter[str]:
        root = OrgUnit.objects.filter(depth=1, is_active=True).order_by("path").first()
        if root is None:
            raise NotFound("Chưa có đơn vị nào: hãy chạy `manage.py load_demo` trước.")
        self._drop_welcome_page()
        root_home = unit_site_create(
            actor=DEMO_ACTOR,
            unit=root,
            tagline="Vì việc làm, thu nhập và an toàn của người lao động",
        )
        sections = self.sections(root_home, content.ROOT_SECTIONS)
        hub = self.topic_hub(root_home)
        for index, spec in enumerate(content.ROOT_ARTICLES):
            self.article(sections[spec["section"]], spec, seed=index)
        self.scheduled_article(sections["tin-tuc-su-kien"])
        for index, (slug, title, label, count) in enumerate(content.ALBUMS):
            parent = hub if label == content.CONGRESS_TAG else root_home
            self.album(parent, slug, title, label, count, seed=100 + index * 10)
        self.links(root)

        directs = list(
            root.get_children()
            .filter(is_active=True)
            .order_by("sort_order", "path")[: self.max_unit_sites]
        )
        unit_homes: list[tuple[UnitSiteHome, dict[str, SectionIndex]]] = []
        for number, unit in enumerate(directs):
            home = unit_site_create(
                actor=DEMO_ACTOR, unit=unit, tagline=f"Trang tin của {unit.name}"
            )
            unit_sections = self.sections(home, content.UNIT_SECTIONS)
            unit_homes.append((home, unit_sections))
            for index, spec in enumerate(content.UNIT_ARTICLE_TEMPLATES):
                filled = {
                    **spec,
                    "title": spec["title"].format(
                        short=unit.short_name or unit.name, name=unit.name
                    ),
                    "lead": spec["lead"].format(short=unit.short_name or unit.name, name=unit.name),
                    "days_ago": spec["days_ago"] + number,
                }
                self.article(unit_sections[spec["section"]], filled, seed=200 + number * 5 + index)
            self.album(
                home,
                "hoat-dong-cong-doan",
                f"Hoạt động công đoàn {unit.short_name or unit.name}",
                unit.short_name or "Công đoàn",
                4,
                seed=300 + number * 10,
            )
        self.cross_listing(unit_homes)
        newsroom_permissions_sync(actor=DEMO_ACTOR)
        self.file_images()
        return self.counts

    def cross_listing(self, unit_homes: list[tuple[UnitSiteHome, dict[str, SectionIndex]]]) -> None:
        """The first direct union asks to list its newest article in the
        second one's «Tin hoạt động»: a request that union's approvers see
        under «Tin đơn vị khác đăng vào» (idempotent: asked once)."""
        if len(unit_homes) < 2:
            return
        (_home, own), (_other, theirs) = unit_homes[0], unit_homes[1]
        target = theirs["tin-hoat-dong"]
        article = (
            ArticlePage.objects.live()
            .child_of(own["tin-hoat-dong"])
            .order_by("-first_published_at", "-id")
            .first()
        )
        if article is None or article.sections.filter(pk=target.pk).exists():
            return
        article.sections.add(target)
        article.save_revision().publish()  # publishing turns the ticked section into a request
        self.counts["SectionListing"] += 1

    def file_images(self) -> None:
        """Each image goes to the library (collection) of the site whose pages
        use it (the top-most one when several do), so every unit's officers
        find their own pictures there."""
        homes = list(UnitSiteHome.objects.exclude(collection=None).order_by("path"))

        def site_of(path: str) -> UnitSiteHome | None:
            owners = [home for home in homes if path.startswith(home.path)]
            return owners[-1] if owners else None  # the nearest site above the page

        owner: dict[int, UnitSiteHome] = {}
        # Every use of an image by a page (hero, cover, album, body blocks),
        # as Wagtail's reference index records it.
        uses = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(Image),
        ).values_list("to_object_id", "object_id")
        paths = dict(Page.objects.values_list("pk", "path"))
        for image_id, page_id in uses:
            home = site_of(paths.get(int(page_id), ""))
            if home is None:
                continue
            key = int(image_id)
            if key not in owner or len(home.path) < len(owner[key].path):
                owner[key] = home
        for home in homes:
            Image.objects.filter(pk__in=[i for i, h in owner.items() if h.pk == home.pk]).update(
                collection=home.collection_id
            )

    def _drop_welcome_page(self) -> None:
        # Wagtail's installer leaves a bare "Welcome" page; the union's home replaces it.
        for page in Page.objects.filter(depth=2, content_type__model="page", numchild=0):
            if not UnitSiteHome.objects.filter(pk=page.pk).exists():
                page.delete()

    def sections(
        self, home: UnitSiteHome, specs: list[tuple[str, str, str]]
    ) -> dict[str, SectionIndex]:
        return {
            slug: self.child(
                home, SectionIndex, slug, title=title, intro=intro, show_in_menus=True
            )[0]
            for slug, title, intro in specs
        }

    def article(self, section: SectionIndex, spec: dict[str, Any], *, seed: int) -> ArticlePage:
        slug = vietnamese_slugify(spec["title"], max_length=70)
        label = spec["tags"][0] if spec.get("tags") else section.title
        hero = self.image(label, seed % 12)
        body: list[tuple[str, Any]] = []
        paragraphs = spec["paragraphs"]
        body.append(("text", RichText("".join(f"<p>{p}</p>" for p in paragraphs[:1]))))
        if spec.get("quote"):
            quote, who = spec["quote"]
            body.append(("quote", {"quote": quote, "attribution": who}))
        if len(paragraphs) > 1:
            body.append(("text", RichText("".join(f"<p>{p}</p>" for p in paragraphs[1:]))))
        if seed % 3 == 0:
            body.append(
                (
                    "image",
                    {
                        "image": self.image(label, (seed + 5) % 12),
                        "caption": f"{label}: hình ảnh minh họa tại đơn vị.",
                        "credit": "Ban Tuyên giáo",
                        "alt": "",
                    },
                )
            )
        if spec.get("numbers"):
            heading, items = spec["numbers"]
            body.append(
                (
                    "numbers",
                    {"heading": heading, "items": [{"value": v, "label": t} for v, t in items]},
                )
            )
        if seed == 14:  # the running race: a small gallery and a video link
            body.append(
                (
                    "gallery",
                    {
                        "title": "Ảnh giải chạy",
                        "images": [
                            {
                                "image": self.image("Giải chạy", 40 + k),
                                "caption": f"Chặng {k + 1}",
                                "credit": "Đoàn viên gửi",
                                "alt": "",
                            }
                            for k in range(3)
                        ],
                    },
                )
            )
            body.append(
                (
                    "video",
                    {
                        "title": "Nhìn lại giải chạy “Dầu khí vươn xa”",
                        "video_file": None,
                        "video_url": "https://www.youtube.com/results?search_query=giai+chay+dau+khi",
                        "thumbnail": self.image("Video giải chạy", 50),
                        "caption": "Video do Ban Tuyên giáo thực hiện.",
                    },
                )
            )
        page, created = self.child(
            section,
            ArticlePage,
            slug,
            title=spec["title"],
            lead=spec["lead"],
            hero_image=hero,
            hero_caption=f"{label}: ảnh minh họa.",
            hero_credit="Ban Tuyên giáo",
            body=body,
            author="Ban Tuyên giáo",
            is_featured=bool(spec.get("featured")),
            tags=spec.get("tags", []),
        )
        if created:
            self.backdate(page, spec["days_ago"], hour=7 + seed % 10)
        return page

    def scheduled_article(self, section: SectionIndex) -> None:
        slug = "lich-tiep-doan-vien-thang-toi"
        if ArticlePage.objects.child_of(section).filter(slug=slug).exists():
            return
        page = ArticlePage(
            slug=slug,
            title="Lịch tiếp đoàn viên của Thường trực Công đoàn tháng tới",
            lead="Thường trực Công đoàn tiếp đoàn viên vào thứ Năm hằng tuần tại trụ sở.",
            body=[("text", RichText("<p>Đoàn viên có thể đăng ký trước qua điện thoại.</p>"))],
            go_live_at=self.now + dt.timedelta(hours=6),
            live=False,
        )
        section.add_child(instance=page)
        page.save_revision().publish()  # scheduled: goes live at go_live_at
        self.counts["scheduled"] += 1

    def album(
        self, parent: Page, slug: str, title: str, label: str, count: int, *, seed: int
    ) -> PhotoAlbum:
        existing = PhotoAlbum.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        album = PhotoAlbum(
            slug=slug,
            title=title,
            intro=f"Một số hình ảnh: {title.lower()}.",
        )
        for k in range(count):
            album.photos.add(
                AlbumPhoto(
                    image=self.image(label, seed + k),
                    caption=f"{title} — ảnh {k + 1}",
                    credit="Ban Tuyên giáo" if k % 2 else "Đoàn viên gửi",
                    sort_order=k,
                )
            )
        album.cover_image = album.photos.all()[0].image
        parent.add_child(instance=album)
        album.save_revision().publish()
        self.counts["PhotoAlbum"] += 1
        self.backdate(album, 3 + seed % 7)
        return album

    def links(self, unit: OrgUnit) -> None:
        for order, (title, url) in enumerate(content.LINKS):
            _, created = WebsiteLink.objects.get_or_create(
                unit=unit, url=url, defaults={"title": title, "sort_order": order}
            )
            if created:
                self.counts["links"] += 1

    def topic_hub(self, home: UnitSiteHome) -> TopicHub:
        existing = TopicHub.objects.child_of(home).filter(slug="dai-hoi-vii").first()
        if existing is not None:
            return existing
        tz = ZoneInfo(settings.TIME_ZONE)
        today = timezone.localdate()
        congress_day = today + dt.timedelta(days=content.CONGRESS_IN_DAYS)
        event_at = dt.datetime.combine(congress_day, dt.time(8, 0), tzinfo=tz)
        documents = [self.document(t, lines) for t, lines in content.GUIDANCE_DOCUMENTS]
        phases = [
            ("before", "Trước Đại hội: chuẩn bị và tuyên truyền", today - dt.timedelta(days=60),
             congress_day - dt.timedelta(days=1),
             "<p>Đại hội công đoàn các cấp, lấy ý kiến văn kiện, thi đua chào mừng.</p>"),
            ("during", "Trong Đại hội: ba ngày làm việc", congress_day,
             congress_day + dt.timedelta(days=2),
             "<p>Tường thuật trực tiếp các phiên họp, bầu cử và bế mạc.</p>"),
            ("after", "Sau Đại hội: đưa nghị quyết vào cuộc sống", congress_day + dt.timedelta(days=3),
             congress_day + dt.timedelta(days=120),
             "<p>Quán triệt nghị quyết, xây dựng chương trình hành động ở từng đơn vị.</p>"),
        ]  # fmt: skip
        heading, items = content.TERM_NUMBERS
        hub = TopicHub(
            slug="dai-hoi-vii",
            title="Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII",
            intro=RichText(
                "<p>Chuyên trang tổng hợp tin tức, tài liệu và hình ảnh về Đại hội Công đoàn "
                "Dầu khí Việt Nam lần thứ VII — đại hội của đổi mới, dân chủ, đoàn kết.</p>"
            ).source,
            hero_image=self.image("Đại hội VII", 0),
            tag=content.CONGRESS_TAG,
            event_at=event_at,
            event_label="khai mạc Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII",
            phases=[
                (
                    "phase",
                    {
                        "key": key,
                        "title": title,
                        "starts": starts,
                        "ends": ends,
                        "summary": RichText(summary),
                    },
                )
                for key, title, starts, ends, summary in phases
            ],
            numbers=[
                (
                    "numbers",
                    {"heading": heading, "items": [{"value": v, "label": t} for v, t in items]},
                )
            ],
            documents=[
                ("document", {"document": d, "title": d.title, "description": ""})
                for d in documents
            ],
        )
        home.add_child(instance=hub)
        hub.save_revision().publish()
        self.counts["TopicHub"] += 1
        library = DocumentLibrary(
            slug="tai-lieu", title="Tài liệu Đại hội VII", intro="Văn bản hướng dẫn."
        )
        for order, document in enumerate(documents):
            library.items.add(LibraryDocument(document=document, sort_order=order))
        hub.add_child(instance=library)
        library.save_revision().publish()
        self.counts["DocumentLibrary"] += 1
        return hub
