from django.db import migrations, models
from django.db.models import Count


def detach_duplicate_shares(apps, schema_editor):
    """Before the constraint: where one published item was shared more than
    once (two publishes racing), the first post keeps the link to the item;
    the later ones keep their deliveries and figures (they did go out) but no
    longer claim the item."""
    Post = apps.get_model("social_channels", "Post")
    shared = Post.objects.filter(source="article", source_type__isnull=False)
    duplicated = (
        shared.values("source_type", "source_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()
    )
    for row in duplicated:
        posts = shared.filter(source_type=row["source_type"], source_id=row["source_id"])
        first = posts.order_by("pk").values_list("pk", flat=True)[0]
        posts.exclude(pk=first).update(source_type=None, source_id="")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("social_channels", "0005_post_review"),
    ]

    operations = [
        migrations.RunPython(detach_duplicate_shares, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", "article"), ("source_type__isnull", False)),
                fields=("source_type", "source_id"),
                name="post_one_share_per_published_item",
            ),
        ),
    ]
