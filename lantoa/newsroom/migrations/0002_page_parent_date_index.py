"""Two indexes on Wagtail's page table: "a section's articles, newest first"
and a page by its URL path.

Wagtail's tree has no parent column; a page's parent path is its own path
minus one step. Indexing that expression with the first-publication date lets
a section page, "Các tin khác" and a home's section blocks read just the rows
they show, whatever the size of the section (the path index would read every
article of the section and sort them). The expression is the one
`selectors.PARENT_PATH` queries with, compiled by Django for each database.

`UnitSiteHome.route` finds every page of a requested path at once by
`url_path`, which Wagtail maintains but does not index.
"""

from django.db import migrations, models
from django.db.models.functions import Length, Substr

INDEX = models.Index(
    Substr("path", 1, Length("path") - 4),
    models.F("first_published_at").desc(),
    models.F("id").desc(),
    name="newsroom_page_parent_date",
)
URL_PATH_INDEX = models.Index(models.F("url_path"), name="newsroom_page_url_path")


def add_index(apps, schema_editor):
    for index in (INDEX, URL_PATH_INDEX):
        schema_editor.add_index(apps.get_model("wagtailcore", "Page"), index)


def remove_index(apps, schema_editor):
    for index in (INDEX, URL_PATH_INDEX):
        schema_editor.remove_index(apps.get_model("wagtailcore", "Page"), index)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
