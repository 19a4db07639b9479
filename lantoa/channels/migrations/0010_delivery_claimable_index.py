"""The outbox claim's index: the claimable deliveries (queued, retrying,
scheduled) in claim order, so that a claim after a large fan-out reads its
batch from the index instead of sorting every due row. Built CONCURRENTLY on
PostgreSQL (lantoa/core/schema.py): the outbox keeps sending while it builds.
"""

from django.db import migrations, models

from lantoa.core.schema import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("social_channels", "0009_post_reviewer_labels"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "retrying", "scheduled"])),
                fields=["next_attempt_at", "id"],
                name="delivery_claimable",
            ),
        ),
    ]
