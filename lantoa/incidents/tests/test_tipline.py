"""Acceptance: a tip sent to the union's Zalo OA or Telegram bot becomes a
report, then an incident; when the approved response is published, the
reporter gets the answer through the same channel (real webhooks into
Lantoa, real answers out, both against the platform fakes)."""

import pytest
from django.urls import reverse

from lantoa.channels.choices import Platform
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.incidents.choices import ReportSource, ReportState, TimelineKind
from lantoa.incidents.models import Report, ReporterReply
from lantoa.incidents.services import responses, tipline
from lantoa.incidents.tests.factories import rumour_open

TIP = "#baotin Có trang nói Đại hội công đoàn bị hoãn, đúng không ạ? https://fb.example/p/1"
ANSWER = "Cảm ơn bạn đã báo tin. Đại hội họp đúng kế hoạch; thông tin chính thức đã đăng."


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    from django.core.cache import cache

    cache.clear()


def _webhook(client, platform, account, signed):
    url = reverse(f"channels:webhook_{platform}", kwargs={"public_id": account.public_id})
    return client.post(
        url, data=signed.body, content_type="application/json", headers=signed.headers
    )


def _answer(people, tree, report, *, capture):
    incident = rumour_open(people.unit_officer, tree.unit, reports=[report])
    draft = responses.response_create(
        actor=people.unit_officer,
        incident=incident,
        text="Đại hội họp đúng kế hoạch.",
        reply_text=ANSWER,
    )
    responses.response_submit(actor=people.unit_officer, response=draft)
    responses.response_approve(actor=people.unit_approver, response=draft)
    with capture(execute=True) as callbacks:
        responses.response_publish(actor=people.unit_officer, response=draft)
    assert len(callbacks) == 1  # the reply, sent by its task after commit
    return incident


def test_zalo_tip_becomes_an_incident_and_the_reporter_gets_the_answer(
    client, tree, people, fake_zalo, django_capture_on_commit_callbacks
):
    account = ChannelAccountFactory(
        unit=tree.unit,
        platform=Platform.ZALO_OA,
        external_id=fake_zalo.OA_ID,
        credentials={
            "access_token": fake_zalo.ACCESS_TOKEN,
            "app_id": fake_zalo.APP_ID,
            "oa_secret_key": fake_zalo.OA_SECRET_KEY,
        },
    )
    tipline.tipline_save(
        actor=people.unit_officer, account=account, unit=tree.unit, keyword="#baotin"
    )
    user_id = next(iter(fake_zalo.users))
    chatter = fake_zalo.build_comment_webhook(text="Cho hỏi lịch sinh hoạt?", user_id=user_id)
    signed = fake_zalo.build_comment_webhook(text=TIP, user_id=user_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, "zalo", account, chatter).status_code == 200
        assert _webhook(client, "zalo", account, signed).status_code == 200
    report = Report.objects.get()  # the question without the keyword is no tip
    assert (report.source, report.state, report.unit) == (
        ReportSource.TIPLINE,
        ReportState.NEW,
        tree.unit,
    )
    assert report.text == TIP
    assert report.url == "https://fb.example/p/1"
    # The platform delivers the same webhook again: still one report.
    with django_capture_on_commit_callbacks(execute=True):
        _webhook(client, "zalo", account, signed)
    assert Report.objects.count() == 1

    incident = _answer(people, tree, report, capture=django_capture_on_commit_callbacks)
    sent = [p for p in fake_zalo.posts.all() if p["kind"] == "message_cs"]
    assert [(p["target"], p["text"]) for p in sent] == [(user_id, ANSWER)]
    reply = ReporterReply.objects.get()
    assert reply.sent_at is not None
    assert reply.error == ""
    assert (
        incident.timeline.filter(kind=TimelineKind.REPLY)
        .get()
        .text.startswith("Đã trả lời người báo tin qua ")
    )
    incident.refresh_from_db()
    assert incident.first_response_at is not None


def test_telegram_tip_becomes_an_incident_and_the_reporter_gets_the_answer(
    client, tree, people, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.bots[fake_telegram.DEFAULT_TOKEN].secret_token = "s3cret-token"
    account = ChannelAccountFactory(
        unit=tree.parent,
        external_id=str(fake_telegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": fake_telegram.DEFAULT_TOKEN, "webhook_secret": "s3cret-token"},
    )
    # The parent union's bot takes the tips of its subtree, for the unit.
    tipline.tipline_save(
        actor=people.parent_officer,
        account=account,
        unit=tree.unit,
        acknowledgement="Công đoàn đã nhận tin, cảm ơn bạn.",
    )
    signed = fake_telegram.build_private_message_webhook(text=TIP, user_id=7001, first_name="Bình")
    with django_capture_on_commit_callbacks(execute=True):
        assert _webhook(client, "telegram", account, signed).status_code == 200
    report = Report.objects.get()
    assert (report.source, report.unit, report.reporter_name) == (
        ReportSource.TIPLINE,
        tree.unit,
        "Bình",
    )
    _answer(people, tree, report, capture=django_capture_on_commit_callbacks)
    to_reporter = [
        m
        for (chat, _), m in fake_telegram.messages.items()
        if chat == 7001 and m.get("from", {}).get("is_bot")
    ]
    assert [m["text"] for m in to_reporter] == ["Công đoàn đã nhận tin, cảm ơn bạn.", ANSWER]
    assert all(m["reply_to_message"]["text"] == TIP for m in to_reporter)
    assert ReporterReply.objects.filter(sent_at__isnull=False).count() == 2


def test_a_channel_of_another_branch_cannot_be_a_tipline(tree, people, fake_telegram):
    account = ChannelAccountFactory(unit=tree.sibling)
    from lantoa.core.exceptions import InvalidInput

    with pytest.raises(InvalidInput, match="cấp trên"):
        tipline.tipline_save(actor=people.root_officer, account=account, unit=tree.unit)
