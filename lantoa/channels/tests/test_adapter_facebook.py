"""The Facebook adapter through the outbox, against the Graph API fake (real HTTP on 127.0.0.1)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from lantoa.channels.adapters.base import (
    ChannelError,
    ErrorKind,
    MediaItem,
    PostContent,
)
from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.adapters.graph import USAGE_COOLDOWN_SECONDS, classify
from lantoa.channels.choices import AttemptOutcome, DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.credentials import account_view
from lantoa.channels.tests.sending import BROKEN, FAIL, RETRY, assert_refused, schedule, send_now
from lantoa.channels.tests.uploads import mp4, png
from lantoa.core.exceptions import InvalidInput

LINK = "https://congdoandaukhi.example.vn/tin/dai-hoi"


def _schedule(officer, unit, account, text="Đại hội Công đoàn PV GAS", link="", media=(), at=None):
    return schedule(officer, unit, account, text=text, link=link, media=media, at=at)


def _posted(fake):
    return [p for p in fake.posts.all() if not p["deleted"]]


def _calls(fake, method, suffix):
    return [r for r in fake.requests if r["method"] == method and r["path"].endswith(suffix)]


def test_text_with_link_goes_to_the_feed_once_with_its_marker(
    officer, unit, facebook_account, fake_facebook
):
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK))
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_facebook)
    assert record["kind"] == "post"
    assert record["id"] == delivery.external_id
    assert record["text"] == "Đại hội Công đoàn PV GAS"  # the link is its own field
    assert record["link"] == f"{LINK}?lt={delivery.marker}"
    page, number = delivery.external_id.split("_")
    assert delivery.external_url == f"https://www.facebook.com/{page}/posts/{number}"
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert len(_posted(fake_facebook)) == 1


def test_one_photo_is_a_photo_post_with_the_link_in_its_caption(
    officer, unit, facebook_account, fake_facebook
):
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK, media=[png()]))
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_facebook)
    assert record["kind"] == "photo"
    assert record["id"] == delivery.external_id
    assert record["text"] == f"Đại hội Công đoàn PV GAS\n\n{LINK}?lt={delivery.marker}"
    (upload,) = _calls(fake_facebook, "POST", "/photos")
    assert upload["files"][0]["field"] == "source"
    assert upload["files"][0]["content_type"] == "image/png"


def test_several_photos_become_one_album_post(officer, unit, facebook_account, fake_facebook):
    images = [png(f"anh{i}.png") for i in range(3)]
    delivery = send_now(_schedule(officer, unit, facebook_account, media=images))
    assert delivery.status == DeliveryStatus.SENT
    uploads = _calls(fake_facebook, "POST", "/photos")
    assert [u["params"]["published"] for u in uploads] == ["false"] * 3
    (record,) = _posted(fake_facebook)  # unpublished photos are not posts
    assert record["kind"] == "post"
    assert record["id"] == delivery.external_id
    assert len(record["media"]) == 3
    assert all(fake_facebook.objects[i]["type"] == "photo" for i in record["media"])


def test_video_is_uploaded_to_the_page(officer, unit, facebook_account, fake_facebook):
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK, media=[mp4()]))
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_facebook)
    assert record["kind"] == "video"
    assert f"lt={delivery.marker}" in record["text"]
    assert fake_facebook.objects[delivery.external_id]["type"] == "video"
    (upload,) = _calls(fake_facebook, "POST", "/videos")
    assert upload["files"][0]["content_type"] == "video/mp4"


def test_scheduled_post_waits_for_its_time(officer, unit, facebook_account, fake_facebook):
    at = timezone.now() + dt.timedelta(hours=3)
    delivery = _schedule(officer, unit, facebook_account, at=at)
    assert delivery.status == DeliveryStatus.SCHEDULED
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert list(fake_facebook.requests) == []  # nothing called yet
    Delivery.objects.filter(pk=delivery.pk).update(scheduled_at=timezone.now())
    assert send_now(delivery).status == DeliveryStatus.SENT
    assert len(_posted(fake_facebook)) == 1


def test_delete_removes_the_post(officer, unit, facebook_account, fake_facebook):
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK))
    posts.delivery_delete_remote(actor=officer, delivery=delivery)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELETED
    assert _posted(fake_facebook) == []
    (call,) = _calls(fake_facebook, "DELETE", delivery.external_id)
    assert call["status"] == 200


def test_lost_answer_is_found_by_its_marker_and_never_posted_twice(
    officer, unit, facebook_account, fake_facebook
):
    fake_facebook.faults.update({"force_lost_responses": 1})
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK))
    assert delivery.status == DeliveryStatus.RETRYING  # reconcile after the window
    assert delivery.attempts.get().outcome == AttemptOutcome.UNCERTAIN
    assert len(_posted(fake_facebook)) == 1  # Facebook did store it
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_facebook)  # exactly one, in the fake's own log
    assert delivery.external_id == record["id"]
    assert [a.outcome for a in delivery.attempts.all()] == [
        AttemptOutcome.UNCERTAIN,
        AttemptOutcome.RECONCILED,
    ]
    assert len(_calls(fake_facebook, "POST", "/feed")) == 1


def test_lost_answer_after_a_worker_crash_is_reconciled(
    officer, unit, facebook_account, fake_facebook
):
    delivery = _schedule(officer, unit, facebook_account, link=LINK)
    claimed, _ = outbox._claim(delivery.pk)  # intent recorded …
    adapter = FacebookAdapter()
    adapter.publish(account_view(facebook_account), outbox.delivery_render(claimed))  # … landed …
    Delivery.objects.filter(pk=delivery.pk).update(  # … and the worker died before recording
        updated_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert outbox.deliveries_recover_stale() == 1
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.RETRYING
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    assert len(_posted(fake_facebook)) == 1


def test_lost_answer_of_a_post_without_link_waits_for_a_person(
    officer, unit, facebook_account, fake_facebook
):
    # Without a link the marker cannot travel with the post: no search can tell.
    fake_facebook.faults.update({"force_lost_responses": 1})
    delivery = send_now(_schedule(officer, unit, facebook_account))
    assert delivery.status == DeliveryStatus.UNCERTAIN
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert len(_posted(fake_facebook)) == 1


# -- errors ---------------------------------------------------------------------


def _throttle(code):
    def setup(fake, account):
        fake.rate_limit_code = code
        fake.faults.update({"force_rate_limits": 1, "retry_after": 1})

    return setup


def _server_error(status):
    def setup(fake, account):
        fake.faults.update({"force_errors": 1, "error_statuses": [status]})

    return setup


def _expired(fake, account):
    fake.expire_token(fake.PAGE_TOKEN)


def _password_changed(fake, account):
    fake.invalidate_token(fake.PAGE_TOKEN, 460)


def _no_publish_permission(fake, account):
    fake.add_page(fake.PAGE_ID, "Trang", "EAAReadOnlyPageToken", permissions={"pages_show_list"})
    _use_token(account, "EAAReadOnlyPageToken")


def _wrong_appsecret_proof(fake, account):
    fake.app_secret = "the-real-app-secret"
    _use_token(account, fake.PAGE_TOKEN, app_secret="not-the-secret")


def _use_token(account, token, **extra):
    from lantoa.core.crypto import encrypt_json

    ChannelAccount.objects.filter(pk=account.pk).update(
        credentials_encrypted=encrypt_json({"page_token": token, **extra})
    )


@pytest.mark.parametrize(
    ("setup", "code", "expected", "min_wait"),
    [
        (_server_error(500), "1", RETRY, 0),
        (_server_error(503), "2", RETRY, 0),
        (_throttle(4), "4", RETRY, 60),
        (_throttle(17), "17", RETRY, 60),
        (_throttle(32), "32", RETRY, 60),
        (_throttle(613), "613", RETRY, 60),
        (_throttle(80001), "80001", RETRY, 60),
        (_expired, "190/463", BROKEN, None),
        (_password_changed, "190/460", BROKEN, None),
        (_no_publish_permission, "200", BROKEN, None),
        (_wrong_appsecret_proof, "100", FAIL, None),
    ],
)
def test_graph_errors_retry_fail_or_break_the_channel(
    officer, unit, facebook_account, fake_facebook, setup, code, expected, min_wait
):
    setup(fake_facebook, facebook_account)
    before = timezone.now()
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK))
    account = assert_refused(
        delivery,
        facebook_account,
        expected,
        code=code,
        before=before,
        min_wait=min_wait or 0,
        error="appsecret_proof",
    )
    if expected == BROKEN:
        assert "kết nối lại" in account.last_error or "cấp lại quyền" in account.last_error
    assert _posted(fake_facebook) == []


def test_duplicate_post_fails_with_the_platforms_message(
    officer, unit, facebook_account, fake_facebook
):
    first = send_now(_schedule(officer, unit, facebook_account, text="Thông báo họp"))
    assert first.status == DeliveryStatus.SENT
    second = send_now(_schedule(officer, unit, facebook_account, text="Thông báo họp"))
    assert second.status == DeliveryStatus.FAILED
    assert second.last_error_code == "506/1455006"
    assert "trùng" in second.last_error
    assert len(_posted(fake_facebook)) == 1


def test_appsecret_proof_is_sent_when_the_app_secret_is_known(
    officer, unit, facebook_account, fake_facebook
):
    fake_facebook.app_secret = "the-real-app-secret"
    _use_token(facebook_account, fake_facebook.PAGE_TOKEN, app_secret="the-real-app-secret")
    assert send_now(_schedule(officer, unit, facebook_account)).status == DeliveryStatus.SENT


@pytest.mark.parametrize(
    ("code", "subcode", "transient", "kind"),
    [
        (1, None, True, ErrorKind.TRANSIENT),
        (2, None, True, ErrorKind.TRANSIENT),
        (3, None, False, ErrorKind.AUTH),
        (4, None, True, ErrorKind.TRANSIENT),
        (10, None, False, ErrorKind.AUTH),
        (17, 2446079, True, ErrorKind.TRANSIENT),
        (32, None, True, ErrorKind.TRANSIENT),
        (100, None, False, ErrorKind.PERMANENT),
        (100, 33, False, ErrorKind.PERMANENT),
        (102, None, False, ErrorKind.AUTH),
        (190, 458, False, ErrorKind.AUTH),
        (190, 463, False, ErrorKind.AUTH),
        (200, None, False, ErrorKind.AUTH),
        (299, None, False, ErrorKind.AUTH),
        (341, None, False, ErrorKind.TRANSIENT),
        (368, 1390008, False, ErrorKind.TRANSIENT),
        (506, 1455006, False, ErrorKind.PERMANENT),
        (613, 1996, True, ErrorKind.TRANSIENT),
        (80001, None, True, ErrorKind.TRANSIENT),
        (80006, None, True, ErrorKind.TRANSIENT),
        (1609005, None, False, ErrorKind.PERMANENT),
        (100, 1366046, False, ErrorKind.PERMANENT),
        (100, 1363047, False, ErrorKind.TRANSIENT),
        (12345, None, True, ErrorKind.TRANSIENT),
        (12345, None, False, ErrorKind.PERMANENT),
    ],
)
def test_every_documented_graph_code_has_its_kind(code, subcode, transient, kind):
    assert classify(code, subcode, transient) is kind


# -- slowing down before Meta throttles ------------------------------------------


def test_high_usage_stops_calls_before_the_limit(officer, unit, facebook_account, fake_facebook):
    fake_facebook.buc_calls_per_hour = 20
    adapter, account = FacebookAdapter(), account_view(facebook_account)
    for _ in range(19):  # the 19th answer reports 95 % of the Page's budget
        adapter.verify(account)
    calls_before = len(fake_facebook.requests)
    delivery = send_now(_schedule(officer, unit, facebook_account))
    assert delivery.status == DeliveryStatus.RETRYING
    attempt = delivery.attempts.get()
    assert attempt.error_code == "usage_high"
    assert attempt.retry_after_seconds == pytest.approx(USAGE_COOLDOWN_SECONDS, abs=5)
    assert len(fake_facebook.requests) == calls_before  # Facebook was not called at all
    assert _posted(fake_facebook) == []


def test_throttle_answer_uses_the_time_to_regain_access(facebook_account, fake_facebook):
    fake_facebook.rate_limit_code = 80001
    fake_facebook.faults.update({"force_rate_limits": 1, "retry_after": 300})
    adapter, account = FacebookAdapter(), account_view(facebook_account)
    with pytest.raises(ChannelError) as exc:
        adapter.verify(account)
    assert exc.value.kind is ErrorKind.TRANSIENT
    assert exc.value.retry_after == 300  # estimated_time_to_regain_access: 5 minutes
    with pytest.raises(ChannelError, match="gần chạm giới hạn"):
        adapter.verify(account)  # the next call waits without asking Facebook


# -- composing, reading back ------------------------------------------------------


def _image(size, name="a.jpg"):
    return MediaItem("image", Path(name), name, "image/jpeg", size)


def test_limits_are_checked_when_composing():
    adapter = FacebookAdapter()
    assert adapter.validate(PostContent(text="a" * 63_206)) == []
    (too_long,) = adapter.validate(PostContent(text="a" * 63_207))
    assert "vượt giới hạn 63206 ký tự" in too_long
    assert adapter.validate(PostContent(text="x", media=[_image(10)] * 11)) == [
        "Tối đa 10 ảnh cho mỗi bài đăng."
    ]
    (big,) = adapter.validate(PostContent(text="x", media=[_image(4 * 2**20 + 1, "to.jpg")]))
    assert big == "Ảnh «to.jpg» quá lớn (tối đa 4 MB)."


def test_a_refused_post_is_refused_for_every_channel_at_compose_time(
    officer, unit, facebook_account
):
    post = posts.post_create(actor=officer, unit=unit, text="b" * 64_000)
    with pytest.raises(posts.PostRejected, match="63206"):
        posts.post_schedule(actor=officer, post=post, accounts=[facebook_account])
    assert not Delivery.objects.exists()


def test_metrics_read_counts_and_reach(officer, unit, facebook_account, fake_facebook):
    delivery = send_now(_schedule(officer, unit, facebook_account, link=LINK))
    fake_facebook.set_engagement(
        delivery.external_id, reactions={"like": 3, "love": 1}, shares=2, media_views=40
    )
    fake_facebook.add_comment(delivery.external_id, "Tuyệt vời", {"id": "601", "name": "A"})
    (figures,) = FacebookAdapter().fetch_metrics(
        account_view(facebook_account), [delivery.external_id]
    )
    assert (figures.reach, figures.reactions, figures.comments, figures.shares) == (40, 4, 1, 2)
    (insights,) = _calls(fake_facebook, "GET", f"{delivery.external_id}/insights")
    assert insights["params"]["metric"] == "post_total_media_view_unique"


def test_metrics_without_insights_permission_keep_the_counts(unit, fake_facebook):
    from lantoa.channels.choices import Platform
    from lantoa.channels.tests.factories import ChannelAccountFactory

    fake_facebook.add_page(
        "104000000000777",
        "Trang B",
        "EAAPageNoInsights777",
        permissions={"pages_show_list", "pages_manage_posts", "pages_read_engagement"},
    )
    account = ChannelAccountFactory(
        unit=unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id="104000000000777",
        credentials={"page_token": "EAAPageNoInsights777"},
    )
    view = account_view(account)
    result = FacebookAdapter().publish(
        view, FacebookAdapter().render(PostContent("Tin"), marker="m")
    )
    (figures,) = FacebookAdapter().fetch_metrics(view, [result.external_id])
    assert figures.reach is None
    assert (figures.reactions, figures.comments, figures.shares) == (0, 0, 0)


def test_verify_fills_name_id_and_followers(facebook_account, fake_facebook):
    info = FacebookAdapter().verify(account_view(facebook_account))
    assert info.external_id == fake_facebook.PAGE_ID
    assert info.name == "Công đoàn Lantoa (demo)"
    assert info.followers == 1610


def test_delete_needs_a_sent_post(officer, unit, facebook_account):
    delivery = _schedule(officer, unit, facebook_account)
    with pytest.raises(InvalidInput, match="bài đã đăng"):
        posts.delivery_delete_remote(actor=officer, delivery=delivery)


def test_parse_comment_and_reply_notifications(fake_facebook, facebook_account):
    result = FacebookAdapter().publish(
        account_view(facebook_account), FacebookAdapter().render(PostContent("Tin"), marker="m")
    )
    comment = fake_facebook.build_comment_webhook(post_id=result.external_id)
    (item,) = FacebookAdapter().parse_webhook(comment.body)
    assert (item.kind, item.post_external_id, item.parent_external_id) == (
        "comment",
        result.external_id,
        "",
    )
    assert item.account_external_id == fake_facebook.PAGE_ID
    reply = fake_facebook.build_comment_webhook(
        post_id=result.external_id, parent_id=item.external_id, message="Đồng ý"
    )
    (answer,) = FacebookAdapter().parse_webhook(reply.body)
    assert (answer.kind, answer.parent_external_id, answer.text) == (
        "reply",
        item.external_id,
        "Đồng ý",
    )
    assert json.loads(reply.body)["entry"][0]["changes"][0]["value"]["item"] == "comment"


def test_a_user_token_is_not_accepted_as_the_pages_token(facebook_account, fake_facebook):
    _use_token(facebook_account, fake_facebook.USER_TOKEN)
    with pytest.raises(ChannelError) as exc:
        FacebookAdapter().verify(account_view(ChannelAccount.objects.get(pk=facebook_account.pk)))
    assert (exc.value.kind, exc.value.code) == (ErrorKind.PERMANENT, "not_page_token")
