"""Graph API answers for the Facebook adapter: error codes mapped to the outbox's
kinds, and the usage headers that let Lantoa slow down *before* Meta throttles it.

Facts: shared/reference/channel-apis.md §1.4. The mapping, in one place:

| Graph code                                        | kind      | why |
| ------------------------------------------------- | --------- | --- |
| 1, 2; HTTP 5xx; `is_transient`                    | TRANSIENT | "retry with back-off" |
| 4, 17, 32, 341, 613, 80000–80014                  | TRANSIENT | rate limits: wait what the usage headers say |
| 368                                               | TRANSIENT | temporary policy block: wait an hour |
| sub-codes 1390008, 1363047, 1609010               | TRANSIENT | "posting too fast", "temporarily unavailable" |
| 102, 190 (any sub-code: 458/459/460/463/464/467)  | AUTH      | token expired or invalidated: reconnect |
| 3, 10, 200–299                                    | AUTH      | permission missing: re-authorise with the scope |
| 506                                               | PERMANENT | duplicate post: change the content |
| 100 and everything else                           | PERMANENT | the request itself is refused |
"""

import json
import threading
import time
from typing import Any

import httpx

from lantoa.channels.adapters import http
from lantoa.channels.adapters.base import ChannelError, ErrorKind

RATE_LIMIT_CODES = frozenset(
    {4, 17, 32, 341, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014}
)
TRANSIENT_CODES = frozenset({1, 2})
TRANSIENT_SUBCODES = frozenset({1390008, 1363047, 1609010})
AUTH_CODES = frozenset({102, 190})
PERMISSION_CODES = frozenset({3, 10, *range(200, 300)})
POLICY_BLOCK_CODE = 368
DUPLICATE_CODE = 506

DEFAULT_RATE_LIMIT_WAIT = 60.0
POLICY_BLOCK_WAIT = 3600.0
# Slow down before Meta's 100 %: at this share of any budget Lantoa stops calling.
USAGE_STOP_PERCENT = 95
# How long to wait when Meta reports a high usage but no time to regain access: the
# budgets are rolling windows, so calls age out over minutes, not seconds.
USAGE_COOLDOWN_SECONDS = 900.0


def classify(code: int, subcode: int | None, is_transient: bool) -> ErrorKind:
    if code in AUTH_CODES or code in PERMISSION_CODES:
        return ErrorKind.AUTH
    if (
        code in TRANSIENT_CODES
        or code in RATE_LIMIT_CODES
        or code == POLICY_BLOCK_CODE
        or subcode in TRANSIENT_SUBCODES
    ):
        return ErrorKind.TRANSIENT
    if code == DUPLICATE_CODE:
        return ErrorKind.PERMANENT
    if is_transient:
        return ErrorKind.TRANSIENT
    return ErrorKind.PERMANENT


def _explain(code: int, kind: ErrorKind) -> str:
    if code in AUTH_CODES:
        return "Token Trang Facebook hết hạn hoặc đã bị thu hồi; cần kết nối lại kênh"
    if kind is ErrorKind.AUTH:
        return "Token Trang Facebook thiếu quyền cần thiết; cần cấp lại quyền khi kết nối"
    if code in RATE_LIMIT_CODES:
        return "Facebook tạm giới hạn số lượt gọi"
    if code == POLICY_BLOCK_CODE:
        return "Facebook tạm chặn đăng bài"
    if code == DUPLICATE_CODE:
        return "Facebook từ chối vì trùng với bài vừa đăng"
    if kind is ErrorKind.TRANSIENT:
        return "Facebook tạm thời lỗi"
    return "Facebook từ chối bài đăng"


def error_from(
    response: httpx.Response, body: Any, usage_wait: float | None = None
) -> ChannelError:
    """The ChannelError for a Graph error answer (or any non-success answer)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        status = response.status_code
        kind = ErrorKind.TRANSIENT if status >= 500 or status == 429 else ErrorKind.PERMANENT
        return ChannelError(
            kind,
            f"Facebook trả lời HTTP {status}.",
            code=str(status),
            http_status=status,
            retry_after=http.retry_after_header(response),
        )
    code = int(error.get("code") or 0)
    raw_subcode = error.get("error_subcode")
    subcode = int(raw_subcode) if raw_subcode not in (None, "") else None
    kind = classify(code, subcode, bool(error.get("is_transient")))
    if response.status_code >= 500 and kind is ErrorKind.PERMANENT:
        kind = ErrorKind.TRANSIENT
    retry_after = None
    if code in RATE_LIMIT_CODES:
        retry_after = max(
            DEFAULT_RATE_LIMIT_WAIT, usage_wait or 0.0, http.retry_after_header(response) or 0.0
        )
    elif code == POLICY_BLOCK_CODE:
        retry_after = POLICY_BLOCK_WAIT
    elif kind is ErrorKind.TRANSIENT:
        retry_after = http.retry_after_header(response)
    detail = str(error.get("error_user_msg") or error.get("message") or "").strip()
    label = f"{code}/{subcode}" if subcode else str(code)
    return ChannelError(
        kind,
        f"{_explain(code, kind)} (mã {label}): {detail}",
        code=label,
        http_status=response.status_code,
        retry_after=retry_after,
    )


# -- usage headers -------------------------------------------------------------


def _loads(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def usage_from(response: httpx.Response) -> list[tuple[str, int, float]]:
    """(budget key, percent used, seconds until access is regained) from the headers.

    `X-App-Usage` (app/user tokens) is one budget for the whole app; each object in
    `X-Business-Use-Case-Usage` (Page tokens) is the budget of that Page."""
    found: list[tuple[str, int, float]] = []
    app = _loads(response.headers.get("X-App-Usage"))
    if isinstance(app, dict):
        percents = [v for v in app.values() if isinstance(v, int | float)]
        if percents:
            found.append(("app", int(max(percents)), 0.0))
    buc = _loads(response.headers.get("X-Business-Use-Case-Usage"))
    if isinstance(buc, dict):
        for object_id, entries in buc.items():
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                percent = max(
                    int(entry.get(k) or 0) for k in ("call_count", "total_cputime", "total_time")
                )
                regain = float(entry.get("estimated_time_to_regain_access") or 0) * 60
                found.append((f"buc:{object_id}", percent, regain))
    return found


class UsageGuard:
    """What this process last heard about each budget, so that a worker stops calling a
    Page (or the whole app) that is about to be throttled. Per process on purpose: the
    figures come back on every answer, so each worker learns them within one call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocked_until: dict[tuple[str, str], float] = {}

    def record(self, scope: str, response: httpx.Response) -> float | None:
        """Remember the usage reported by `response`; returns the wait it implies, if any."""
        now = time.monotonic()
        longest: float | None = None
        reported = usage_from(response)
        if any(key.startswith("buc:") for key, _, _ in reported):
            # "If both platform and BUC limits apply, BUC applies" [P]: Page-token calls
            # are governed by the Page's budget, whatever X-App-Usage says.
            reported = [r for r in reported if r[0] != "app"]
        with self._lock:
            for key, percent, regain in reported:
                if percent >= USAGE_STOP_PERCENT:
                    wait = regain or USAGE_COOLDOWN_SECONDS
                    self._blocked_until[(scope, key)] = now + wait
                    longest = max(longest or 0.0, wait)
                else:
                    self._blocked_until.pop((scope, key), None)
        return longest

    def check(self, scope: str, page_id: str) -> None:
        """Raise TRANSIENT (without calling) while the app or this Page is near its limit."""
        now = time.monotonic()
        with self._lock:
            waits = [
                until - now
                for key in ("app", f"buc:{page_id}")
                if (until := self._blocked_until.get((scope, key), 0.0)) > now
            ]
        if waits:
            wait = max(waits)
            raise ChannelError(
                ErrorKind.TRANSIENT,
                "Lượt gọi Facebook của Trang/ứng dụng đã gần chạm giới hạn; "
                f"Lantoa tạm dừng {int(wait)} giây để không bị chặn.",
                code="usage_high",
                retry_after=wait,
            )

    def reset(self) -> None:
        with self._lock:
            self._blocked_until.clear()
