"""Viber fake: token placement, set_webhook ping, channel posts, bot messages, status codes, signing."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator

import httpx
import pytest

from devstack.fakes.viber import FakeViber

H = {"X-Viber-Auth-Token": FakeViber.TOKEN}
ADMIN = FakeViber.SUPERADMIN_ID


@pytest.fixture
def vb() -> Iterator[tuple[FakeViber, httpx.Client]]:
    with FakeViber() as fake, httpx.Client(base_url=fake.base_url, headers=H) as client:
        yield fake, client


def expected_sig(body: bytes) -> str:
    return hmac.new(FakeViber.TOKEN.encode(), body, hashlib.sha256).hexdigest()


def test_account_info_lists_superadmin(vb) -> None:
    _, c = vb
    info = c.post("/pa/get_account_info", json={}).json()
    assert info["status"] == 0 and info["status_message"] == "ok"
    assert [m["id"] for m in info["members"] if m["role"] == "superadmin"] == [ADMIN]
    assert c.get("/pa/get_account_info").json()["status"] == 0


def test_token_in_body_and_errors() -> None:
    with FakeViber(auto_accounts=False) as fake, httpx.Client(base_url=fake.base_url) as c:
        assert (
            c.post("/pa/get_account_info", json={"auth_token": FakeViber.TOKEN}).json()["status"]
            == 0
        )
        assert c.post("/pa/get_account_info", json={}).json()["status"] == 2
        bad = c.post("/pa/get_account_info", headers={"X-Viber-Auth-Token": "nope"}, json={}).json()
        assert bad == {"status": 2, "status_message": "invalidAuthToken"}


def test_post_requires_webhook_then_succeeds(vb, receiver) -> None:
    fake, c = vb
    before = c.post("/pa/post", json={"from": ADMIN, "type": "text", "text": "Xin chào"}).json()
    assert before == {"status": 10, "status_message": "webhookNotSet"}
    r = c.post("/pa/set_webhook", json={"url": receiver.url}).json()
    assert r["status"] == 0
    ping = receiver.calls[0]
    assert json.loads(ping["body"])["event"] == "webhook"
    assert ping["headers"]["X-Viber-Content-Signature"] == expected_sig(ping["body"])
    text = c.post("/pa/post", json={"from": ADMIN, "type": "text", "text": "Xin chào"}).json()
    assert text["status"] == 0 and isinstance(text["message_token"], int)
    pic = c.post(
        "/pa/post",
        json={"from": ADMIN, "type": "picture", "text": "Ảnh", "media": "https://e.vn/a.jpg"},
    ).json()
    assert pic["status"] == 0
    assert [p["kind"] for p in fake.posts.all()] == ["text", "picture"]


def test_post_validation(vb, receiver) -> None:
    _, c = vb
    c.post("/pa/set_webhook", json={"url": receiver.url})
    assert (
        c.post("/pa/post", json={"from": ADMIN, "type": "text", "text": "x" * 7001}).json()[
            "status"
        ]
        == 3
    )
    assert c.post("/pa/post", json={"from": ADMIN, "type": "picture"}).json()["status"] == 4
    assert (
        c.post("/pa/post", json={"from": "stranger", "type": "text", "text": "x"}).json()["status"]
        == 3
    )
    assert c.post("/pa/post", json={"from": ADMIN, "type": "rich_media"}).json()["status"] == 3
    huge = c.post("/pa/post", json={"from": ADMIN, "type": "text", "text": "x" * 31000}).json()
    assert huge["status"] == 3


def test_set_webhook_refused_when_endpoint_fails(vb, receiver) -> None:
    _, c = vb
    receiver.status = 500
    assert c.post("/pa/set_webhook", json={"url": receiver.url}).json()["status"] == 1
    assert c.post("/pa/set_webhook", json={"url": "http://example.com/hook"}).json()["status"] == 1


def test_bot_messages_broadcast_and_hourly_limit(receiver) -> None:
    with (
        FakeViber(per_user_hourly_limit=2) as fake,
        httpx.Client(base_url=fake.base_url, headers=H) as c,
    ):
        msg = {
            "receiver": "01234567890A=",
            "type": "text",
            "text": "Chào",
            "sender": {"name": "Công đoàn"},
        }
        assert [c.post("/pa/send_message", json=msg).json()["status"] for _ in range(3)] == [
            0,
            0,
            12,
        ]
        assert c.post("/pa/send_message", json={**msg, "receiver": "unknown"}).json()["status"] == 6
        assert c.post("/pa/send_message", json={**msg, "sender": {}}).json()["status"] == 3
        bc = c.post(
            "/pa/broadcast_message", json={**msg, "broadcast_list": ["01234567890B=", "ghost"]}
        ).json()
        assert bc["status"] == 0 and bc["failed_list"] == [
            {"receiver": "ghost", "status": 6, "status_message": "receiverNotSubscribed"}
        ]
        too_many = c.post(
            "/pa/broadcast_message", json={**msg, "broadcast_list": [str(i) for i in range(301)]}
        )
        assert too_many.json()["status"] == 3
        user = c.post("/pa/get_user_details", json={"id": "01234567890A="}).json()
        assert user["user"]["name"] == "Nguyễn Văn A"


def test_rate_limit_fault_is_status_12(vb) -> None:
    fake, c = vb
    fake.faults.update({"force_rate_limits": 1})
    assert c.post("/pa/get_account_info", json={}).json() == {
        "status": 12,
        "status_message": "tooManyRequests",
    }


def test_message_callback_signature(vb, receiver) -> None:
    fake, c = vb
    c.post("/pa/set_webhook", json={"url": receiver.url})
    signed = fake.build_comment_webhook(text="Cảm ơn")
    assert signed.url == receiver.url and fake.send_webhook(signed).status == 200
    call = receiver.calls[-1]
    assert call["headers"]["X-Viber-Content-Signature"] == expected_sig(call["body"])
    assert json.loads(call["body"])["message"]["text"] == "Cảm ơn"
