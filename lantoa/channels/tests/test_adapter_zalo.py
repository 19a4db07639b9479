"""The Zalo OA adapter (articles) through the outbox, against the Zalo fake."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from lantoa.channels.adapters.base import ChannelError, ErrorKind, MediaItem, PostContent
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.adapters.zalo import zalo_error
from lantoa.channels.choices import AttemptOutcome, DeliveryStatus, Platform
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.credentials import account_view
from lantoa.channels.tests.sending import BROKEN, FAIL, RETRY, assert_refused, schedule, send_now
from lantoa.channels.tests.uploads import mp4, png
from lantoa.core.crypto import encrypt_json

LINK = "https://congdoandaukhi.example.vn/tin/hoi-thao"
TEXT = (
    "Hội thao công nhân lao động năm 2026\n"
    "Sáng 12/3, Công đoàn PV GAS khai mạc hội thao với 600 vận động viên.\n\n"
    "Các môn thi gồm bóng đá, cầu lông và kéo co."
)


def _schedule(officer, unit, account, text=TEXT, link=LINK, media=(), at=None):
    return schedule(officer, unit, account, text=text, link=link, media=media, at=at)


def _articles(fake):
    return [a for a in fake.articles.values() if not a.get("removed")]


def test_post_becomes_a_published_article_with_title_body_and_marked_link(
    officer, unit, zalo_account, fake_zalo
):
    delivery = send_now(_schedule(officer, unit, zalo_account))
    assert delivery.status == DeliveryStatus.SENT
    (article,) = _articles(fake_zalo)
    assert delivery.external_id == article["id"]
    assert delivery.external_url == article["link_view"]
    assert article["status"] == "show"
    assert article["title"] == "Hội thao công nhân lao động năm 2026"
    assert article["author"] == "Ban Tuyên giáo"
    assert article["description"].startswith("Sáng 12/3, Công đoàn PV GAS khai mạc")
    assert [b["content"] for b in article["body"]] == [
        "Sáng 12/3, Công đoàn PV GAS khai mạc hội thao với 600 vận động viên.",
        "Các môn thi gồm bóng đá, cầu lông và kéo co.",
        f"Xem chi tiết: {LINK}?lt={delivery.marker}",
    ]
    assert article["cover"]["photo_url"] == f"{fake_zalo.base_url}/_fake/cover.jpg"
    # create, one "-214 being processed" poll, the answer, then the article's address
    paths = [r["path"] for r in fake_zalo.requests]
    assert paths == [
        "/v2.0/article/create",
        "/v2.0/article/verify",
        "/v2.0/article/verify",
        "/v2.0/article/getdetail",
    ]
    assert all(r["headers"]["access_token"] == fake_zalo.ACCESS_TOKEN for r in fake_zalo.requests)


def test_photos_go_into_the_body_and_the_first_is_the_cover(
    officer, unit, zalo_account, fake_zalo, settings
):
    settings.LANTOA_BASE_URL = "https://congdoandaukhi.example.vn"
    delivery = send_now(
        _schedule(officer, unit, zalo_account, media=[png("a1.png"), png("a2.png")])
    )
    assert delivery.status == DeliveryStatus.SENT
    (article,) = _articles(fake_zalo)
    images = [b for b in article["body"] if b["type"] == "image"]
    assert len(images) == 2
    assert all(
        i["url"].startswith("https://congdoandaukhi.example.vn/media/channels/media/")
        for i in images
    )
    assert article["cover"]["photo_url"] == images[0]["url"]
    assert article["body"][-1]["content"].startswith("Xem chi tiết: ")


def test_video_and_long_titles_are_refused_when_composing(officer, unit, zalo_account):
    video = posts.post_create(actor=officer, unit=unit, text="Clip", media=[mp4()])
    with pytest.raises(posts.PostRejected, match="không hỗ trợ đăng video"):
        posts.post_schedule(actor=officer, post=video, accounts=[zalo_account])
    long_title = posts.post_create(actor=officer, unit=unit, text="T" * 151 + "\nNội dung")
    with pytest.raises(posts.PostRejected, match="tiêu đề bài viết, dài 151 ký tự, tối đa 150"):
        posts.post_schedule(actor=officer, post=long_title, accounts=[zalo_account])
    assert not Delivery.objects.exists()


def test_image_over_one_megabyte_is_refused():
    big = MediaItem("image", Path("a.jpg"), "a.jpg", "image/jpeg", 2**20 + 1)
    assert adapter_for(Platform.ZALO_OA).validate(PostContent("Tin", media=[big])) == [
        "Ảnh «a.jpg» quá lớn (tối đa 1 MB)."
    ]


def test_scheduled_post_waits_for_its_time(officer, unit, zalo_account, fake_zalo):
    delivery = _schedule(officer, unit, zalo_account, at=timezone.now() + dt.timedelta(hours=1))
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert _articles(fake_zalo) == []
    Delivery.objects.filter(pk=delivery.pk).update(scheduled_at=timezone.now())
    assert send_now(delivery).status == DeliveryStatus.SENT
    assert len(_articles(fake_zalo)) == 1


def test_delete_removes_the_article(officer, unit, zalo_account, fake_zalo):
    delivery = send_now(_schedule(officer, unit, zalo_account))
    posts.delivery_delete_remote(actor=officer, delivery=delivery)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELETED
    assert _articles(fake_zalo) == []
    assert fake_zalo.posts.get(delivery.external_id)["deleted"] is True


def test_article_still_processing_is_reconciled_by_its_marker(
    officer, unit, zalo_account, fake_zalo
):
    fake_zalo.verify_pending_polls = 100  # Zalo keeps answering -214
    delivery = send_now(_schedule(officer, unit, zalo_account))
    assert delivery.status == DeliveryStatus.RETRYING
    attempt = delivery.attempts.get()
    assert (attempt.outcome, attempt.error_code) == (AttemptOutcome.UNCERTAIN, "-214")
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    (article,) = _articles(fake_zalo)  # one article, not two
    assert delivery.external_id == article["id"]
    assert delivery.attempts.last().outcome == AttemptOutcome.RECONCILED


def test_lost_answer_to_create_is_reconciled_not_posted_twice(
    officer, unit, zalo_account, fake_zalo
):
    fake_zalo.faults.update({"force_lost_responses": 1})
    delivery = send_now(_schedule(officer, unit, zalo_account))
    assert delivery.status == DeliveryStatus.RETRYING
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    (article,) = _articles(fake_zalo)
    assert delivery.external_id == article["id"]
    assert len([r for r in fake_zalo.requests if r["path"] == "/v2.0/article/create"]) == 1


def _set_cover(account, url):
    credentials = {**account_view(account).credentials, "cover_url": url}
    if not url:
        del credentials["cover_url"]
    ChannelAccount.objects.filter(pk=account.pk).update(
        credentials_encrypted=encrypt_json(credentials)
    )
    account.refresh_from_db()


@pytest.mark.parametrize(
    ("cover", "message"),
    [
        ("", "cần ảnh bìa"),
        ("{base}/_fake/khong-co.jpg", "không mở được (HTTP 404)"),
    ],
)
def test_preview_and_send_refuse_a_missing_or_broken_cover_alike(
    officer, unit, zalo_account, fake_zalo, cover, message
):
    _set_cover(zalo_account, cover.format(base=fake_zalo.base_url))
    post = posts.post_create(actor=officer, unit=unit, text=TEXT, link=LINK)

    # The preview says what the send would say ...
    (problems,) = posts.post_problems(post, [zalo_account]).values()
    assert any(message in p for p in problems)
    with pytest.raises(posts.PostRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        posts.post_schedule(actor=officer, post=post, accounts=[zalo_account])

    # ... and a cover that breaks after the post was queued fails the send the same way,
    # before Zalo is asked.
    _set_cover(zalo_account, f"{fake_zalo.base_url}/_fake/cover.jpg")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[zalo_account])
    _set_cover(zalo_account, cover.format(base=fake_zalo.base_url))
    from django.core.cache import cache

    cache.clear()  # the cover's last check is remembered for a few minutes
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.FAILED
    assert message in delivery.last_error
    assert [r for r in fake_zalo.requests if r["path"] == "/v2.0/article/create"] == []


def test_the_zalo_fake_refuses_a_cover_that_answers_404(fake_zalo):
    import httpx

    article = {
        "type": "normal",
        "title": "Tin",
        "author": "Công đoàn",
        "description": "Mô tả",
        "body": [{"type": "text", "content": "Nội dung"}],
        "cover": {
            "cover_type": "photo",
            "photo_url": f"{fake_zalo.base_url}/_fake/khong-co.jpg",
            "status": "show",
        },
        "status": "show",
    }
    answer = httpx.post(
        f"{fake_zalo.base_url}/v2.0/article/create",
        json=article,
        headers={"access_token": fake_zalo.ACCESS_TOKEN},
    ).json()
    assert (answer["error"], answer["message"]) == (-201, "cover is invalid!")
    assert fake_zalo.articles == {}


# -- errors ---------------------------------------------------------------------


def _credentials(account, **changes):
    credentials = {**account_view(account).credentials, **changes}
    ChannelAccount.objects.filter(pk=account.pk).update(
        credentials_encrypted=encrypt_json(credentials)
    )


def _revoked(fake, account):
    fake.auto_accounts = False
    fake.revoke_token(fake.ACCESS_TOKEN)


def _expired(fake, account):
    fake.expire_token(fake.ACCESS_TOKEN)


def _wrong_proof(fake, account):
    _credentials(account, app_secret="not-the-app-secret")


def _throttled(fake, account):
    fake.faults.update({"force_rate_limits": 1})


def _outage(fake, account):
    fake.faults.update({"force_errors": 1, "error_statuses": [502]})


def _title_too_long(fake, account):
    # Content that slipped past composition (an edit): Zalo answers -210.
    Delivery.objects.filter(account=account).update(text_override="T" * 200 + "\nNội dung")


@pytest.mark.parametrize(
    ("setup", "code", "expected"),
    [
        (_revoked, "-216", BROKEN),
        (_expired, "-220", BROKEN),
        (_wrong_proof, "-242", BROKEN),
        (_throttled, "-32", RETRY),
        (_outage, "502", RETRY),
        (_title_too_long, "-210", FAIL),
    ],
)
def test_zalo_errors_retry_fail_or_break_the_channel(
    officer, unit, zalo_account, fake_zalo, setup, code, expected
):
    delivery = _schedule(officer, unit, zalo_account)
    setup(fake_zalo, zalo_account)
    before = timezone.now()
    delivery = send_now(delivery)
    min_wait = 60 if code == "-32" else 0
    assert_refused(
        delivery,
        zalo_account,
        expected,
        code=code,
        before=before,
        min_wait=min_wait,
        error="title exceeds limit",
    )
    assert _articles(fake_zalo) == []


@pytest.mark.parametrize(
    ("code", "message", "kind"),
    [
        (-216, "Access token is invalid", ErrorKind.AUTH),
        (-220, "Access token has expired", ErrorKind.AUTH),
        (-124, "", ErrorKind.AUTH),
        (3, "", ErrorKind.AUTH),
        (-219, "app removed", ErrorKind.AUTH),
        (-223, "", ErrorKind.AUTH),
        (-242, "appsecret_proof is invalid", ErrorKind.AUTH),
        (-204, "OA disabled", ErrorKind.AUTH),
        (-201, "access_token is invalid!", ErrorKind.AUTH),
        (-201, "title is invalid!", ErrorKind.PERMANENT),
        (-32, "reached limit call api", ErrorKind.TRANSIENT),
        (-211, "out of quota", ErrorKind.TRANSIENT),
        (-210, "exceeds limit", ErrorKind.PERMANENT),
        (-213, "not follower", ErrorKind.PERMANENT),
        (-221, "OA must be verified", ErrorKind.PERMANENT),
        (-224, "upgrade package", ErrorKind.PERMANENT),
        (-248, "violates standards", ErrorKind.PERMANENT),
    ],
)
def test_every_documented_zalo_code_has_its_kind(code, message, kind):
    error = zalo_error(code, message)
    assert (error.kind, error.code) == (kind, str(code))
    if code == -211:
        assert 0 < error.retry_after <= 24 * 3600 + 5  # until midnight, Vietnam time


# -- reading back -----------------------------------------------------------------


def test_verify_and_figures(officer, unit, zalo_account, fake_zalo):
    adapter, view = adapter_for(Platform.ZALO_OA), account_view(zalo_account)
    info = adapter.verify(view)
    assert (info.external_id, info.name, info.followers) == (
        fake_zalo.OA_ID,
        "Công đoàn Lantoa (demo)",
        3,
    )
    delivery = send_now(_schedule(officer, unit, zalo_account))
    fake_zalo.articles[delivery.external_id].update(total_view=321, total_share=7)
    (figures,) = adapter.fetch_metrics(view, [delivery.external_id, "khong-ton-tai"])
    assert (figures.external_id, figures.reach, figures.shares) == (delivery.external_id, 321, 7)
    assert (figures.reactions, figures.comments) == (None, None)


def test_find_by_marker_misses_an_unknown_marker(officer, unit, zalo_account, fake_zalo):
    send_now(_schedule(officer, unit, zalo_account))
    adapter = adapter_for(Platform.ZALO_OA)
    assert adapter.find_by_marker(account_view(zalo_account), "khongcodau") is None


def test_a_revoked_token_is_an_auth_error_for_verify(zalo_account, fake_zalo):
    fake_zalo.auto_accounts = False
    fake_zalo.revoke_token(fake_zalo.ACCESS_TOKEN)
    with pytest.raises(ChannelError) as exc:
        adapter_for(Platform.ZALO_OA).verify(account_view(zalo_account))
    assert exc.value.kind is ErrorKind.AUTH
