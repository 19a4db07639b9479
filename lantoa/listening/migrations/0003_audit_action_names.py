"""Audit actions of listening follow `<app>.<entity>_<verb>` like every other
app's (the registry in lantoa/core/audit.py); stored entries are renamed."""

from django.db import migrations

RENAMED = {
    "listening.import": "listening.opinion_import",
    "listening.label_correct": "listening.opinion_label_correct",
    "listening.assign": "listening.opinion_assign",
    "listening.handled": "listening.opinion_handle",
    "listening.alert_ack": "listening.alert_acknowledge",
}


def rename(apps, schema_editor, mapping=RENAMED):
    entries = apps.get_model("core", "AuditLogEntry").objects
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("listening", "0002_source_edits"), ("core", "0003_audit_actor_name")]
    operations = [migrations.RunPython(rename, unrename)]
