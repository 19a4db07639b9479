"""Pages whose slug kept Vietnamese letters ("công-đoàn-…", served as
c%C3%B4ng-%C4%91o%C3%A0n-…) get the ASCII slug new pages get ("cong-doan-…");
every URL that changes keeps answering, with a permanent redirect."""

from django.db import migrations

from lantoa.core.text import vietnamese_slugify

NEWSROOM_MODELS = (
    "unitsitehome",
    "sectionindex",
    "articlepage",
    "photoalbum",
    "topichub",
    "documentlibrary",
)


def _public_path(url_path, roots):
    """ "/cong-doan-dau-khi/tin-tuc/x/" → "/tin-tuc/x/" below the nearest site root."""
    for root in sorted(roots, key=len, reverse=True):
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return url_path


def make_slugs_ascii(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.filter(app_label="newsroom", model__in=NEWSROOM_MODELS)
    roots = [s.root_page.url_path for s in Site.objects.select_related("root_page")]
    for page in Page.objects.filter(content_type__in=types).order_by("depth", "path"):
        ascii_slug = vietnamese_slugify(page.slug, max_length=255)
        if not ascii_slug or ascii_slug == page.slug:
            continue
        siblings = Page.objects.filter(path__startswith=page.path[:-4], depth=page.depth)
        taken = set(siblings.exclude(pk=page.pk).values_list("slug", flat=True))
        candidate, number = ascii_slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{ascii_slug}-{number}"
        # An ancestor handled before may have moved this page's url_path.
        old_prefix = Page.objects.values_list("url_path", flat=True).get(pk=page.pk)
        new_prefix = old_prefix[: -len(page.slug) - 1] + candidate + "/"
        moved = Page.objects.filter(path__startswith=page.path)
        for descendant in moved.only("pk", "url_path"):
            old_path = descendant.url_path
            new_path = new_prefix + old_path[len(old_prefix) :]
            public_old = _public_path(old_path, roots).rstrip("/") or "/"
            Redirect.objects.update_or_create(
                old_path=public_old,
                site=None,
                defaults={
                    "is_permanent": True,
                    "redirect_page_id": descendant.pk,
                    "automatically_created": True,
                },
            )
            Page.objects.filter(pk=descendant.pk).update(url_path=new_path)
        Page.objects.filter(pk=page.pk).update(slug=candidate)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_unit_collection"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(make_slugs_ascii, migrations.RunPython.noop)]
