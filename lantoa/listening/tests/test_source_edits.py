# ruff: noqa: F811 - fake_facebook is a fixture imported from the channels tests
"""A comment edited or removed on the platform: its opinion follows, and nothing
the union already read or judged is lost."""

import copy
import csv
import json

import pytest
from django.urls import reverse

from lantoa.channels.models import InboundMessage
from lantoa.channels.tests.conftest import fake_facebook  # noqa: F401 - the fixture
from lantoa.core import events
from lantoa.core.api.testing import bearer_headers
from lantoa.core.models import StoredEvent
from lantoa.core.text import search_key
from lantoa.listening.choices import LabelTask, Sentiment
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake_channels import opinion_sync_from_message
from lantoa.listening.services.triage import corrections_export_csv, opinion_correct_label
from lantoa.listening.tests.conftest import facebook_page_with_post, facebook_webhook_process
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

API = "/api/v1"
FIRST = "Bếp ăn ca hôm nay rất tệ, cơm nguội"
EDITED = "Bếp ăn ca hôm nay ổn rồi, cảm ơn công đoàn đã phản ánh"


@pytest.fixture
def channel(tree, fake_facebook):
    return facebook_page_with_post(tree.unit, fake_facebook, "Tin bếp ăn ca")


def deliver(account, signed, captured):
    """The webhook path: stored raw, processed, its side effects run after commit."""
    with captured(execute=True):
        facebook_webhook_process(account, signed)


def change(fake, signed, verb, message=None):
    """Meta's notification for a later change of the same comment."""
    payload = copy.deepcopy(json.loads(signed.body))
    value = payload["entry"][0]["changes"][0]["value"]
    value["verb"] = verb
    value.pop("message", None)
    if message is not None:
        value["message"] = message
    return fake.sign(payload)


@pytest.fixture
def opinion(channel, fake_facebook, django_capture_on_commit_callbacks):
    account, post_id = channel
    added = fake_facebook.build_comment_webhook(post_id=post_id, message=FIRST)
    deliver(account, added, django_capture_on_commit_callbacks)
    opinion = Opinion.objects.get()
    assert opinion.analysed_at is not None
    assert opinion.text == FIRST
    opinion.added_webhook = added
    return opinion


def test_an_edit_replaces_the_text_keeps_the_earlier_one_and_analyses_again(
    tree,
    channel,
    opinion,
    fake_facebook,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    account, _ = channel
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    org_services.sync_admin_access(officer)
    opinion_correct_label(
        actor=officer, opinion=opinion, task=LabelTask.SENTIMENT, label=Sentiment.NEGATIVE
    )

    edited = change(fake_facebook, opinion.added_webhook, "edited", EDITED)
    deliver(account, edited, django_capture_on_commit_callbacks)

    opinion.refresh_from_db()
    assert opinion.text == EDITED
    assert [h["text"] for h in opinion.text_history] == [FIRST]
    assert opinion.edited_at_source is not None
    assert opinion.removed_at_source is None
    # Analysed again, and the officer's label (which judged the first text) no
    # longer overrides the model's on the new one.
    assert opinion.analysed_at is not None
    assert not opinion.labels_corrected
    assert opinion.folded_text == search_key(EDITED)  # topic filters match the new text
    # The correction stays training data for the text that was judged.
    path = tmp_path / "sentiment.csv"
    assert corrections_export_csv(task=LabelTask.SENTIMENT, path=path) == 1
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows == [{"text": FIRST, "label": Sentiment.NEGATIVE}]

    # Meta delivers the same edit again: nothing more changes.
    deliver(account, edited, django_capture_on_commit_callbacks)
    opinion.refresh_from_db()
    assert [h["text"] for h in opinion.text_history] == [FIRST]


def test_a_removal_is_recorded_and_the_text_kept_then_a_restore_clears_it(
    channel,
    opinion,
    fake_facebook,
    django_capture_on_commit_callbacks,
):
    account, _ = channel
    deliver(
        account,
        change(fake_facebook, opinion.added_webhook, "remove"),
        django_capture_on_commit_callbacks,
    )
    message = InboundMessage.objects.get()
    assert (message.text, message.is_hidden) == ("", True)
    opinion.refresh_from_db()
    assert opinion.removed_at_source is not None
    assert opinion.text == FIRST
    assert opinion.text_history == []

    assert opinion_sync_from_message(message_id=message.pk) == ""  # already recorded

    restored = change(fake_facebook, opinion.added_webhook, "edited", FIRST)
    deliver(account, restored, django_capture_on_commit_callbacks)
    opinion.refresh_from_db()
    assert opinion.removed_at_source is None
    assert opinion.text == FIRST


def test_a_change_heard_before_the_message_leaves_intake_to_take_the_current_text(
    channel,
    fake_facebook,
    django_capture_on_commit_callbacks,
):
    account, post_id = channel
    added = fake_facebook.build_comment_webhook(post_id=post_id, message=FIRST)
    # Events are heard in no particular order: the edit's subscriber runs first.
    with django_capture_on_commit_callbacks() as heard_later:
        facebook_webhook_process(account, added)
    deliver(
        account, change(fake_facebook, added, "edited", EDITED), django_capture_on_commit_callbacks
    )
    assert not Opinion.objects.exists()
    for callback in heard_later:
        callback()
    opinion = Opinion.objects.get()
    assert (opinion.text, opinion.text_history, opinion.edited_at_source) == (EDITED, [], None)


def test_hiding_by_the_page_changes_nothing(
    channel,
    opinion,
    fake_facebook,
    django_capture_on_commit_callbacks,
):
    account, _ = channel
    hidden = change(fake_facebook, opinion.added_webhook, "hide", FIRST)
    deliver(account, hidden, django_capture_on_commit_callbacks)
    assert InboundMessage.objects.get().is_hidden
    opinion.refresh_from_db()
    assert (opinion.text, opinion.removed_at_source, opinion.edited_at_source) == (
        FIRST,
        None,
        None,
    )


def test_officers_see_the_edit_history_and_the_removal_in_the_admin_and_the_api(
    client, tree, channel, opinion, fake_facebook, django_capture_on_commit_callbacks
):
    account, _ = channel
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    org_services.sync_admin_access(officer)
    edited = change(fake_facebook, opinion.added_webhook, "edited", EDITED)
    deliver(account, edited, django_capture_on_commit_callbacks)
    deliver(account, change(fake_facebook, edited, "remove"), django_capture_on_commit_callbacks)

    client.force_login(officer)
    html = client.get(reverse("listening_opinions:inspect", args=[opinion.pk])).content.decode()
    assert "Tác giả đã gỡ lúc" in html
    assert "Các bản trước:" in html
    assert FIRST in html
    assert EDITED in html

    client.logout()
    body = client.get(
        f"{API}/opinions/{opinion.public_id}/", headers=bearer_headers(officer)
    ).json()
    assert body["text"] == EDITED
    assert body["edited_at_source"] is not None
    assert body["removed_at_source"] is not None
    assert [v["text"] for v in body["text_history"]] == [FIRST]


def test_only_a_changed_text_is_announced_and_heard_once(
    channel, opinion, fake_facebook, django_capture_on_commit_callbacks
):
    account, _ = channel
    changes = StoredEvent.objects.exclude(name="channels.inbound_message_stored")
    deliver(
        account,
        change(fake_facebook, opinion.added_webhook, "hide", FIRST),
        django_capture_on_commit_callbacks,
    )
    assert not changes.exists()
    edited = change(fake_facebook, opinion.added_webhook, "edited", EDITED)
    for _ in range(2):  # the platform delivers the same edit twice
        deliver(account, edited, django_capture_on_commit_callbacks)
    (announced,) = changes
    assert announced.name == "channels.inbound_message_edited"
    assert list(announced.deliveries.values_list("subscriber", "status")) == [
        ("listening.follow_source_changes", "done")
    ]
    # Replayed, the delivery does nothing; heard again, the sync changes nothing.
    assert events.event_delivery_run(delivery_id=announced.deliveries.get().pk) is False
    assert opinion_sync_from_message(message_id=InboundMessage.objects.get().pk) == ""
    opinion.refresh_from_db()
    assert [h["text"] for h in opinion.text_history] == [FIRST]
