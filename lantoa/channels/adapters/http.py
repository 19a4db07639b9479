"""One pooled HTTP client per thread and the mapping of network failures.

The distinction that matters for "never posted twice": a failure *before* the
request left (connection refused, connect timeout) is safe to retry; a
failure *after* it may have reached the platform (read timeout, connection
dropped before the answer) is UNCERTAIN and must be reconciled, not resent.
"""

import threading
import weakref
from typing import Any

import httpx

from lantoa.channels.adapters.base import ChannelError, ErrorKind

_local = threading.local()
_clients: "weakref.WeakSet[httpx.Client]" = weakref.WeakSet()
_generation = 0
_lock = threading.Lock()

TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)


def client() -> httpx.Client:
    """This thread's pooled client: an outbox worker's sending threads each
    keep their connections alive without contending for one shared pool."""
    current = getattr(_local, "client", None)
    if current is None or _local.generation != _generation:
        current = httpx.Client(
            timeout=TIMEOUT,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=4),
            headers={"User-Agent": "Lantoa/0.1 (+https://github.com/lantoa)"},
        )
        with _lock:
            _clients.add(current)
            _local.client, _local.generation = current, _generation
    return current


def reset_client() -> None:
    """Forget every thread's pooled client (after a fork, or between tests)."""
    global _generation
    with _lock:
        for each in list(_clients):
            each.close()
        _clients.clear()
        _generation += 1


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        return client().request(method, url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise ChannelError(
            ErrorKind.TRANSIENT, f"Không kết nối được tới nền tảng: {exc}", code="connect"
        ) from exc
    except httpx.WriteError as exc:
        # The request body did not get through whole; the platform cannot have accepted it.
        raise ChannelError(
            ErrorKind.TRANSIENT, f"Gửi yêu cầu bị gián đoạn: {exc}", code="write"
        ) from exc
    except (
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteTimeout,
    ) as exc:
        raise ChannelError(
            ErrorKind.UNCERTAIN,
            f"Nền tảng không trả lời sau khi đã nhận yêu cầu: {exc}",
            code="no_answer",
        ) from exc
    except httpx.HTTPError as exc:
        raise ChannelError(ErrorKind.UNCERTAIN, f"Lỗi HTTP: {exc}", code="http") from exc


def retry_after_header(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
