"""Audit actions of the bulletin follow `<app>.<entity>_<verb>` like every other
app's (the registry in lantoa/core/audit.py); stored entries are renamed."""

from django.db import migrations

RENAMED = {
    "bulletin.create": "bulletin.bulletin_create",
    "bulletin.issue.create": "bulletin.issue_create",
    "bulletin.issue.update": "bulletin.issue_update",
    "bulletin.issue.articles": "bulletin.issue_articles",
    "bulletin.issue.approve": "bulletin.issue_approve",
    "bulletin.issue.unapprove": "bulletin.issue_unapprove",
    "bulletin.issue.test_send": "bulletin.issue_test_send",
    "bulletin.issue.send": "bulletin.issue_send",
    "bulletin.issue.sent": "bulletin.issue_sent",
    "bulletin.subscriber.request": "bulletin.subscriber_request",
    "bulletin.subscriber.confirm": "bulletin.subscriber_confirm",
    "bulletin.preferences": "bulletin.subscriber_preferences",
    "bulletin.unsubscribe": "bulletin.subscriber_unsubscribe",
    "bulletin.suppression.add": "bulletin.suppression_add",
    "bulletin.suppression.remove": "bulletin.suppression_remove",
}


def rename(apps, schema_editor, mapping=RENAMED):
    entries = apps.get_model("core", "AuditLogEntry").objects
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("bulletin", "0001_initial"), ("core", "0003_audit_actor_name")]
    operations = [migrations.RunPython(rename, unrename)]
