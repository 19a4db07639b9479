"""Telegram fake over raw HTTP: envelopes, encodings, limits, errors, webhooks."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from devstack.fakes.telegram import FakeTelegram

TOKEN = FakeTelegram.DEFAULT_TOKEN
CHAT = FakeTelegram.DEFAULT_CHANNEL_ID


@pytest.fixture
def tg() -> Iterator[tuple[FakeTelegram, httpx.Client]]:
    with FakeTelegram() as fake, httpx.Client(base_url=f"{fake.base_url}/bot{TOKEN}") as client:
        yield fake, client


def test_send_message_json_form_and_query(tg) -> None:
    fake, c = tg
    r1 = c.post("/sendMessage", json={"chat_id": CHAT, "text": "Chào"}).json()
    r2 = c.post("/sendMessage", data={"chat_id": "@lantoa_demo", "text": "Chào 2"}).json()
    r3 = c.get("/sendMessage", params={"chat_id": str(CHAT), "text": "Chào 3"}).json()
    assert [r["result"]["message_id"] for r in (r1, r2, r3)] == [1, 2, 3]
    msg = r1["result"]
    assert (
        msg["chat"]["type"] == "channel" and msg["sender_chat"]["id"] == CHAT and "from" not in msg
    )
    assert [p["text"] for p in fake.posts.all()] == ["Chào", "Chào 2", "Chào 3"]


def test_method_names_are_case_insensitive(tg) -> None:
    _, c = tg
    assert c.get("/GETME").json()["result"]["is_bot"] is True


def test_token_errors() -> None:
    with FakeTelegram(auto_accounts=False) as fake, httpx.Client(base_url=fake.base_url) as c:
        r = c.get("/bot999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/getMe")
        assert r.status_code == 401 and r.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
        assert c.get("/botnot-a-token/getMe").status_code == 404
        fake.revoke_token(TOKEN)
        assert c.get(f"/bot{TOKEN}/getMe").status_code == 401


def test_text_limits_and_entities(tg) -> None:
    _, c = tg
    ok = c.post("/sendMessage", json={"chat_id": CHAT, "text": "x" * 4096})
    assert ok.status_code == 200
    r = c.post("/sendMessage", json={"chat_id": CHAT, "text": "x" * 4097})
    assert r.status_code == 400 and r.json()["description"] == "Bad Request: message is too long"
    # Markup does not count toward the limit: 4096 visible characters inside <b> are fine.
    html_ok = c.post(
        "/sendMessage",
        json={"chat_id": CHAT, "text": "<b>" + "y" * 4096 + "</b>", "parse_mode": "HTML"},
    )
    assert html_ok.status_code == 200 and html_ok.json()["result"]["text"] == "y" * 4096
    bad = c.post("/sendMessage", json={"chat_id": CHAT, "text": "<b>open", "parse_mode": "HTML"})
    assert bad.status_code == 400 and "can't parse entities" in bad.json()["description"]
    md = c.post(
        "/sendMessage", json={"chat_id": CHAT, "text": "Giá 1.000đ", "parse_mode": "MarkdownV2"}
    )
    assert md.status_code == 400 and "reserved" in md.json()["description"]
    assert (
        c.post(
            "/sendMessage",
            json={"chat_id": CHAT, "text": "Giá 1\\.000đ", "parse_mode": "MarkdownV2"},
        ).status_code
        == 200
    )
    assert (
        c.post("/sendMessage", json={"chat_id": CHAT, "text": ""}).json()["description"]
        == "Bad Request: message text is empty"
    )


def test_photo_upload_url_and_caption_limit(tg) -> None:
    fake, c = tg
    up = c.post(
        "/sendPhoto",
        data={"chat_id": str(CHAT), "caption": "Ảnh"},
        files={"photo": ("a.jpg", b"\xff\xd8" + b"0" * 100, "image/jpeg")},
    ).json()["result"]
    assert up["caption"] == "Ảnh" and up["photo"][-1]["file_size"] == 102
    by_url = c.post("/sendPhoto", json={"chat_id": CHAT, "photo": "https://example.vn/a.jpg"})
    assert by_url.status_code == 200
    again = c.post("/sendPhoto", json={"chat_id": CHAT, "photo": up["photo"][-1]["file_id"]})
    assert again.status_code == 200
    bad_ref = c.post("/sendPhoto", json={"chat_id": CHAT, "photo": "not-a-file-id"})
    assert bad_ref.json()["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    long = c.post(
        "/sendPhoto", json={"chat_id": CHAT, "photo": "https://e.vn/a.jpg", "caption": "c" * 1025}
    )
    assert (
        long.status_code == 400
        and long.json()["description"] == "Bad Request: message caption is too long"
    )
    big = c.post(
        "/sendPhoto",
        data={"chat_id": str(CHAT)},
        files={"photo": ("b.jpg", b"0" * (10 * 1024 * 1024 + 1))},
    )
    assert big.status_code == 413
    assert [p["kind"] for p in fake.posts.all()] == ["photo", "photo", "photo"]


def test_media_group_and_video(tg) -> None:
    fake, c = tg
    media = [
        {"type": "photo", "media": "attach://p1", "caption": "<b>Bộ ảnh</b>", "parse_mode": "HTML"},
        {"type": "photo", "media": "https://example.vn/2.jpg"},
        {"type": "video", "media": "https://example.vn/v.mp4"},
    ]
    r = c.post(
        "/sendMediaGroup",
        data={"chat_id": str(CHAT), "media": json.dumps(media)},
        files={"p1": ("1.jpg", b"img", "image/jpeg")},
    ).json()
    msgs = r["result"]
    assert [m["message_id"] for m in msgs] == [1, 2, 3]
    assert len({m["media_group_id"] for m in msgs}) == 1 and msgs[0]["caption"] == "Bộ ảnh"
    one = c.post("/sendMediaGroup", json={"chat_id": CHAT, "media": media[:1]})
    assert one.status_code == 400
    eleven = c.post("/sendMediaGroup", json={"chat_id": CHAT, "media": [media[1]] * 11})
    assert eleven.status_code == 400
    mixed = c.post(
        "/sendMediaGroup",
        json={
            "chat_id": CHAT,
            "media": [media[1], {"type": "document", "media": "https://e.vn/a.pdf"}],
        },
    )
    assert mixed.status_code == 400
    video = c.post(
        "/sendVideo", json={"chat_id": CHAT, "video": "https://example.vn/v.mp4", "caption": "clip"}
    )
    assert video.json()["result"]["video"]["duration"] == 10
    assert [p["kind"] for p in fake.posts.all()] == ["media_group", "video"]


def test_delete_rules(tg) -> None:
    fake, c = tg
    mid = c.post("/sendMessage", json={"chat_id": CHAT, "text": "xoá tôi"}).json()["result"][
        "message_id"
    ]
    assert c.post("/deleteMessage", json={"chat_id": CHAT, "message_id": mid}).json() == {
        "ok": True,
        "result": True,
    }
    again = c.post("/deleteMessage", json={"chat_id": CHAT, "message_id": mid})
    assert again.json()["description"] == "Bad Request: message to delete not found"
    old = c.post("/sendMessage", json={"chat_id": CHAT, "text": "cũ"}).json()["result"][
        "message_id"
    ]
    fake.advance_clock(48 * 3600 + 1)
    late = c.post("/deleteMessage", json={"chat_id": CHAT, "message_id": old})
    assert late.json()["description"] == "Bad Request: message can't be deleted for everyone"
    assert fake.posts.all()[0]["deleted"] is True and fake.posts.all()[1]["deleted"] is False


def test_edit_message_text(tg) -> None:
    fake, c = tg
    mid = c.post("/sendMessage", json={"chat_id": CHAT, "text": "a"}).json()["result"]["message_id"]
    r = c.post("/editMessageText", json={"chat_id": CHAT, "message_id": mid, "text": "b"}).json()[
        "result"
    ]
    assert r["text"] == "b" and "edit_date" in r
    same = c.post("/editMessageText", json={"chat_id": CHAT, "message_id": mid, "text": "b"})
    assert "message is not modified" in same.json()["description"]
    assert fake.posts.all()[0]["text"] == "b"


def test_chat_errors_and_permissions(tg) -> None:
    fake, c = tg
    assert (
        c.post("/sendMessage", json={"chat_id": 12345, "text": "x"}).json()["description"]
        == "Bad Request: chat not found"
    )
    assert (
        c.post("/sendMessage", json={"text": "x"}).json()["description"]
        == "Bad Request: chat_id is empty"
    )
    fake.add_channel(-1001111111111, bot_status="left")
    left = c.post("/sendMessage", json={"chat_id": -1001111111111, "text": "x"})
    assert left.status_code == 403 and left.json()["description"].startswith("Forbidden")
    fake.add_channel(-1002222222222, bot_status="administrator", can_post_messages=False)
    no_right = c.post("/sendMessage", json={"chat_id": -1002222222222, "text": "x"})
    assert no_right.status_code == 400 and "administrator rights" in no_right.json()["description"]


def test_chat_info_member_count_and_admin_rights(tg) -> None:
    _, c = tg
    chat = c.get("/getChat", params={"chat_id": CHAT}).json()["result"]
    assert chat["type"] == "channel" and chat["username"] == "lantoa_demo"
    assert c.get("/getChatMemberCount", params={"chat_id": CHAT}).json()["result"] == 1234
    bot_id = c.get("/getMe").json()["result"]["id"]
    member = c.get("/getChatMember", params={"chat_id": CHAT, "user_id": bot_id}).json()["result"]
    assert member["status"] == "administrator" and member["can_post_messages"] is True


def test_429_shape_and_flood_limit() -> None:
    with (
        FakeTelegram(per_chat_limit=(2, 60.0)) as fake,
        httpx.Client(base_url=f"{fake.base_url}/bot{TOKEN}") as c,
    ):
        for i in range(2):
            assert c.post("/sendMessage", json={"chat_id": CHAT, "text": str(i)}).status_code == 200
        r = c.post("/sendMessage", json={"chat_id": CHAT, "text": "x"})
        body = r.json()
        assert r.status_code == 429 and body["error_code"] == 429
        assert body["parameters"]["retry_after"] == 60
        assert body["description"] == "Too Many Requests: retry after 60"
        fake.advance_clock(61)
        assert c.post("/sendMessage", json={"chat_id": CHAT, "text": "y"}).status_code == 200


def test_webhook_set_info_updates_conflict_and_secret_header(tg, receiver) -> None:
    fake, c = tg
    assert c.get("/getUpdates").json() == {"ok": True, "result": []}
    bad = c.post("/setWebhook", json={"url": receiver.url, "secret_token": "bad secret!"})
    assert bad.json()["description"] == "Bad Request: secret token contains unallowed characters"
    assert c.post("/setWebhook", json={"url": "http://example.com/hook"}).status_code == 400
    r = c.post("/setWebhook", json={"url": receiver.url, "secret_token": "s3cr3t_-X"}).json()
    assert r == {"ok": True, "result": True, "description": "Webhook was set"}
    info = c.get("/getWebhookInfo").json()["result"]
    assert info["url"] == receiver.url and info["pending_update_count"] == 0
    assert c.get("/getUpdates").status_code == 409
    result = fake.send_webhook(fake.build_comment_webhook(text="Hay quá", message_id=7))
    assert result.status == 200
    call = receiver.calls[0]
    assert call["headers"]["X-Telegram-Bot-Api-Secret-Token"] == "s3cr3t_-X"
    update = json.loads(call["body"])
    assert update["message"]["text"] == "Hay quá"
    assert update["message"]["reply_to_message"]["forward_origin"]["message_id"] == 7
    assert c.post("/deleteWebhook").json()["description"] == "Webhook was deleted"


def test_control_endpoint_sends_webhook(tg, receiver) -> None:
    fake, c = tg
    c.post("/setWebhook", json={"url": receiver.url, "secret_token": "abc"})
    with httpx.Client(base_url=fake.base_url) as ctl:
        r = ctl.post("/_fake/webhook", json={"text": "bình luận"}).json()
    assert (
        r["status"] == 200
        and receiver.calls[0]["headers"]["X-Telegram-Bot-Api-Secret-Token"] == "abc"
    )
    with httpx.Client(base_url=fake.base_url) as ctl:
        refused = ctl.post("/_fake/webhook", json={"url": "http://example.com/x"})
    assert refused.status_code == 400


def test_set_webhook_is_as_strict_as_telegram_on_ports_and_secrets(tg) -> None:
    _fake, c = tg
    on_port = c.post("/setWebhook", json={"url": "https://lantoa.example.vn:8000/webhooks/x/"})
    assert on_port.status_code == 400
    assert "ports 80, 88, 443 or 8443" in on_port.json()["description"]
    for port in ("", ":8443", ":88"):
        ok = c.post("/setWebhook", json={"url": f"https://lantoa.example.vn{port}/webhooks/x/"})
        assert ok.status_code == 200, port
    too_long = c.post(
        "/setWebhook", json={"url": "https://lantoa.example.vn/w/", "secret_token": "a" * 257}
    )
    assert too_long.status_code == 400
    empty = c.post("/setWebhook", json={"url": "https://lantoa.example.vn/w/", "secret_token": ""})
    assert empty.status_code == 400


def test_an_unknown_channel_is_not_found_whatever_its_id(tg) -> None:
    fake, c = tg
    for chat_id in (-1009999999999, "@kenh_chua_co"):
        r = c.post("/sendMessage", json={"chat_id": chat_id, "text": "x"})
        assert (r.status_code, r.json()["description"]) == (400, "Bad Request: chat not found")
        assert c.post("/getChat", json={"chat_id": chat_id}).status_code == 400
    assert fake.posts.all() == []
    # The dev stack adds one the way an officer would (channel made, bot made admin).
    added = httpx.post(
        f"{fake.base_url}/_fake/channels",
        json={"chat_id": -1009999999999, "username": "@kenh_moi", "title": "Kênh mới"},
    )
    assert added.json() == {
        "id": -1009999999999,
        "type": "channel",
        "title": "Kênh mới",
        "username": "kenh_moi",
    }
    assert c.post("/sendMessage", json={"chat_id": "@kenh_moi", "text": "x"}).status_code == 200


def test_html_formatting_comes_back_as_entities_with_utf16_offsets(tg) -> None:
    _, c = tg
    text = (
        '🎉 <b>Đại hội</b> &amp;lt;VII&amp;gt; <a href="https://cd.vn/a">xem</a> '
        "https://cd.vn/b?lt=abc #CongDoan"
    )
    msg = c.post("/sendMessage", json={"chat_id": CHAT, "text": text, "parse_mode": "HTML"}).json()[
        "result"
    ]
    # Character references are decoded once: "&amp;lt;" shows as "&lt;".
    assert msg["text"] == "🎉 Đại hội &lt;VII&gt; xem https://cd.vn/b?lt=abc #CongDoan"
    assert msg["entities"] == [
        {"offset": 3, "length": 7, "type": "bold"},
        {"offset": 23, "length": 3, "type": "text_link", "url": "https://cd.vn/a"},
        {"offset": 27, "length": 22, "type": "url"},
        {"offset": 50, "length": 9, "type": "hashtag"},
    ]
    plain = c.post("/sendMessage", json={"chat_id": CHAT, "text": "Không định dạng"}).json()
    assert "entities" not in plain["result"]
