"""Facebook Graph API fake: publishing, reading back, errors, throttling, appsecret_proof, webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from devstack.fakes.facebook import FakeFacebook

PAGE = FakeFacebook.PAGE_ID
TOK = {"access_token": FakeFacebook.PAGE_TOKEN}


@pytest.fixture
def fb() -> Iterator[tuple[FakeFacebook, httpx.Client]]:
    with FakeFacebook() as fake, httpx.Client(base_url=fake.base_url) as client:
        yield fake, client


def test_me_versioned_unversioned_and_bearer(fb) -> None:
    _, c = fb
    for path in ("/v25.0/me", "/v19.0/me", "/me"):
        r = c.get(path, params=TOK)
        assert r.json() == {"name": "Công đoàn Lantoa (demo)", "id": PAGE}
        assert r.headers["facebook-api-version"] == "v25.0"
        usage = json.loads(r.headers["X-Business-Use-Case-Usage"])
        assert usage[PAGE][0]["type"] == "pages"
    bearer = c.get("/v25.0/me", headers={"Authorization": f"Bearer {FakeFacebook.PAGE_TOKEN}"})
    assert bearer.json()["id"] == PAGE
    user = c.get("/v25.0/me/accounts", params={"access_token": FakeFacebook.USER_TOKEN})
    assert user.json()["data"][0]["access_token"] == FakeFacebook.PAGE_TOKEN
    assert "X-App-Usage" in user.headers


def test_feed_post_with_link_and_reconcile_by_marker(fb) -> None:
    fake, c = fb
    r = c.post(
        f"/v25.0/{PAGE}/feed",
        params=TOK,
        json={"message": "Đại hội", "link": "https://lantoa.vn/a?lt=MK1"},
    )
    post_id = r.json()["id"]
    assert post_id.startswith(PAGE + "_")
    c.post(f"/v25.0/{PAGE}/feed", data={**TOK, "message": "Tin khác", "published": "true"})
    feed = c.get(f"/v25.0/{PAGE}/feed", params={**TOK, "fields": "message,link", "limit": 1}).json()
    assert feed["data"][0]["message"] == "Tin khác" and "next" in feed["paging"]
    nxt = httpx.get(feed["paging"]["next"]).json()
    assert nxt["data"] == [
        {"message": "Đại hội", "link": "https://lantoa.vn/a?lt=MK1", "id": post_id}
    ]
    assert [p["link"] for p in fake.posts.all()] == ["https://lantoa.vn/a?lt=MK1", None]
    rw = c.post(
        f"/v25.0/{PAGE}/feed", params={**TOK, "fields": "id,permalink_url"}, json={"message": "rw"}
    ).json()
    assert rw["permalink_url"].startswith("https://www.facebook.com/")


def test_feed_validation_and_duplicate(fb) -> None:
    _, c = fb
    empty = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == 100
    c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "same"})
    dup = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "same"}).json()["error"]
    assert dup["code"] == 506 and dup["type"] == "OAuthException" and "fbtrace_id" in dup


def test_scheduled_post_window_and_publication(fb) -> None:
    fake, c = fb
    now = int(fake.now())
    for when in (now + 300, now + 31 * 86400, "not a time"):
        r = c.post(
            f"/v25.0/{PAGE}/feed",
            params=TOK,
            json={"message": "s", "published": False, "scheduled_publish_time": when},
        )
        assert r.status_code == 400 and r.json()["error"]["code"] == 100
    iso = datetime.fromtimestamp(
        now + 86400, timezone(timedelta(hours=7))
    ).isoformat()  # Vietnam time
    published_too = c.post(
        f"/v25.0/{PAGE}/feed",
        params=TOK,
        json={"message": "s", "scheduled_publish_time": now + 3600},
    )
    assert published_too.status_code == 400
    ok = [
        c.post(
            f"/v25.0/{PAGE}/feed",
            params=TOK,
            json={"message": f"s{i}", "published": False, "scheduled_publish_time": t},
        ).json()["id"]
        for i, t in enumerate((now + 3600, "+2 days", iso))
    ]
    scheduled = c.get(f"/v25.0/{PAGE}/scheduled_posts", params=TOK).json()["data"]
    assert {p["id"] for p in scheduled} == set(ok)
    assert c.get(f"/v25.0/{PAGE}/feed", params=TOK).json()["data"] == []
    fake.advance_clock(3 * 86400)
    assert len(c.get(f"/v25.0/{PAGE}/feed", params=TOK).json()["data"]) == 3


def test_multi_photo_post_and_single_photo(fb) -> None:
    fake, c = fb
    ids = [
        c.post(
            f"/v25.0/{PAGE}/photos",
            params=TOK,
            data={"url": f"https://e.vn/{i}.jpg", "published": "false"},
        ).json()["id"]
        for i in range(2)
    ]
    form = {
        **TOK,
        "message": "Album",
        **{f"attached_media[{i}]": json.dumps({"media_fbid": x}) for i, x in enumerate(ids)},
    }
    post = c.post(f"/v25.0/{PAGE}/feed", data=form).json()
    assert "_" in post["id"]
    again = c.post(
        f"/v25.0/{PAGE}/feed",
        params=TOK,
        json={"message": "x", "attached_media": [{"media_fbid": ids[0]}]},
    )
    assert again.json()["error"]["error_subcode"] == 1366051
    bad = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"attached_media": [{"media_fbid": "1"}]})
    assert bad.json()["error"]["code"] == 100
    single = c.post(
        f"/v25.0/{PAGE}/photos",
        params=TOK,
        data={"message": "Một ảnh"},
        files={"source": ("a.jpg", b"\xff\xd8jpg", "image/jpeg")},
    ).json()
    assert set(single) == {"id", "post_id"}
    assert c.post(f"/v25.0/{PAGE}/photos", params=TOK, data={}).json()["error"]["code"] == 324
    big = c.post(
        f"/v25.0/{PAGE}/photos",
        params=TOK,
        files={"source": ("b.jpg", b"0" * (4 * 1024 * 1024 + 1))},
    )
    assert big.json()["error"]["error_subcode"] == 1366046
    assert [p["kind"] for p in fake.posts.all()] == ["post", "photo"]
    assert fake.posts.all()[0]["media"] == ids


def test_video_simple_and_chunked(fb) -> None:
    fake, c = fb
    simple = c.post(
        f"/v25.0/{PAGE}/videos",
        params=TOK,
        data={"file_url": "https://e.vn/v.mp4", "description": "Clip"},
    ).json()
    status = c.get(f"/v25.0/{simple['id']}", params={**TOK, "fields": "status"}).json()
    assert status["status"]["video_status"] == "ready"
    start = c.post(
        f"/v25.0/{PAGE}/videos", params=TOK, data={"upload_phase": "start", "file_size": "1500"}
    ).json()
    assert start["start_offset"] == "0" and start["end_offset"] == "1500"
    early = c.post(
        f"/v25.0/{PAGE}/videos",
        params=TOK,
        data={"upload_phase": "finish", "upload_session_id": start["upload_session_id"]},
    )
    assert early.status_code == 400
    step = c.post(
        f"/v25.0/{PAGE}/videos",
        params=TOK,
        data={
            "upload_phase": "transfer",
            "start_offset": "0",
            "upload_session_id": start["upload_session_id"],
        },
        files={"video_file_chunk": ("c", b"v" * 1500)},
    ).json()
    assert step == {"start_offset": "1500", "end_offset": "1500"}
    done = c.post(
        f"/v25.0/{PAGE}/videos",
        params=TOK,
        data={
            "upload_phase": "finish",
            "description": "Dài",
            "upload_session_id": start["upload_session_id"],
        },
    ).json()
    assert done == {"success": True}
    assert [p["kind"] for p in fake.posts.all()] == ["video", "video"]


def test_read_back_comments_reactions_insights_and_delete(fb) -> None:
    fake, c = fb
    post_id = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "Đọc lại"}).json()["id"]
    fake.set_engagement(
        post_id, reactions={"like": 5, "love": 2}, shares=3, media_views=120, clicks=9
    )
    fake.build_comment_webhook(post_id=post_id, message="Câu hỏi?")
    reply = c.post(f"/v25.0/{post_id}/comments", params=TOK, data={"message": "Trả lời"}).json()
    assert "_" in reply["id"]
    counts = c.get(
        f"/v25.0/{post_id}",
        params={
            **TOK,
            "fields": "shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)",
        },
    ).json()
    assert counts["shares"] == {"count": 3} and counts["reactions"]["summary"]["total_count"] == 7
    assert counts["comments"]["summary"]["total_count"] == 2 and counts["comments"]["data"] == []
    comments = c.get(f"/v25.0/{post_id}/comments", params={**TOK, "summary": "true"}).json()
    assert [x["message"] for x in comments["data"]] == ["Câu hỏi?", "Trả lời"]
    assert (
        comments["data"][0]["from"]["name"] == "Nguyễn Văn A"
        and comments["summary"]["total_count"] == 2
    )
    ins = c.get(
        f"/v25.0/{post_id}/insights",
        params={**TOK, "metric": "post_total_media_view_unique,post_reactions_by_type_total"},
    ).json()
    assert ins["data"][0]["values"][0]["value"] == 120 and ins["data"][1]["values"][0]["value"] == {
        "like": 5,
        "love": 2,
    }
    page_ins = c.get(
        f"/v25.0/{PAGE}/insights",
        params={**TOK, "metric": "page_follows,page_post_engagements", "period": "day"},
    ).json()
    assert [d["name"] for d in page_ins["data"]] == ["page_follows", "page_post_engagements"]
    assert page_ins["data"][1]["values"][0]["value"] == 7 + 2 + 3
    deprecated = c.get(
        f"/v25.0/{PAGE}/insights", params={**TOK, "metric": "page_impressions"}
    ).json()["error"]
    assert deprecated["code"] == 100 and "valid insights metric" in deprecated["message"]
    assert c.delete(f"/v25.0/{post_id}", params=TOK).json() == {"success": True}
    gone = c.get(f"/v25.0/{post_id}", params=TOK).json()["error"]
    assert (gone["code"], gone["error_subcode"], gone["type"]) == (100, 33, "GraphMethodException")
    assert fake.posts.get(post_id)["deleted"] is True
    unknown_field = c.get(f"/v25.0/{reply['id']}", params={**TOK, "fields": "nope"}).json()["error"]
    assert "nonexisting field" in unknown_field["message"]


def test_token_and_permission_errors() -> None:
    with FakeFacebook(auto_accounts=False) as fake, httpx.Client(base_url=fake.base_url) as c:
        assert c.get("/v25.0/me").json()["error"]["code"] == 104
        bad = c.get("/v25.0/me", params={"access_token": "garbage-token"}).json()["error"]
        assert bad["code"] == 190 and bad["type"] == "OAuthException"
        fake.add_page(
            "104000000000002",
            "Trang chỉ đọc",
            "EAAReadOnlyPageToken",
            permissions={"pages_read_engagement"},
        )
        denied = c.post(
            "/v25.0/104000000000002/feed",
            params={"access_token": "EAAReadOnlyPageToken"},
            json={"message": "x"},
        )
        assert denied.status_code == 400 and denied.json()["error"]["code"] == 200
        other = c.post(
            f"/v25.0/{PAGE}/feed",
            params={"access_token": "EAAReadOnlyPageToken"},
            json={"message": "x"},
        )
        assert other.json()["error"]["code"] == 200
        no_insights = c.get(
            "/v25.0/104000000000002/insights",
            params={"access_token": "EAAReadOnlyPageToken", "metric": "page_follows"},
        )
        assert no_insights.json()["error"]["code"] == 10
        fake.expire_token(FakeFacebook.PAGE_TOKEN)
        expired = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "x"}).json()["error"]
        assert (expired["code"], expired["error_subcode"]) == (190, 463)
        fake.invalidate_token(FakeFacebook.PAGE_TOKEN)
        assert c.get("/v25.0/me", params=TOK).json()["error"]["error_subcode"] == 460


def test_appsecret_proof_enforced_when_secret_configured() -> None:
    secret = "s3cret"
    proof = hmac.new(secret.encode(), FakeFacebook.PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()
    with FakeFacebook(app_secret=secret) as fake, httpx.Client(base_url=fake.base_url) as c:
        missing = c.get("/v25.0/me", params=TOK).json()["error"]
        assert missing["code"] == 100 and "require an appsecret_proof" in missing["message"]
        wrong = c.get("/v25.0/me", params={**TOK, "appsecret_proof": "0" * 64}).json()["error"]
        assert "Invalid appsecret_proof" in wrong["message"]
        assert c.get("/v25.0/me", params={**TOK, "appsecret_proof": proof}).status_code == 200


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_injected_rate_limit_codes_and_usage_headers(code: int) -> None:
    with (
        FakeFacebook(
            rate_limit_code=code, faults={"force_rate_limits": 1, "retry_after": 120}
        ) as fake,
        httpx.Client(base_url=fake.base_url) as c,
    ):
        r = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "x"})
        err = r.json()["error"]
        assert r.status_code == 400 and err["code"] == code and err["is_transient"] is True
        assert err["message"].startswith(f"(#{code})")
        if code == 32:
            buc = json.loads(r.headers["X-Business-Use-Case-Usage"])[PAGE][0]
            assert buc["call_count"] == 100 and buc["estimated_time_to_regain_access"] == 2
        else:
            assert json.loads(r.headers["X-App-Usage"])["call_count"] == 100
        assert len(fake.posts) == 0


def test_call_budget_exhaustion_answers_80001() -> None:
    with FakeFacebook(buc_calls_per_hour=3) as fake, httpx.Client(base_url=fake.base_url) as c:
        pcts = [
            json.loads(c.get("/v25.0/me", params=TOK).headers["X-Business-Use-Case-Usage"])[PAGE][
                0
            ]["call_count"]
            for _ in range(3)
        ]
        assert pcts == [33, 66, 100]
        r = c.get("/v25.0/me", params=TOK)
        assert r.json()["error"]["code"] == 80001
        fake.advance_clock(3601)
        assert c.get("/v25.0/me", params=TOK).status_code == 200


def test_injected_server_error_shape() -> None:
    with (
        FakeFacebook(faults={"force_errors": 1, "error_statuses": [500]}) as fake,
        httpx.Client(base_url=fake.base_url) as c,
    ):
        r = c.get("/v25.0/me", params=TOK)
        assert (
            r.status_code == 500
            and r.json()["error"]["code"] == 1
            and r.json()["error"]["is_transient"]
        )


def test_comment_webhook_signature_and_challenge(fb, receiver) -> None:
    fake, c = fb
    post_id = c.post(f"/v25.0/{PAGE}/feed", params=TOK, json={"message": "Có bình luận"}).json()[
        "id"
    ]
    signed = fake.build_comment_webhook(post_id=post_id, message="Ý kiến")
    assert fake.send_webhook(signed, receiver.url).status == 200
    call = receiver.calls[0]
    expected = (
        "sha256="
        + hmac.new(fake.webhook_app_secret.encode(), call["body"], hashlib.sha256).hexdigest()
    )
    assert call["headers"]["X-Hub-Signature-256"] == expected
    change = json.loads(call["body"])["entry"][0]["changes"][0]
    assert change["field"] == "feed" and change["value"]["item"] == "comment"
    assert change["value"]["post_id"] == post_id and change["value"]["parent_id"] == post_id
    # The receiver answers "ok", not the challenge, so the handshake is reported as failed.
    assert fake.verify_subscription(receiver.url, "verify-me") is False
    assert "hub.challenge=" in receiver.calls[-1]["path"]
