"""The shared machinery of the fakes: a loopback HTTP server in a daemon thread, routing, the post log,
fault injection and the ``/_fake/*`` control and inspection endpoints.

Guarantees common to every fake:

* binds to ``127.0.0.1`` only (never another interface), on the given port or an ephemeral one;
* runs in daemon threads with a per-connection socket timeout, so a forgotten fake never keeps a test
  process alive and an idle keep-alive client never pins a thread for long;
* speaks HTTP/1.1 with keep-alive and always sends ``Content-Length`` (httpx and python-telegram-bot
  reuse connections);
* ``/_fake/`` (HTML, refreshes itself), ``/_fake/posts`` (JSON), ``/_fake/config`` (GET/POST JSON fault
  settings), ``/_fake/requests`` (last requests), ``/_fake/reset`` (POST), ``/_fake/clock`` (POST ``{"advance": seconds}``), ``/_fake/webhook`` (POST: send a
  signed webhook to a URL), ``/_fake/health``; these are never faulted;
* request bodies above ``max_body_bytes`` get 413 before being read.
"""

from __future__ import annotations

import html
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

from devstack.fakes.faults import FaultConfig, FaultDecision, FaultInjector
from devstack.fakes.postlog import PostLog
from devstack.fakes.webhooks import SignedWebhook, WebhookResult, deliver
from devstack.fakes.wire import BodyError, Request, Response, decode_body

Handler = Callable[[Request, "re.Match[str]"], Response]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Hundreds of clients connecting at once (outbox workers at full concurrency)
    # must queue, not be refused or wait for a SYN retransmit.
    request_queue_size = 1024
    fake: FakeServer


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the fake keeps its own request log; stderr noise would drown test output

    def _handle(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        if length > fake.max_body_bytes:
            self._send(Response.text("Request Entity Too Large", 413), close=True)
            return
        body = self.rfile.read(length) if length else b""
        response = fake.dispatch(
            self.command, self.path, self.headers, body, self.client_address[0]
        )
        if response.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._send(response)

    def _send(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _handle


class FakeServer:
    """Base class. Subclasses set ``platform``, register routes in ``__init__`` with :meth:`add_route`,
    and implement the platform-shaped fault answers :meth:`error_response` and
    :meth:`rate_limited_response` and :meth:`build_comment_webhook`."""

    platform: ClassVar[str] = "base"
    title: ClassVar[str] = "Fake platform"

    def __init__(
        self,
        port: int = 0,
        *,
        faults: FaultConfig | dict[str, Any] | None = None,
        jsonl_path: str | Path | None = None,
        max_body_bytes: int = 64 * 1024 * 1024,
        request_log_size: int = 500,
    ) -> None:
        self.port = port
        self.host = "127.0.0.1"
        config = faults if isinstance(faults, FaultConfig) else FaultConfig(**(faults or {}))
        self.faults = FaultInjector(config)
        self.posts = PostLog(self.platform, jsonl_path)
        self.max_body_bytes = max_body_bytes
        self.requests: deque[dict[str, Any]] = deque(maxlen=request_log_size)
        self.webhook_deliveries: deque[dict[str, Any]] = deque(maxlen=request_log_size)
        self._routes: list[tuple[frozenset[str], re.Pattern[str], Handler]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._counter_lock = threading.Lock()
        self._counter = 0
        # Seconds added to the wall clock: tests "age" posts (Telegram's 48 h delete rule, Graph's
        # scheduling window) without sleeping. Settable through POST /_fake/clock {"advance": s}.
        self.clock_offset = 0.0

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> FakeServer:
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _RequestHandler)
        server.fake = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name=f"fake-{self.platform}-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance_clock(self, seconds: float) -> None:
        self.clock_offset += seconds

    def next_id(self) -> int:
        """A process-wide increasing counter for ids (thread-safe)."""
        with self._counter_lock:
            self._counter += 1
            return self._counter

    # ----------------------------------------------------------------- routing
    def add_route(self, methods: str, pattern: str, handler: Handler) -> None:
        self._routes.append((frozenset(methods.split()), re.compile(pattern + r"\Z"), handler))

    def dispatch(
        self, method: str, raw_path: str, headers: Any, body: bytes, client: str
    ) -> Response:
        parts = urlsplit(raw_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        req = Request(
            method=method, path=parts.path, query=query, headers=headers, body=body, client=client
        )
        if parts.path == "/_fake" or parts.path.startswith("/_fake/"):
            return self._control(req)
        decision = self.faults.decide()
        entry = {
            "time": time.time(),
            "method": method,
            "path": parts.path,
            "query": query,
            "headers": dict(headers),
            "fault": decision.kind,
        }
        self.requests.append(entry)
        if decision.latency_s:
            time.sleep(decision.latency_s)
        if decision.kind == "drop":
            return Response.dropped()
        if decision.kind == "error":
            return self._with_retry_after(self.error_response(req, decision.error_status), None)
        if decision.kind == "rate_limit":
            return self._with_retry_after(
                self.rate_limited_response(req, decision.retry_after), decision
            )
        try:
            params, files, json_body = decode_body(req.header("Content-Type"), body)
        except BodyError as exc:
            return self.bad_body_response(req, str(exc))
        req.params = {**query, **params}
        req.files, req.json_body = files, json_body
        entry["params"] = dict(req.params)
        entry["files"] = [f.describe() for f in files.values()]
        try:
            response = self.route(req)
        except Exception as exc:  # noqa: BLE001 - a bug in a fake must not look like a dropped connection
            entry["exception"] = repr(exc)
            response = Response.json({"fake_internal_error": repr(exc)}, 500)
        entry["status"] = response.status
        if self.faults.config.answer_latency_ms:
            time.sleep(self.faults.config.answer_latency_ms / 1000.0)
        if decision.kind == "lost_response":
            return Response.dropped()
        return response

    def _with_retry_after(self, response: Response, decision: FaultDecision | None) -> Response:
        if decision is not None and self.faults.config.retry_after_header:
            response.headers.setdefault("Retry-After", str(decision.retry_after))
        return response

    def route(self, req: Request) -> Response:
        path_matched = False
        for methods, pattern, handler in self._routes:
            match = pattern.match(req.path)
            if match is None:
                continue
            path_matched = True
            if req.method in methods or (req.method == "HEAD" and "GET" in methods):
                return handler(req, match)
        return self.not_found_response(req, method_not_allowed=path_matched)

    # ----------------------------------------------------------------- platform hooks
    def error_response(self, req: Request, status: int) -> Response:
        return Response.text("Internal Server Error", status)

    def rate_limited_response(self, req: Request, retry_after: int) -> Response:
        return Response.text("Too Many Requests", 429)

    def bad_body_response(self, req: Request, message: str) -> Response:
        return Response.text(message, 400)

    def not_found_response(self, req: Request, method_not_allowed: bool = False) -> Response:
        return Response.text("Not Found", 404)

    def build_comment_webhook(self, **kwargs: Any) -> SignedWebhook:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """What a newcomer needs to point a channel at this fake (ids, tokens, URLs)."""
        return {"platform": self.platform, "base_url": self.base_url}

    def reset(self) -> None:
        self.posts.clear()
        self.requests.clear()
        self.webhook_deliveries.clear()

    # ----------------------------------------------------------------- webhooks
    def send_webhook(
        self, signed: SignedWebhook, url: str | None = None, timeout: float = 5.0
    ) -> WebhookResult:
        """POST a signed webhook; only loopback targets are allowed (the fakes never reach the internet)."""
        target = url or signed.url
        host = urlsplit(target).hostname or ""
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"fakes only deliver webhooks to loopback hosts, not {host!r}")
        result = deliver(signed, target, timeout)
        self.webhook_deliveries.append(
            {
                "time": time.time(),
                "url": target,
                "status": result.status,
                "error": result.error,
                "payload": signed.payload,
            }
        )
        return result

    # ----------------------------------------------------------------- control endpoints
    def _control(self, req: Request) -> Response:
        sub = req.path[len("/_fake") :].strip("/")
        try:
            payload = json.loads(req.body.decode("utf-8")) if req.body else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            return Response.json({"error": "body must be JSON"}, 400)
        if sub == "" and req.method in ("GET", "HEAD"):
            return Response.html(self.render_html())
        if sub == "health":
            return Response.json({"ok": True, "platform": self.platform})
        if sub == "posts" and req.method == "GET":
            posts = self.posts.all()
            return Response.json({"platform": self.platform, "count": len(posts), "posts": posts})
        if sub == "requests" and req.method == "GET":
            return Response.json({"platform": self.platform, "requests": list(self.requests)})
        if sub == "config":
            if req.method == "POST":
                try:
                    self.faults.update(payload)
                except (KeyError, ValueError, TypeError) as exc:
                    return Response.json({"error": f"bad config: {exc}"}, 400)
            return Response.json(
                {
                    "faults": self.faults.config.to_dict(),
                    "counts": dict(self.faults.counts),
                    "describe": self.describe(),
                }
            )
        if sub == "clock" and req.method == "POST":
            self.advance_clock(float(payload.get("advance", 0)))
            return Response.json({"now": self.now(), "offset": self.clock_offset})
        if sub == "reset" and req.method == "POST":
            self.reset()
            return Response.json({"ok": True})
        if sub == "webhook" and req.method == "POST":
            url = payload.pop("url", None)
            try:
                signed = self.build_comment_webhook(**payload)
                result = self.send_webhook(signed, url)
            except (TypeError, ValueError, KeyError, NotImplementedError) as exc:
                return Response.json({"error": str(exc)}, 400)
            return Response.json(
                {
                    "status": result.status,
                    "error": result.error,
                    "body": result.body.decode("utf-8", "replace"),
                    "sent": signed.payload,
                }
            )
        return Response.json({"error": "unknown control endpoint"}, 404)

    def render_html(self) -> str:
        e = html.escape
        rows = []
        for p in reversed(self.posts.all()):
            media = ", ".join(str(m) for m in p.get("media") or [])
            rows.append(
                f"<tr class='{'deleted' if p['deleted'] else ''}'><td>{p['seq']}</td>"
                f"<td>{e(time.strftime('%H:%M:%S', time.localtime(p['time'])))}</td><td>{e(p['kind'])}</td>"
                f"<td>{e(p['target'])}</td><td>{e(p['id'])}</td>"
                f"<td>{e(str(p.get('text') or ''))[:2000]}</td><td>{e(str(p.get('link') or ''))}</td>"
                f"<td>{e(media)}</td><td>{'deleted' if p['deleted'] else ''}</td></tr>"
            )
        info = e(json.dumps(self.describe(), ensure_ascii=False, indent=2))
        faults = e(json.dumps(self.faults.config.to_dict(), indent=2))
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5"><title>{e(self.title)} (fake)</title>
<style>body{{font-family:sans-serif;margin:1.5rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}}
tr.deleted{{color:#999;text-decoration:line-through}}pre{{background:#f4f4f4;padding:.5rem}}</style>
</head><body><h1>{e(self.title)} — local fake</h1>
<p>{len(self.posts)} item(s) posted. JSON: <a href="/_fake/posts">/_fake/posts</a>,
<a href="/_fake/config">/_fake/config</a>, <a href="/_fake/requests">/_fake/requests</a>.
This page refreshes every 5 seconds.</p>
<table><thead><tr><th>#</th><th>time</th><th>kind</th><th>target</th><th>id</th><th>text</th>
<th>link</th><th>media</th><th></th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>Accounts</h2><pre>{info}</pre><h2>Fault injection</h2><pre>{faults}</pre></body></html>"""
