"""Indexes for the calendar's published range and analytics by unit-month.

Delivery reaches millions of rows: on PostgreSQL the indexes are built
CONCURRENTLY (no write lock on the outbox while they build), which cannot run
inside a transaction, hence `atomic = False`. Other databases build them plainly.
"""

from django.db import migrations, models

from lantoa.core.schema import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("social_channels", "0003_zalo_tokens_and_autopost_overrides"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(fields=["status", "sent_at"], name="delivery_status_sent_at"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="delivery",
            index=models.Index(fields=["account", "sent_at"], name="delivery_account_sent_at"),
        ),
    ]
