"""The migration that makes a published item's share unique first settles the
duplicates an earlier race left."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantoa.org.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("social_channels", "0005_post_review")]
AFTER = [("social_channels", "0006_post_one_share_per_published_item")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_duplicate_shares_are_detached_keeping_their_posts():
    unit_id = OrgUnitFactory().pk
    apps = _migrate(BEFORE)
    try:
        Post = apps.get_model("social_channels", "Post")
        ContentType = apps.get_model("contenttypes", "ContentType")
        unit = apps.get_model("org", "OrgUnit").objects.get(pk=unit_id)
        page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
        shares = [
            Post.objects.create(
                unit=unit, text=f"chia sẻ {n}", source="article", source_type=page_type,
                source_id="42",
            )
            for n in range(3)
        ]  # fmt: skip
        other = Post.objects.create(
            unit=unit, text="bài khác", source="article", source_type=page_type, source_id="43"
        )
        drafts = [
            Post.objects.create(
                unit=unit, text="nháp", source="directive", source_type=page_type, source_id="42"
            )
            for _ in range(2)
        ]
    finally:
        apps = _migrate(AFTER)
    Post = apps.get_model("social_channels", "Post")
    linked = dict(Post.objects.values_list("pk", "source_id"))
    assert linked[shares[0].pk] == "42"  # the first share keeps the article
    assert [linked[p.pk] for p in shares[1:]] == ["", ""]
    assert Post.objects.filter(pk__in=[p.pk for p in shares[1:]], source_type=None).count() == 2
    assert linked[other.pk] == "43"
    assert [linked[d.pk] for d in drafts] == ["42", "42"]


def _claim_index() -> tuple[bool, bool | None]:
    """(the claim index exists, on PostgreSQL whether it is valid)."""
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "social_channels_delivery")
        if "delivery_claimable" not in names or connection.vendor != "postgresql":
            return "delivery_claimable" in names, None
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = 'delivery_claimable'"
        )
        return True, cursor.fetchone()[0]


def test_the_claim_index_is_built_outside_a_transaction_and_valid():
    """On PostgreSQL the index is built CONCURRENTLY, which PostgreSQL refuses
    inside a transaction block: the migration running at all shows it is not
    atomic, and the built index must be valid."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        _migrate([("social_channels", "0009_post_reviewer_labels")])
        assert _claim_index() == (False, None)
        _migrate([("social_channels", "0010_delivery_claimable_index")])
        valid = True if connection.vendor == "postgresql" else None
        assert _claim_index() == (True, valid)
    finally:
        _migrate(latest)
