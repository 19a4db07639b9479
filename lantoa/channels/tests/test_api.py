"""The channels API: scoped channels (never their credentials), posts created
and queued in one call (refused per channel with `post_rejected`), the queue,
retry and cancel. Bearer-token calls through the Django test client; sending
goes to the Telegram fake."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from devstack.fakes import FakeTelegram
from lantoa.channels.choices import AccountState, DeliveryStatus
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services import outbox, posts
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.channels.tests.sending import send_callbacks_expected
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import RoleAssignmentFactory

tree = org_conftest.tree  # the org tests' unit tree fixture (root … sibling, uncle)
CHANNELS = "/api/v1/channels/"
POSTS = "/api/v1/posts/"
DELIVERIES = "/api/v1/deliveries/"
TOKEN = FakeTelegram.DEFAULT_TOKEN


@pytest.fixture
def officer(tree):
    return RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user


@pytest.fixture
def approver(tree):
    return RoleAssignmentFactory(unit=tree.unit, role=Role.APPROVER).user


@pytest.fixture
def channel(tree, fake_telegram):
    return ChannelAccountFactory(
        unit=tree.unit,
        name="Lantoa demo",
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": TOKEN, "webhook_secret": "webhook-s3cret"},
    )


def queued(account, text="Thông báo"):
    post = posts.post_create(actor=SYSTEM, unit=account.unit, text=text)
    (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[account])
    return delivery


def send_now(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox.delivery_send(delivery_id=delivery.pk)
    return Delivery.objects.get(pk=delivery.pk)


# ---- channels --------------------------------------------------------------------------


def test_channels_are_listed_without_their_credentials(api, officer, tree, channel):
    ChannelAccountFactory(unit=tree.sibling, name="Kênh Cà Mau")
    response = api(officer).get(CHANNELS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item == {
        "public_id": str(channel.public_id),
        "unit": {"public_id": str(tree.unit.public_id), "code": "KVT"},
        "platform": "telegram_channel",
        "name": "Lantoa demo",
        "external_id": str(FakeTelegram.DEFAULT_CHANNEL_ID),
        "state": "active",
        "followers": None,
        "last_success_at": None,
        "last_error": "",
        "last_error_at": None,
    }
    text = response.content.decode()
    for secret in (TOKEN, "webhook-s3cret", channel.credentials_encrypted, "credentials"):
        assert secret not in text


def test_channels_filter_by_unit_subtree_and_state(api, officer, tree, channel):
    below = ChannelAccountFactory(unit=tree.grandchild, state=AccountState.BROKEN)
    caller = api(officer)

    by_unit = caller.get(CHANNELS, unit=str(tree.child.public_id)).json()
    by_state = caller.get(CHANNELS, state="broken").json()

    assert [i["public_id"] for i in by_unit["items"]] == [str(below.public_id)]
    assert [i["public_id"] for i in by_state["items"]] == [str(below.public_id)]


def test_a_unit_outside_the_scope_is_not_found(api, officer, tree):
    response = api(officer).get(CHANNELS, unit=str(tree.sibling.public_id))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy đơn vị."}


# ---- posts ----------------------------------------------------------------------------------


def test_a_post_is_created_and_queued_in_one_call(
    api, approver, tree, channel, fake_telegram, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api(approver).post(
            POSTS,
            {
                "unit": str(tree.unit.public_id),
                "text": "Tháng Công nhân 2026",
                "link": "https://cd.example.vn/a",
                "channels": [str(channel.public_id)],
            },
        )

    assert response.status_code == 201, response.content
    post = Post.objects.get()
    delivery = Delivery.objects.get()
    assert response.json() == {
        "public_id": str(post.public_id),
        "unit_id": str(tree.unit.public_id),
        "status": "approved",
        "text": "Tháng Công nhân 2026",
        "link": "https://cd.example.vn/a",
        "deliveries": [
            {
                "public_id": str(delivery.public_id),
                "channel_id": str(channel.public_id),
                "status": "queued",
                "scheduled_at": None,
            }
        ],
    }
    assert len(callbacks) == send_callbacks_expected()
    assert delivery.status == DeliveryStatus.SENT
    (record,) = fake_telegram.posts.all()
    assert record["text"] == f"Tháng Công nhân 2026\n\nhttps://cd.example.vn/a?lt={delivery.marker}"
    assert post.created_by == approver


def test_a_time_without_offset_is_the_units_time(api, approver, tree, channel):
    response = api(approver).post(
        POSTS,
        {
            "unit": str(tree.unit.public_id),
            "text": "Hẹn giờ",
            "channels": [str(channel.public_id)],
            "scheduled_at": "2030-05-01T08:30:00",
        },
    )
    assert response.status_code == 201
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SCHEDULED
    assert delivery.scheduled_at == dt.datetime(2030, 5, 1, 1, 30, tzinfo=dt.UTC)
    answered = response.json()["deliveries"][0]["scheduled_at"]
    assert dt.datetime.fromisoformat(answered) == delivery.scheduled_at


def test_a_post_a_channel_would_refuse_is_rejected_with_the_reasons(api, officer, tree, channel):
    response = api(officer).post(
        POSTS,
        {
            "unit": str(tree.unit.public_id),
            "text": "a" * 4200,
            "channels": [str(channel.public_id)],
        },
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "post_rejected",
        "message": "Bài đăng không phù hợp với giới hạn của kênh.",
        "problems": [
            {
                "channel_id": str(channel.public_id),
                "channel": "Telegram Channel: Lantoa demo",
                "messages": ["Nội dung dài 4200 ký tự, vượt giới hạn 4096 ký tự."],
                "codes": ["text_too_long"],
            }
        ],
    }
    assert Post.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert AuditLogEntry.objects.filter(action__startswith="channels.").count() == 0


@pytest.fixture
def zalo_without_cover(tree, settings):
    from lantoa.channels.choices import Platform

    settings.LANTOA_ZALO_DEFAULT_COVER_URL = ""
    return ChannelAccountFactory(
        unit=tree.unit,
        platform=Platform.ZALO_OA,
        name="OA Công đoàn",
        external_id="579745863508352884",
        credentials={"access_token": "zalo-token"},  # connected without a default cover
    )


def test_a_zalo_post_without_a_cover_is_refused_at_input_as_the_preview_says(
    api, officer, tree, zalo_without_cover
):
    """F6: it used to be accepted (201) and to fail at send time."""
    from lantoa.channels.adapters.zalo import NO_COVER
    from lantoa.channels.selectors_admin import channel_previews

    payload = {
        "unit": str(tree.unit.public_id),
        "text": "Đại hội Công đoàn\nNội dung",
        "channels": [str(zalo_without_cover.public_id)],
    }
    response = api(officer).post(POSTS, payload)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "post_rejected"
    assert body["problems"][0]["codes"] == ["cover_missing"]
    assert body["problems"][0]["messages"] == [NO_COVER]
    assert Post.objects.count() == 0
    # The composer's preview of the same post says the same, from the same check.
    post = posts.post_create(actor=officer, unit=tree.unit, text="Đại hội Công đoàn\nNội dung")
    (preview,) = channel_previews(post, [zalo_without_cover])
    assert preview.problems == [NO_COVER]
    assert preview.ok is False


def test_a_zalo_post_is_accepted_once_the_channel_has_a_default_cover(
    api, officer, tree, zalo_without_cover, settings, fake_zalo
):
    # A cover Zalo can fetch (the fake serves one; no internet in tests).
    settings.LANTOA_ZALO_DEFAULT_COVER_URL = f"{fake_zalo.base_url}/_fake/cover.jpg"
    payload = {
        "unit": str(tree.unit.public_id),
        "text": "Đại hội Công đoàn\nNội dung",
        "channels": [str(zalo_without_cover.public_id)],
        "scheduled_at": "2030-05-01T08:30:00",
    }
    assert api(officer).post(POSTS, payload).status_code == 201


def test_a_channel_outside_the_scope_is_not_found_and_nothing_is_created(
    api, officer, tree, channel
):
    theirs = ChannelAccountFactory(unit=tree.sibling)
    response = api(officer).post(
        POSTS,
        {
            "unit": str(tree.unit.public_id),
            "text": "Đăng hộ",
            "channels": [str(channel.public_id), str(theirs.public_id)],
        },
    )
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": f"Không tìm thấy kênh: {theirs.public_id}.",
    }
    assert Post.objects.count() == 0


def test_posting_for_another_unit_is_not_found(api, tree):
    stranger = RoleAssignmentFactory(unit=tree.sibling, role=Role.OFFICER).user
    response = api(stranger).post(
        POSTS, {"unit": str(tree.unit.public_id), "text": "x", "channels": [str(uuid.uuid4())]}
    )
    assert response.status_code == 404
    assert Post.objects.count() == 0


def test_a_link_must_be_a_web_address(api, officer, tree, channel):
    response = api(officer).post(
        POSTS,
        {
            "unit": str(tree.unit.public_id),
            "text": "x",
            "link": "javascript:alert(1)",
            "channels": [str(channel.public_id)],
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert Post.objects.count() == 0


def test_posts_are_listed_with_their_deliveries(api, officer, tree, channel):
    delivery = queued(channel, "Bài một")
    posts.post_create(actor=SYSTEM, unit=tree.sibling, text="Bài của đơn vị khác")

    body = api(officer).get(POSTS).json()

    assert body["count"] == 1
    (item,) = body["items"]
    assert item["public_id"] == str(delivery.post.public_id)
    assert item["unit_id"] == str(tree.unit.public_id)
    assert (item["text"], item["source"]) == ("Bài một", "manual")
    assert item["deliveries"] == [
        {
            "public_id": str(delivery.public_id),
            "channel_id": str(channel.public_id),
            "platform": "telegram_channel",
            "status": "queued",
        }
    ]


# ---- deliveries --------------------------------------------------------------------------------


def test_the_queue_lists_dead_letters_of_the_scope(
    api, officer, tree, channel, fake_telegram, settings
):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 1
    sent = send_now(queued(channel, "Đã đăng"))
    fake_telegram.faults.update({"force_errors": 1})
    failed = send_now(queued(channel, "Thất bại"))
    theirs = queued(ChannelAccountFactory(unit=tree.sibling))
    Delivery.objects.filter(pk=theirs.pk).update(status=DeliveryStatus.FAILED)
    caller = api(officer)

    dead = caller.get(DELIVERIES, status="failed").json()
    everything = caller.get(DELIVERIES).json()

    assert [i["public_id"] for i in dead["items"]] == [str(failed.public_id)]
    item = dead["items"][0]
    assert (item["status"], item["attempt_count"], item["post_id"], item["channel_id"]) == (
        "failed",
        1,
        str(failed.post.public_id),
        str(channel.public_id),
    )
    assert item["last_error"] == failed.last_error != ""
    assert {i["public_id"] for i in everything["items"]} == {
        str(sent.public_id),
        str(failed.public_id),
    }


def test_an_unknown_status_is_a_validation_error(api, officer, tree):
    response = api(officer).get(DELIVERIES, status="lost")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("slash", ["/", ""])
def test_a_dead_letter_is_retried(
    api, officer, channel, fake_telegram, settings, django_capture_on_commit_callbacks, slash
):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 1
    fake_telegram.faults.update({"force_errors": 1})
    delivery = send_now(queued(channel))
    assert delivery.status == DeliveryStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        response = api(officer).post(f"{DELIVERIES}{delivery.public_id}/retry{slash}")

    assert response.status_code == 200
    assert response.json()["status"] == "queued"
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT
    assert len(fake_telegram.posts.all()) == 1


def test_only_a_failed_delivery_can_be_retried(api, officer, channel):
    delivery = queued(channel)
    response = api(officer).post(f"{DELIVERIES}{delivery.public_id}/retry/")
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "Chỉ gửi lại được bài đã thất bại.",
    }
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.QUEUED


def test_a_delivery_is_cancelled_before_sending(api, officer, channel):
    delivery = queued(channel)
    response = api(officer).post(f"{DELIVERIES}{delivery.public_id}/cancel")
    assert response.status_code == 200
    assert response.json() == {
        "public_id": str(delivery.public_id),
        "status": "cancelled",
        "next_attempt_at": None,
    }
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.CANCELLED
    assert AuditLogEntry.objects.filter(action="channels.delivery_cancel").count() == 1


@pytest.mark.parametrize("action", ["retry", "cancel"])
def test_a_siblings_officer_cannot_act_on_the_delivery(api, tree, channel, action):
    delivery = queued(channel)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    stranger = RoleAssignmentFactory(unit=tree.sibling, role=Role.OFFICER).user

    response = api(stranger).post(f"{DELIVERIES}{delivery.public_id}/{action}/")

    assert response.status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED
    assert AuditLogEntry.objects.filter(action__startswith="channels.delivery").count() == 0


def test_no_token_no_channels(client, tree):
    response = client.get(CHANNELS)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


# ---- query counts -------------------------------------------------------------------------------


def _grow(tree, n):
    for i in range(n):
        account = ChannelAccountFactory(unit=tree.child, name=f"Kênh {i}")
        post = posts.post_create(actor=SYSTEM, unit=tree.child, text=f"Bài {i}")
        posts.post_schedule(actor=SYSTEM, post=post, accounts=[account])


@pytest.mark.parametrize(
    ("url", "query", "queries"),
    [
        (CHANNELS, {}, 4),  # token, roles, count, page (units joined)
        (CHANNELS, {"state": "active"}, 4),
        (POSTS, {}, 5),  # token, roles, count, page, deliveries with their channels
        (DELIVERIES, {}, 4),  # token, roles, count, page (posts and channels joined)
        (DELIVERIES, {"status": "queued"}, 4),
    ],
)
def test_list_query_counts(api, officer, tree, django_assert_num_queries, url, query, queries):
    _grow(tree, 6)
    caller = api(officer)
    caller.get(url, **query)  # a fresh token is stamped on first use (one UPDATE)
    with django_assert_num_queries(queries):
        body = caller.get(url, **query).json()
    assert body["count"] == 6


def test_every_refusal_code_is_documented_in_the_schema():
    """A new `Problem` code in an adapter fails here until the API documents it."""
    import re
    from pathlib import Path

    import lantoa.channels
    from lantoa.channels.api.schemas import PROBLEM_CODES

    root = Path(lantoa.channels.__file__).parent
    sources = [*root.glob("adapters/*.py"), root / "services" / "posts.py"]
    used = {
        code
        for path in sources
        for code in re.findall(r'Problem\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert used
    assert used == set(PROBLEM_CODES)
    documented = str(openapi_schema()["components"]["schemas"]["ChannelProblemOut"])
    assert all(f"`{code}`" in documented for code in PROBLEM_CODES)


def openapi_schema():
    """The API's published schema, as a client reads it."""
    from django.test import Client

    return Client().get("/api/v1/openapi.json").json()
