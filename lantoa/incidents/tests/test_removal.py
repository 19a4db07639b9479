"""Asking platforms to take harmful content down: a toxic comment under our
own Facebook Page's post is hidden, then deleted; a comment in our Telegram
channel's discussion group is deleted once the bot may delete there; content
elsewhere is reported by the officer through the platform's form and
recorded. The comments arrive the way production receives them (the
platform's signed webhook, stored and processed, listening makes them
opinions); the platforms are the fakes, refusing what the real ones refuse.
Every attempt is on the timeline."""

import pytest
from django.urls import reverse

from lantoa.channels.adapters.base import PostContent
from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.choices import Platform
from lantoa.channels.models import InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.inbound import inbound_event_process, inbound_event_record
from lantoa.channels.tests.factories import (
    ChannelAccountFactory,
    facebook_account_without_moderation,
)
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.incidents.choices import Category, RemovalMethod, ReportSource, Severity, TimelineKind
from lantoa.incidents.services import intake, removal
from lantoa.incidents.tests.factories import rumour_open
from lantoa.listening.services.intake_channels import channel_message_ingest
from lantoa.org.services import sync_admin_access

GROUP_ID = -1009876543210  # the Telegram fake's discussion group of its default channel


def _incident_from_comment(people, tree, platform, account, signed):
    """The comment arrives (the platform's signed webhook, stored and processed
    as production does), listening makes it an opinion, the officer opens an
    incident from it (one click on the opinion's page). The opinion's
    sentiment analysis, which would load the classifiers, is not run."""
    event = inbound_event_record(
        platform=platform,
        account=account,
        headers=signed.headers,
        body=signed.body,
        signature_valid=True,
    )
    inbound_event_process(event_id=event.pk)
    message = InboundMessage.objects.order_by("-id").first()
    opinion = channel_message_ingest(message_id=message.pk)
    report = intake.report_from_opinion(actor=people.unit_officer, opinion=opinion)
    incident = rumour_open(
        people.unit_officer,
        tree.unit,
        title="Bình luận xúc phạm lãnh đạo công đoàn",
        category=Category.TOXIC_ATTACK,
        reports=[report],
    )
    report.refresh_from_db()
    return incident, report


@pytest.fixture
def facebook_page(tree, fake_facebook):
    return ChannelAccountFactory(
        unit=tree.unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id=fake_facebook.PAGE_ID,
        credentials={"page_token": fake_facebook.PAGE_TOKEN},
    )


def test_a_facebook_comment_is_hidden_then_deleted_and_each_step_is_on_the_timeline(
    client, tree, people, fake_facebook, facebook_page
):
    adapter = FacebookAdapter()
    rendered = adapter.render(PostContent("Thông báo Đại hội công đoàn"), marker="m1")
    post_id = adapter.publish(account_view(facebook_page), rendered).external_id
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Lũ công đoàn ăn hại")
    incident, report = _incident_from_comment(
        people, tree, Platform.FACEBOOK_PAGE, facebook_page, signed
    )
    assert report.source == ReportSource.OPINION
    assert removal.removal_options(report) == [
        RemovalMethod.HIDE,
        RemovalMethod.DELETE,
        RemovalMethod.PLATFORM_REPORT,
    ]
    message = removal.report_message(report)
    assert message is not None
    assert message.text == "Lũ công đoàn ăn hại"

    hidden = removal.removal_request(
        actor=people.unit_officer, report=report, method=RemovalMethod.HIDE
    )
    assert hidden.data["ok"] is True
    assert fake_facebook.objects[message.external_id]["is_hidden"] is True
    assert hidden.text.startswith("Đã ẩn bình luận trên Facebook Page")
    # Hidden: it can still be deleted, no longer hidden again.
    assert removal.removal_options(report) == [
        RemovalMethod.DELETE,
        RemovalMethod.PLATFORM_REPORT,
    ]
    with pytest.raises(InvalidInput, match="không cho phép"):
        removal.removal_request(actor=people.unit_officer, report=report, method="hide")

    # Through the incident's page, as the officer does it.
    sync_admin_access(people.unit_officer)
    client.force_login(people.unit_officer)
    page = client.get(reverse("incidents_incidents:detail", args=[incident.pk]))
    assert b'name="method"' in page.content
    assert b'value="delete"' in page.content
    url = reverse("incidents_incidents:removal_request", args=[incident.pk, report.pk])
    response = client.post(url, {"method": "delete", "note": "Vi phạm nội quy trang"})
    assert response.status_code == 302
    assert fake_facebook.objects[message.external_id]["deleted"] is True
    assert removal.removal_options(report) == [RemovalMethod.PLATFORM_REPORT]

    entries = list(incident.timeline.filter(kind=TimelineKind.REMOVAL))
    assert [(e.data["method"], e.data["ok"], e.actor) for e in entries] == [
        ("hide", True, people.unit_officer),
        ("delete", True, people.unit_officer),
    ]
    assert entries[1].text.endswith("(Vi phạm nội quy trang)")
    audit = AuditLogEntry.objects.filter(action="incidents.removal_request")
    assert audit.count() == 2
    assert AuditLogEntry.objects.filter(action="channels.inbound_delete").count() == 1


def test_a_refusal_by_facebook_is_recorded_and_shown(client, tree, people, fake_facebook):
    account = facebook_account_without_moderation(fake_facebook, tree.unit, "104000000000779")
    adapter = FacebookAdapter()
    rendered = adapter.render(PostContent("Thông báo"), marker="m2")
    post_id = adapter.publish(account_view(account), rendered).external_id
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Đồ ngu")
    incident, report = _incident_from_comment(people, tree, Platform.FACEBOOK_PAGE, account, signed)
    sync_admin_access(people.unit_officer)
    client.force_login(people.unit_officer)
    url = reverse("incidents_incidents:removal_request", args=[incident.pk, report.pk])
    response = client.post(url, {"method": "delete"}, follow=True)
    shown = response.content.decode()
    assert "Facebook Page từ chối" in shown
    assert "(mã 200)" in shown
    entry = incident.timeline.get(kind=TimelineKind.REMOVAL)
    assert (entry.data["ok"], entry.data["method"]) == (False, "delete")
    message = removal.report_message(report)
    assert not fake_facebook.objects[message.external_id].get("deleted")
    # Nothing was removed: the officer may still try, or report it by hand.
    assert RemovalMethod.DELETE in removal.removal_options(report)


def test_a_telegram_comment_is_deleted_once_the_bot_may_delete_in_the_group(
    tree, people, fake_telegram
):
    account = ChannelAccountFactory(
        unit=tree.unit,
        platform=Platform.TELEGRAM_CHANNEL,
        external_id=str(fake_telegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": fake_telegram.DEFAULT_TOKEN},
    )
    signed = fake_telegram.build_comment_webhook(text="Công đoàn toàn lũ bù nhìn", message_id=7)
    incident, report = _incident_from_comment(
        people, tree, Platform.TELEGRAM_CHANNEL, account, signed
    )
    # Telegram has nothing like hiding; deleting is offered.
    assert removal.removal_options(report) == [
        RemovalMethod.DELETE,
        RemovalMethod.PLATFORM_REPORT,
    ]
    refused = removal.removal_request(
        actor=people.unit_officer, report=report, method=RemovalMethod.DELETE
    )
    assert refused.data["ok"] is False
    assert "can't be deleted" in refused.data["refusal"]
    key = (GROUP_ID, int(removal.report_message(report).external_id.split(":")[1]))
    assert not fake_telegram.messages[key].get("_deleted")

    fake_telegram.chats[GROUP_ID].can_delete_messages = True  # the bot is given the right
    done = removal.removal_request(
        actor=people.unit_officer, report=report, method=RemovalMethod.DELETE
    )
    assert done.data["ok"] is True
    assert fake_telegram.messages[key]["_deleted"] is True
    assert [e.data["ok"] for e in incident.timeline.filter(kind=TimelineKind.REMOVAL)] == [
        False,
        True,
    ]


def test_content_elsewhere_is_reported_by_hand_and_recorded(tree, people):
    report = intake.report_create(
        actor=people.unit_officer,
        unit=tree.unit,
        source=ReportSource.OFFICER,
        text="Nhóm Zalo lan truyền tin Đại hội bị hoãn",
        url="https://zalo.me/g/abcdef",
    )
    rumour_open(people.unit_officer, tree.unit, severity=Severity.LOW, reports=[report])
    report.refresh_from_db()
    # Not under our channels: no API to hide or delete it.
    assert removal.removal_options(report) == [RemovalMethod.PLATFORM_REPORT]
    with pytest.raises(InvalidInput, match="không cho phép"):
        removal.removal_request(actor=people.unit_officer, report=report, method="delete")
    with pytest.raises(InvalidInput, match="Hãy ghi đã báo cáo qua đâu"):
        removal.removal_request(actor=people.unit_officer, report=report, method="platform_report")
    with pytest.raises(InvalidInput, match="không hợp lệ"):
        removal.removal_request(actor=people.unit_officer, report=report, method="nuke")
    with pytest.raises(PermissionDenied):
        removal.removal_request(
            actor=people.sibling_officer,
            report=report,
            method="platform_report",
            note="Đã báo cáo",
        )
    entry = removal.removal_request(
        actor=people.unit_officer,
        report=report,
        method=RemovalMethod.PLATFORM_REPORT,
        note="Đã báo cáo nhóm với Zalo qua mục Báo xấu, 9:30 ngày 7/12",
    )
    assert entry.kind == TimelineKind.REMOVAL
    assert entry.text == (
        "Đã báo cáo vi phạm với nền tảng: Đã báo cáo nhóm với Zalo qua mục Báo xấu, 9:30 ngày 7/12"
    )
    assert AuditLogEntry.objects.filter(action="incidents.removal_request").count() == 1
