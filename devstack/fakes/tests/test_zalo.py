"""Zalo OA fake: header auth, articles, messages and their windows, uploads, OAuth, webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator

import httpx
import pytest

from devstack.fakes.zalo import FakeZalo

H = {"access_token": FakeZalo.ACCESS_TOKEN}
ARTICLE = {
    "type": "normal",
    "title": "Hội nghị người lao động",
    "author": "Công đoàn",
    "description": "Mã lt=ZK1",
    "cover": {"cover_type": "photo", "photo_url": "https://e.vn/c.jpg", "status": "show"},
    "body": [{"type": "text", "content": "Nội dung"}],
    "status": "show",
}


@pytest.fixture
def zl() -> Iterator[tuple[FakeZalo, httpx.Client]]:
    with FakeZalo() as fake, httpx.Client(base_url=fake.base_url, headers=H) as client:
        yield fake, client


def test_getoa_and_token_errors() -> None:
    with FakeZalo(auto_accounts=False) as fake, httpx.Client(base_url=fake.base_url) as c:
        ok = c.get("/v2.0/oa/getoa", headers=H).json()
        assert ok["error"] == 0 and ok["data"]["oa_id"] == FakeZalo.OA_ID
        # Bearer is not how Zalo takes the token.
        r = c.get("/v2.0/oa/getoa", headers={"Authorization": f"Bearer {FakeZalo.ACCESS_TOKEN}"})
        assert r.status_code == 200 and r.json()["error"] == -216
        fake.expire_token(FakeZalo.ACCESS_TOKEN)
        assert c.get("/v2.0/oa/getoa", headers=H).json()["error"] == -220


def test_appsecret_proof_header(zl) -> None:
    fake, c = zl
    good = hmac.new(
        fake.app_secret.encode(), FakeZalo.ACCESS_TOKEN.encode(), hashlib.sha256
    ).hexdigest()
    assert c.get("/v2.0/oa/getoa", headers={"appsecret_proof": good}).json()["error"] == 0
    assert c.get("/v2.0/oa/getoa", headers={"appsecret_proof": "bad"}).json()["error"] == -242


def test_article_lifecycle(zl) -> None:
    fake, c = zl
    token = c.post("/v2.0/article/create", json=ARTICLE).json()["data"]["token"]
    first = c.post("/v2.0/article/verify", json={"token": token}).json()
    assert first["error"] == -214
    article_id = c.post("/v2.0/article/verify", json={"token": token}).json()["data"]["id"]
    listing = c.get(
        "/v2.0/article/getslice", params={"offset": 0, "limit": 10, "type": "normal"}
    ).json()["data"]
    assert listing["total"] == 1 and listing["medias"][0]["id"] == article_id
    assert set(listing["medias"][0]) >= {
        "title",
        "status",
        "total_view",
        "total_share",
        "create_date",
        "link_view",
    }
    detail = c.get(
        "/v2.0/article/getdetail", params={"data": json.dumps({"id": article_id})}
    ).json()["data"]
    assert detail["description"] == "Mã lt=ZK1"
    assert c.post("/v2.0/article/remove", json={"id": article_id}).json()["error"] == 0
    assert c.get("/v2.0/article/getdetail", params={"id": article_id}).json()["error"] == -201
    assert fake.posts.all()[0]["deleted"] is True


def test_article_validation(zl) -> None:
    _, c = zl
    assert (
        c.post("/v2.0/article/create", json={**ARTICLE, "title": "t" * 151}).json()["error"] == -210
    )
    assert c.post("/v2.0/article/create", json={**ARTICLE, "body": []}).json()["error"] == -201
    assert c.post("/v2.0/article/create", json={**ARTICLE, "type": "poll"}).json()["error"] == -201


def test_consultation_window_and_text_limit(zl) -> None:
    fake, c = zl
    recent, older, stale = list(fake.users)
    ok = c.post(
        "/v3.0/oa/message/cs", json={"recipient": {"user_id": recent}, "message": {"text": "Chào"}}
    ).json()
    assert ok["error"] == 0 and ok["data"]["message_id"]
    paid = c.post(
        "/v3.0/oa/message/cs", json={"recipient": {"user_id": older}, "message": {"text": "Chào"}}
    ).json()
    assert paid["error"] == 0 and fake.posts.all()[-1]["paid"] is True
    late = c.post(
        "/v3.0/oa/message/cs", json={"recipient": {"user_id": stale}, "message": {"text": "Chào"}}
    ).json()
    assert late["error"] == -230
    long = c.post(
        "/v3.0/oa/message/cs",
        json={"recipient": {"user_id": recent}, "message": {"text": "x" * 501}},
    ).json()
    assert long["error"] == -210


def test_transaction_promotion_and_v2(zl) -> None:
    fake, c = zl
    user = next(iter(fake.users))
    tx = {
        "recipient": {"user_id": user},
        "message": {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "transaction_event", "language": "VI", "elements": []},
            }
        },
    }
    assert c.post("/v3.0/oa/message/transaction", json=tx).json()["error"] == 0
    wrong = json.loads(json.dumps(tx))
    wrong["message"]["attachment"]["payload"]["template_type"] = "promotion"
    assert c.post("/v3.0/oa/message/transaction", json=wrong).json()["error"] == -233
    # 23:00 in Vietnam (16:00 UTC) is inside the quiet hours; 10:00 (03:00 UTC) is not.
    fake.clock_offset = 0
    now = fake.now()
    fake.advance_clock((16 * 3600 - now % 86400) % 86400)
    assert c.post("/v3.0/oa/message/promotion", json=wrong).json()["error"] == -234
    fake.advance_clock(11 * 3600)
    assert c.post("/v3.0/oa/message/promotion", json=wrong).json()["error"] == 0
    v2 = c.post(
        "/v2.0/oa/message", json={"recipient": {"user_id": user}, "message": {"text": "x"}}
    ).json()
    assert v2["error"] == -240


def test_broadcast_article_and_uploads(zl) -> None:
    fake, c = zl
    token = c.post("/v2.0/article/create", json=ARTICLE).json()["data"]["token"]
    c.post("/v2.0/article/verify", json={"token": token})
    article_id = c.post("/v2.0/article/verify", json={"token": token}).json()["data"]["id"]
    body = {
        "recipient": {"target": {"cities": "4,9"}},
        "message": {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{"media_type": "article", "attachment_id": article_id}],
                },
            }
        },
    }
    assert c.post("/v2.0/oa/message", json=body).json()["error"] == 0
    assert fake.posts.all()[-1]["kind"] == "broadcast"
    img = c.post("/v2.0/oa/upload/image", files={"file": ("a.jpg", b"jpg", "image/jpeg")}).json()
    assert img["error"] == 0 and img["data"]["attachment_id"]
    big = c.post(
        "/v2.0/oa/upload/image", files={"file": ("a.jpg", b"0" * (1024 * 1024 + 1))}
    ).json()
    assert big["error"] == -210
    assert c.post("/v2.0/oa/upload/file", files={"file": ("a.pdf", b"%PDF")}).json()["data"][
        "token"
    ]


def test_followers(zl) -> None:
    _, c = zl
    lst = c.get(
        "/v3.0/oa/user/getlist", params={"data": json.dumps({"offset": 0, "count": 2})}
    ).json()["data"]
    assert lst["total"] == 3 and len(lst["users"]) == 2
    uid = lst["users"][0]["user_id"]
    detail = c.get("/v3.0/oa/user/detail", params={"data": json.dumps({"user_id": uid})}).json()[
        "data"
    ]
    assert detail["display_name"] == "Nguyễn Văn A"


def test_oauth_refresh_token_is_single_use(zl) -> None:
    fake, c = zl
    form = {
        "app_id": FakeZalo.APP_ID,
        "grant_type": "refresh_token",
        "refresh_token": "zalo-fake-refresh-token",
    }
    hdr = {"secret_key": fake.app_secret}
    first = c.post("/v4/oa/access_token", data=form, headers=hdr).json()
    assert first["expires_in"] == "90000" and first["refresh_token"] != form["refresh_token"]
    assert "error" in c.post("/v4/oa/access_token", data=form, headers=hdr).json()
    assert (
        c.get("/v2.0/oa/getoa", headers={"access_token": first["access_token"]}).json()["error"]
        == 0
    )
    code = fake.issue_auth_code()
    auth = c.post(
        "/v4/oa/access_token",
        headers=hdr,
        data={"app_id": FakeZalo.APP_ID, "code": code, "grant_type": "authorization_code"},
    ).json()
    assert auth["access_token"]
    assert (
        "error" in c.post("/v4/oa/access_token", headers={"secret_key": "wrong"}, data=form).json()
    )


def test_rate_limit_is_error_minus_32_with_http_200() -> None:
    with (
        FakeZalo(faults={"force_rate_limits": 1}) as fake,
        httpx.Client(base_url=fake.base_url, headers=H) as c,
    ):
        r = c.get("/v2.0/oa/getoa")
        assert r.status_code == 200 and r.json()["error"] == -32


@pytest.mark.parametrize("signature_id", ["app_id", "oa_id"])
def test_webhook_signature(receiver, signature_id: str) -> None:
    with FakeZalo(signature_id=signature_id) as fake:
        signed = fake.build_comment_webhook(text="Cho hỏi")
        assert fake.send_webhook(signed, receiver.url).status == 200
    call = receiver.calls[0]
    payload = json.loads(call["body"])
    first = FakeZalo.APP_ID if signature_id == "app_id" else FakeZalo.OA_ID
    material = (
        first.encode()
        + call["body"]
        + payload["timestamp"].encode()
        + FakeZalo.OA_SECRET_KEY.encode()
    )
    assert call["headers"]["X-ZEvent-Signature"] == "mac=" + hashlib.sha256(material).hexdigest()
    assert payload["event_name"] == "user_send_text" and len(payload["timestamp"]) == 13
