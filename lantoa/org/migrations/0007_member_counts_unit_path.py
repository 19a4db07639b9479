"""Derived data for reads at scale (bench/org.py):

- `OrgUnit.active_member_count`: per-unit counters of active members, so a
  subtree's count sums units instead of counting member rows;
- `Member.unit_path`: the unit's path copied onto the member, so a scope's
  members are one range of the new `org_member_scope_name` index (it replaces
  `org_member_unit_name`, which needed one probe per unit of the scope);
- `org_unit_path_prefix` goes: on PostgreSQL it was identical to the
  `…_like` index Django creates for the unique `path`, on SQLite to the
  unique index itself.

Both derived columns are filled here from the rows, one UPDATE each.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    OrgUnit = apps.get_model("org", "OrgUnit")
    Member = apps.get_model("org", "Member")
    Member.objects.update(
        unit_path=models.Subquery(
            OrgUnit.objects.filter(pk=models.OuterRef("unit_id")).values("path")[:1]
        )
    )
    live = models.functions.Coalesce(
        models.Subquery(
            Member.objects.filter(unit=models.OuterRef("pk"), status="active")
            .order_by()
            .values("unit")
            .annotate(n=models.Count("pk"))
            .values("n"),
            output_field=models.IntegerField(),
        ),
        models.Value(0),
    )
    OrgUnit.objects.update(active_member_count=live)


class Migration(migrations.Migration):
    dependencies = [("org", "0006_short_name_128")]

    operations = [
        migrations.AddField(
            model_name="orgunit",
            name="active_member_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="member",
            name="unit_path",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="member", name="org_member_unit_name"),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["unit_path", "search_name", "id"], name="org_member_scope_name"
            ),
        ),
        migrations.RemoveIndex(model_name="orgunit", name="org_unit_path_prefix"),
    ]
