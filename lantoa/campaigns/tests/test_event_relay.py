"""An approved event its organiser wants relayed becomes a draft directive
of the organising unit (heard through `events.event_approved`)."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.campaigns.models import Directive
from lantoa.core.models import AuditLogEntry
from lantoa.events.tests.factories import event_approved

pytestmark = pytest.mark.django_db


def test_an_event_to_relay_becomes_a_draft_directive(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = event_approved(tree.parent, title="Tọa đàm An toàn lao động", relay_down=True)
    directive = Directive.objects.get()
    assert directive.sender_unit == tree.parent
    assert directive.title == "Lan tỏa sự kiện: Tọa đàm An toàn lao động"
    assert (directive.status, directive.sent_at) == ("draft", None)  # the approvers send it
    assert directive.required_actions == ["publish_social"]
    assert set(directive.platform_texts) == {
        "facebook_page",
        "zalo_oa",
        "viber_channel",
        "telegram_channel",
    }
    assert directive.platform_texts["zalo_oa"].startswith("📣 Tọa đàm An toàn lao động")
    assert directive.due_at == event.starts_at - dt.timedelta(days=1)
    entry = AuditLogEntry.objects.get(action="campaigns.directive_create")
    assert (entry.actor_id, entry.actor_name) == (None, "campaigns.event_relay")


def test_no_directive_unless_asked_or_too_soon(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event_approved(tree.parent, title="Không cần lan tỏa")
        event_approved(
            tree.parent,
            title="Ngay ngày mai",
            relay_down=True,
            starts_at=timezone.now() + dt.timedelta(hours=20),
        )
    assert not Directive.objects.exists()
