"""Wagtail's initial migrations create English starter data that officers see
in the admin ("Editors", "Moderators", the "Moderators approval" workflow and
its button "Submit to Moderators approval", the "Root" page). Lantoa's own
groups and workflows are Vietnamese; these are renamed to match. Only names
that are still Wagtail's defaults change, so a deployment's edits stay."""

from django.db import migrations

GROUPS = {"Editors": "Biên tập viên", "Moderators": "Kiểm duyệt viên"}
WORKFLOW = {"Moderators approval": "Kiểm duyệt viên duyệt"}
ROOT = {"Root": "Gốc"}


def rename(apps, schema_editor, forward=True):
    pairs = [(GROUPS, "auth", "Group", "name"), (WORKFLOW, "wagtailcore", "Task", "name"),
             (WORKFLOW, "wagtailcore", "Workflow", "name"), (ROOT, "wagtailcore", "Page", "title")]  # fmt: skip
    for mapping, app, model_name, field in pairs:
        model = apps.get_model(app, model_name)
        for old, new in mapping.items():
            before, after = (old, new) if forward else (new, old)
            filters = {field: before}
            changes = {field: after}
            if model_name == "Page":
                filters["depth"] = 1
                changes["draft_title"] = after
            model.objects.filter(**filters).update(**changes)


def back(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, back)]
