"""The shared machinery: fault injection (seeded), control endpoints, post log, body decoding."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from devstack.fakes import FakeTelegram, count_posts, read_jsonl
from devstack.fakes.faults import FaultConfig, FaultInjector
from devstack.fakes.wire import decode_body

TOKEN = FakeTelegram.DEFAULT_TOKEN
CHAT = FakeTelegram.DEFAULT_CHANNEL_ID


def send(client: httpx.Client, text: str) -> httpx.Response:
    return client.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": CHAT, "text": text})


def test_same_seed_gives_same_fault_sequence() -> None:
    cfg = {"seed": 42, "error_rate": 0.2, "rate_limit_rate": 0.1, "drop_rate": 0.05}
    a = FaultInjector(FaultConfig(**cfg))
    b = FaultInjector(FaultConfig(**cfg))
    seq_a = [a.decide().kind for _ in range(300)]
    assert seq_a == [b.decide().kind for _ in range(300)]
    assert {"error", "rate_limit", "drop"} <= set(seq_a)
    # Rates are roughly honoured.
    assert 30 <= seq_a.count("error") <= 90


def test_reseeding_restarts_the_sequence() -> None:
    inj = FaultInjector(FaultConfig(seed=7, error_rate=0.5))
    first = [inj.decide().kind for _ in range(20)]
    inj.update({"seed": 7})
    assert [inj.decide().kind for _ in range(20)] == first


def test_rate_limit_burst_refuses_consecutive_requests() -> None:
    inj = FaultInjector(FaultConfig(seed=1, rate_limit_rate=1.0, rate_limit_burst=3))
    kinds = [inj.decide().kind for _ in range(3)]
    assert kinds == ["rate_limit"] * 3
    inj.update({"rate_limit_rate": 0.0})
    assert inj.decide().kind is None


def test_seeded_errors_over_http_are_reproducible() -> None:
    def run() -> list[int]:
        with (
            FakeTelegram(faults={"seed": 3, "error_rate": 0.3}) as fake,
            httpx.Client(base_url=fake.base_url) as c,
        ):
            return [send(c, f"m{i}").status_code for i in range(40)]

    first, second = run(), run()
    assert first == second
    assert set(first) <= {200, 500, 502, 503} and any(s >= 500 for s in first) and 200 in first


def test_forced_error_then_success_and_nothing_stored_on_error() -> None:
    with (
        FakeTelegram(faults={"force_errors": 1}) as fake,
        httpx.Client(base_url=fake.base_url) as c,
    ):
        r = send(c, "a")
        assert r.status_code in (500, 502, 503) and r.json()["ok"] is False
        assert send(c, "a").status_code == 200
        assert len(fake.posts) == 1


def test_dropped_connection_stores_nothing() -> None:
    with FakeTelegram(faults={"force_drops": 1}) as fake:
        with httpx.Client(base_url=fake.base_url) as c, pytest.raises(httpx.RemoteProtocolError):
            send(c, "lost")
        assert len(fake.posts) == 0


def test_lost_response_stores_the_post_but_never_answers(tmp_path) -> None:
    log = tmp_path / "tg.jsonl"
    with FakeTelegram(faults={"force_lost_responses": 1}, jsonl_path=log) as fake:
        with httpx.Client(base_url=fake.base_url) as c, pytest.raises(httpx.RemoteProtocolError):
            send(c, "stored marker-XYZ")
        assert len(fake.posts) == 1
    # A separate process can prove the platform has it exactly once.
    assert count_posts(log, marker="marker-XYZ") == 1


def test_latency_is_added() -> None:
    with (
        FakeTelegram(faults={"latency_ms": 150}) as fake,
        httpx.Client(base_url=fake.base_url) as c,
    ):
        start = time.monotonic()
        send(c, "slow")
        assert time.monotonic() - start >= 0.14


def test_config_endpoint_updates_and_validates() -> None:
    with FakeTelegram() as fake, httpx.Client(base_url=fake.base_url) as c:
        r = c.post("/_fake/config", json={"force_rate_limits": 2, "retry_after": 5})
        assert r.status_code == 200 and r.json()["faults"]["force_rate_limits"] == 2
        for _ in range(2):
            r = send(c, "x")
            assert r.status_code == 429 and r.headers["Retry-After"] == "5"
            assert r.json()["parameters"] == {"retry_after": 5}
        assert send(c, "x").status_code == 200
        assert c.post("/_fake/config", json={"error_rate": 2}).status_code == 400
        assert c.post("/_fake/config", json={"nonsense": 1}).status_code == 400
        assert c.get("/_fake/config").json()["counts"]["rate_limit"] == 2


def test_control_pages_list_posts_and_are_never_faulted(tmp_path) -> None:
    with (
        FakeTelegram(faults={"error_rate": 1.0}, jsonl_path=tmp_path / "p.jsonl") as fake,
        httpx.Client(base_url=fake.base_url) as c,
    ):
        assert send(c, "x").status_code >= 500
        c.post("/_fake/config", json={"error_rate": 0})
        send(c, "Xin chào <script>")
        page = c.get("/_fake/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "Xin chào &lt;script&gt;" in page.text
        listing = c.get("/_fake/posts").json()
        assert listing["count"] == 1 and listing["posts"][0]["text"] == "Xin chào <script>"
        assert c.get("/_fake/requests").json()["requests"][0]["fault"] == "error"
        assert c.post("/_fake/reset").json() == {"ok": True}
        assert c.get("/_fake/posts").json()["count"] == 0
    events = list(read_jsonl(tmp_path / "p.jsonl"))
    assert [e["event"] for e in events] == ["posted"]


def test_read_jsonl_skips_torn_line(tmp_path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"event": "posted", "platform": "t", "id": "1"}) + '\n{"event": "pos')
    assert count_posts(p) == 1


def test_decode_body_handles_the_four_encodings() -> None:
    assert decode_body("application/json", b'{"a": true}')[0] == {"a": True}
    assert decode_body("application/x-www-form-urlencoded", b"a=1&b=%C3%A1")[0] == {
        "a": "1",
        "b": "á",
    }
    boundary = "XyZ"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nẢnh\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"\xff\xd8bin"
        + f"\r\n--{boundary}--\r\n".encode()
    )
    params, files, _ = decode_body(f"multipart/form-data; boundary={boundary}", body)
    assert params == {"caption": "Ảnh"}
    assert files["photo"].data == b"\xff\xd8bin" and files["photo"].filename == "a.jpg"


def test_clock_endpoint_and_ports_are_loopback() -> None:
    with FakeTelegram() as fake, httpx.Client(base_url=fake.base_url) as c:
        assert fake.base_url.startswith("http://127.0.0.1:")
        before = fake.now()
        c.post("/_fake/clock", json={"advance": 3600})
        assert fake.now() - before >= 3600
