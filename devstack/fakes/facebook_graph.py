"""Graph API building blocks for the Facebook fake: the error object, usage headers, ``fields=`` parsing
and insights metrics.

Facts and their marks (``shared/reference/channel-apis.md`` §1):

* Error object ``{"error": {message, type, code, error_subcode?, is_transient, fbtrace_id}}``, HTTP 400 for
  OAuth/parameter errors [P/S]; HTTP status of throttling errors is [U] — ``rate_limit_http_status``
  (default 400) on the fake.
* Throttle codes 4 (app), 17 (user), 32 (Pages, user/app token), 613 (custom), 80001 (Pages BUC, Page
  token) [P]; message texts of 32 and 80001 are quoted samples [P], the others [U].
* ``X-App-Usage`` and ``X-Business-Use-Case-Usage`` are JSON strings of whole-number percentages;
  ``estimated_time_to_regain_access`` is in minutes [P].
* Invalid/deprecated insights metric → code 100 "(#100) The value must be a valid insights metric" [U text].
"""

from __future__ import annotations

import json
import math
import secrets
from typing import Any

from devstack.fakes.wire import Response

RATE_LIMIT_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
    80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again. "
    "For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
}

PAGE_METRICS = {
    "page_total_media_view_unique": "Total unique media viewers",
    "page_media_view": "Media views",
    "page_post_engagements": "Post engagements",
    "page_daily_follows": "Daily follows",
    "page_daily_follows_unique": "Daily unique follows",
    "page_daily_unfollows_unique": "Daily unique unfollows",
    "page_follows": "Follows",
    "page_views_total": "Page views",
    "page_video_views": "Video views",
}
POST_METRICS = {
    "post_total_media_view_unique": "Unique media viewers",
    "post_media_view": "Media views",
    "post_reactions_by_type_total": "Reactions by type",
    "post_clicks": "Post clicks",
    "post_clicks_by_type": "Post clicks by type",
    "post_video_views": "Video views",
}
# Removed metrics answer with the invalid-metric error on every version [P FB-DOC-INS].
DEPRECATED_METRICS = frozenset(
    {
        "page_impressions",
        "page_impressions_unique",
        "page_impressions_paid",
        "page_impressions_organic",
        "page_impressions_viral",
        "page_fans",
        "page_fans_city",
        "page_fans_country",
        "page_fan_adds",
        "page_fans_locale",
        "page_engaged_users",
        "page_consumptions",
        "page_content_activity",
        "page_posts_impressions",
        "page_posts_impressions_unique",
        "post_impressions",
        "post_impressions_unique",
        "post_impressions_paid",
        "post_impressions_organic",
        "post_impressions_fan",
        "post_impressions_viral",
        "post_impressions_nonviral",
    }
)
PERIODS = frozenset({"day", "week", "days_28", "month", "lifetime", "total_over_range"})


class GraphError(Exception):
    """Raised inside routes; turned into the Graph error object by the fake."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        subcode: int | None = None,
        type_: str = "OAuthException",
        status: int = 400,
        transient: bool = False,
        user_title: str | None = None,
        user_msg: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.subcode, self.type = code, message, subcode, type_
        self.status, self.transient = status, transient
        self.user_title, self.user_msg = user_title, user_msg

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            err["error_subcode"] = self.subcode
        if self.user_title:
            err["error_user_title"] = self.user_title
        if self.user_msg:
            err["error_user_msg"] = self.user_msg
        err["is_transient"] = self.transient
        err["fbtrace_id"] = "A" + secrets.token_urlsafe(15)
        return {"error": err}

    def response(self, headers: dict[str, str] | None = None) -> Response:
        return Response.json(self.body(), self.status, headers)


def missing_object(object_id: str) -> GraphError:
    return GraphError(
        100,
        f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation. Please read "
        "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        subcode=33,
        type_="GraphMethodException",
    )


def invalid_param(message: str, subcode: int | None = None) -> GraphError:
    return GraphError(100, f"(#100) {message}", subcode=subcode)


def usage_headers(
    token_kind: str, page_id: str | None, pct: int, regain_minutes: int = 0
) -> dict[str, str]:
    """``X-App-Usage`` for user/app tokens, ``X-Business-Use-Case-Usage`` for Page tokens."""
    pct = max(0, min(100, pct))
    if token_kind == "page" and page_id:
        buc = {
            page_id: [
                {
                    "type": "pages",
                    "call_count": pct,
                    "total_cputime": pct // 4,
                    "total_time": pct // 3,
                    "estimated_time_to_regain_access": regain_minutes,
                }
            ]
        }
        return {"X-Business-Use-Case-Usage": json.dumps(buc, separators=(",", ":"))}
    app = {"call_count": pct, "total_cputime": pct // 4, "total_time": pct // 3}
    return {"X-App-Usage": json.dumps(app, separators=(",", ":"))}


def regain_minutes(retry_after_s: int) -> int:
    return max(1, math.ceil(retry_after_s / 60))


def split_fields(spec: str) -> list[str]:
    """Split ``a,b.summary(x,y).limit(0),c{d,e}`` at top-level commas."""
    out, depth, cur = [], 0, []
    for ch in spec:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def field_name(item: str) -> str:
    for i, ch in enumerate(item):
        if ch in ".{(":
            return item[:i]
    return item


def edge_summary(item: str, data: list[dict[str, Any]], summary: dict[str, Any]) -> dict[str, Any]:
    """``reactions.summary(total_count).limit(0)``-style edges read through ``fields=``."""
    limit = 25
    if ".limit(" in item:
        try:
            limit = int(item.split(".limit(", 1)[1].split(")", 1)[0])
        except ValueError:
            pass
    out: dict[str, Any] = {"data": data[:limit]}
    if ".summary(" in item or ".summary" in item:
        out["summary"] = summary
    return out


def insight_values(
    name: str, period: str, value: Any, page_id: str, end_time: str, titles: dict[str, str]
) -> dict[str, Any]:
    return {
        "name": name,
        "period": period,
        "values": [{"value": value, "end_time": end_time}],
        "title": titles.get(name, name),
        "description": f"{titles.get(name, name)} (fake figure)",
        "id": f"{page_id}/insights/{name}/{period}",
    }
