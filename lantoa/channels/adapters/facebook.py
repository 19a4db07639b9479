"""Facebook Page through the Graph API (v25.0; base URL in LANTOA_CHANNEL_API_URLS).

Credentials (JSON stored encrypted): `page_token` (a Page access token; `access_token`
is accepted as an alias), optionally `app_secret` (then every call carries
`appsecret_proof`, and webhooks of this Page are checked with it).

Publishing (shared/reference/channel-apis.md §1.3):
- text, with or without a link: `POST /{page}/feed` with `message` (+ `link`, which
  carries the marker `lt=<marker>` and makes the preview card);
- one photo: `POST /{page}/photos` (multipart `source`, caption in `message`);
- several photos: each `POST /{page}/photos` with `published=false`, then one
  `POST /{page}/feed` with `attached_media`;
- one video: `POST /{page}/videos` (multipart `source`, text in `description`).
With media the link goes into the text, so the marker travels in `message`.
Scheduling happens in Lantoa (the outbox sends at the time), not with
`scheduled_publish_time`: one mechanism for every platform, and a scheduled post
can still be edited or cancelled up to the last minute.

Reconciliation: the Page's feed can be listed with `fields=id,message,link`, so a
post whose answer was lost is found by its marker (`can_find_by_marker`).
"""

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings

from lantoa.channels.adapters import graph, http
from lantoa.channels.adapters.base import (
    Account,
    AccountInfo,
    Adapter,
    ChannelError,
    ErrorKind,
    InboundComment,
    Limits,
    MediaItem,
    PostContent,
    PostMetrics,
    PublishResult,
    RenderedPost,
    add_marker,
)
from lantoa.channels.adapters.common import json_body
from lantoa.channels.choices import Platform

MAX_TEXT = 63_206  # what maintained tools use; Meta publishes no number [S]
# Current, non-deprecated metric (the `post_impressions*` family now answers "invalid
# metric"): unique people the post's media was shown to.
REACH_METRIC = "post_total_media_view_unique"
COUNT_FIELDS = (
    "shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)"
)

usage = graph.UsageGuard()


def appsecret_proof(app_secret: str, token: str) -> str:
    return hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()


class FacebookAdapter(Adapter):
    platform = Platform.FACEBOOK_PAGE
    limits = Limits(
        max_text=MAX_TEXT,
        max_images=10,  # Lantoa's cap for one album post, as Mixpost's
        supports_video=True,
        max_image_bytes=4 * 2**20,  # sub-code 1366046 above this
        max_video_bytes=2**30,  # non-resumable upload
        can_delete=True,
        can_find_by_marker=True,
    )
    # A post is in the feed as soon as Graph answers; a little slack before looking.
    consistency_window_seconds = 30.0
    # Meta retries a failed notification for up to 36 h, with the body (and its
    # `entry[].time`) unchanged: 48 h keeps every retry.
    webhook_max_age = 48 * 3600.0
    feed_pages_to_search = 4
    feed_page_size = 50

    def render(self, content: PostContent, *, marker: str) -> RenderedPost:
        link = add_marker(content.link, marker)
        message = content.text.strip()
        text = f"{message}\n\n{link}" if link else message
        # `message` alone goes to /feed with the link as its own field (the card shows
        # it); with media there is no link field, so the full text is the caption.
        return RenderedPost(
            text=text, link=link, media=tuple(content.media), extra={"message": message}
        )

    # -- calls -------------------------------------------------------------

    def _token(self, account: Account) -> str:
        token = str(
            account.credentials.get("page_token") or account.credentials.get("access_token") or ""
        )
        if not token:
            raise ChannelError(
                ErrorKind.AUTH, "Kênh Facebook chưa có token Trang.", code="no_token"
            )
        return token

    def _call(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
    ) -> dict[str, Any]:
        scope = account.base_url
        usage.check(scope, account.external_id)
        token = self._token(account)
        query: dict[str, Any] = {"access_token": token, **(params or {})}
        app_secret = str(account.credentials.get("app_secret") or "")
        if app_secret:
            query["appsecret_proof"] = appsecret_proof(app_secret, token)
        url = f"{account.base_url.rstrip('/')}/{path.lstrip('/')}"
        response = http.request(method, url, params=query, data=data, files=files)
        wait = usage.record(scope, response)
        body = json_body(response, "Facebook")
        if response.status_code == 200 and isinstance(body, dict) and "error" not in body:
            return body
        raise graph.error_from(response, body, wait)

    def verify(self, account: Account) -> AccountInfo:
        # `/me` with a Page token is the Page itself: this proves the token is a Page
        # token *of this Page* (a user token would pass a plain `GET /{page}`).
        page = self._call(account, "GET", "me", params={"fields": "id,name,followers_count"})
        if account.external_id and str(page.get("id")) != account.external_id:
            raise ChannelError(
                ErrorKind.PERMANENT,
                f"Token này không phải token của Trang {account.external_id} "
                "(cần Page access token của chính Trang đó, không phải token người dùng).",
                code="not_page_token",
            )
        followers = page.get("followers_count")
        return AccountInfo(
            external_id=str(page["id"]),
            name=str(page.get("name") or page["id"]),
            followers=int(followers) if isinstance(followers, int) else None,
        )

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        page = account.external_id
        images = [m for m in post.media if m.kind == "image"]
        videos = [m for m in post.media if m.kind == "video"]
        if videos:
            answer = self._upload(account, f"{page}/videos", videos[0], {"description": post.text})
            video_id = str(answer["id"])
            # The video's own id: Graph does not return the feed story's id here [U].
            return PublishResult(video_id, f"https://www.facebook.com/{page}/videos/{video_id}")
        if len(images) == 1:
            answer = self._upload(account, f"{page}/photos", images[0], {"message": post.text})
            post_id = str(answer.get("post_id") or answer["id"])
            return PublishResult(post_id, self._post_url(page, post_id))
        if images:
            photo_ids = [
                str(self._upload(account, f"{page}/photos", item, {"published": "false"})["id"])
                for item in images
            ]
            data = {
                "message": post.text,
                "attached_media": json.dumps([{"media_fbid": i} for i in photo_ids]),
            }
        else:
            data = {"message": str(post.extra.get("message", post.text))}
            if post.link:
                data["link"] = post.link
        post_id = str(self._call(account, "POST", f"{page}/feed", data=data)["id"])
        return PublishResult(post_id, self._post_url(page, post_id))

    def _upload(
        self, account: Account, path: str, item: MediaItem, data: dict[str, str]
    ) -> dict[str, Any]:
        with item.path.open("rb") as handle:
            return self._call(
                account,
                "POST",
                path,
                data={"published": "true", **data},
                files={"source": (item.name, handle, item.content_type)},
            )

    @staticmethod
    def _post_url(page: str, post_id: str) -> str:
        owner, _, number = post_id.partition("_")
        if number:
            return f"https://www.facebook.com/{owner}/posts/{number}"
        return f"https://www.facebook.com/{page}/posts/{post_id}"

    def delete(self, account: Account, external_id: str) -> None:
        self._call(account, "DELETE", external_id)

    def find_by_marker(self, account: Account, marker: str) -> PublishResult | None:
        needle = f"lt={marker}"
        for item in self._feed(account):
            if needle in str(item.get("link") or "") or needle in str(item.get("message") or ""):
                post_id = str(item["id"])
                url = str(item.get("permalink_url") or self._post_url(account.external_id, post_id))
                return PublishResult(post_id, url)
        return None

    def _feed(self, account: Account) -> Iterator[dict[str, Any]]:
        """The Page's newest posts, a few pages deep (a lost answer is minutes old)."""
        params: dict[str, Any] = {
            "fields": "id,message,link,permalink_url",
            "limit": self.feed_page_size,
        }
        for _ in range(self.feed_pages_to_search):
            page = self._call(account, "GET", f"{account.external_id}/feed", params=params)
            yield from page.get("data") or []
            paging = page.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            params = {**params, "after": after}

    # -- moderation ----------------------------------------------------------

    def reply_to_comment(
        self, account: Account, external_id: str, text: str, *, parent_external_id: str = ""
    ) -> str:
        """Answer a comment as the Page: `POST /{comment}/comments`. Facebook threads
        are one level deep, so a reply to a reply goes to its top-level comment.
        Needs `pages_manage_engagement`. Returns the new comment's id."""
        target = parent_external_id or external_id
        answer = self._call(account, "POST", f"{target}/comments", data={"message": text})
        return str(answer["id"])

    def hide_comment(self, account: Account, external_id: str) -> None:
        """Hide a comment from everyone but its author and friends: `POST /{comment}`
        with `is_hidden=true` (reversible, unlike deletion)."""
        self._call(account, "POST", external_id, data={"is_hidden": "true"})

    def delete_comment(self, account: Account, external_id: str) -> None:
        """Delete a comment under one of the Page's posts: `DELETE /{comment}`
        (needs `pages_manage_engagement`; final, unlike hiding)."""
        self._call(account, "DELETE", external_id)

    # -- figures -----------------------------------------------------------

    def fetch_account(self, account: Account) -> AccountInfo:
        return self.verify(account)

    def fetch_metrics(self, account: Account, external_ids: Sequence[str]) -> list[PostMetrics]:
        results = []
        for external_id in external_ids:
            try:
                node = self._call(account, "GET", external_id, params={"fields": COUNT_FIELDS})
            except ChannelError as exc:
                if exc.kind is ErrorKind.PERMANENT:
                    continue  # deleted on Facebook, or not a post (a video id): no figures
                raise
            results.append(
                PostMetrics(
                    external_id=external_id,
                    reach=self._reach(account, external_id),
                    reactions=_total(node.get("reactions")),
                    comments=_total(node.get("comments")),
                    shares=int((node.get("shares") or {}).get("count") or 0),
                )
            )
        return results

    def _reach(self, account: Account, external_id: str) -> int | None:
        try:
            answer = self._call(
                account,
                "GET",
                f"{external_id}/insights",
                params={"metric": REACH_METRIC, "period": "lifetime"},
            )
        except ChannelError as exc:
            # Insights need `read_insights` (code 10) and do not exist for every object
            # (code 100): the counts are still worth keeping. An expired token (190)
            # must still break the channel, so only these two are swallowed.
            if exc.code.split("/")[0] in ("10", "100"):
                return None
            raise
        for metric in answer.get("data") or []:
            if metric.get("name") == REACH_METRIC:
                values = metric.get("values") or [{}]
                value = values[-1].get("value")
                return int(value) if isinstance(value, int) else None
        return None

    # -- webhooks ----------------------------------------------------------

    def webhook_page_ids(self, body: bytes) -> list[str]:
        """Which Pages a (not yet verified) notification speaks of, to find their secrets."""
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
            return []
        entries = payload.get("entry") if isinstance(payload, dict) else None
        return sorted(
            {str(e.get("id")) for e in entries or [] if isinstance(e, dict) and e.get("id")}
        )

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        given = str(headers.get("X-Hub-Signature-256") or "")
        if not given.startswith("sha256="):
            return False
        secrets = {str(settings.LANTOA_FACEBOOK_APP_SECRET or "")}
        if account is not None:
            secrets.add(str(account.credentials.get("app_secret") or ""))
        for secret in secrets - {""}:
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            if hmac.compare_digest(expected, given):
                return True
        return False

    def webhook_signed_at(self, headers: Mapping[str, str], body: bytes) -> float | None:
        """The oldest `entry[].time` (Unix seconds) of the signed body, where present."""
        payload = json.loads(body)
        entries = payload.get("entry") if isinstance(payload, dict) else None
        times: list[float] = []
        for entry in entries or []:
            if not isinstance(entry, dict) or "time" not in entry:
                continue
            value = entry["time"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"Facebook entry time {value!r} is not Unix seconds")
            # Messenger-style entries stamp milliseconds [U]; a Page feed entry, seconds.
            times.append(value / 1000 if value > 1e11 else float(value))
        return min(times) if times else None

    def parse_webhook(self, body: bytes) -> list[InboundComment]:
        payload = json.loads(body)
        items = []
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                value = change.get("value") or {}
                if change.get("field") != "feed" or value.get("item") != "comment":
                    continue
                items.append(_comment(str(entry.get("id") or ""), value))
        return items

    def register_webhook(self, account: Account, url: str) -> None:
        """Subscribe the app to the Page's `feed` (the callback URL is set on the app)."""
        self._call(
            account,
            "POST",
            f"{account.external_id}/subscribed_apps",
            data={"subscribed_fields": "feed"},
        )


def _total(edge: Any) -> int:
    return int(((edge or {}).get("summary") or {}).get("total_count") or 0)


def _comment(page_id: str, value: Mapping[str, Any]) -> InboundComment:
    post_id = str(value.get("post_id") or "")
    parent = str(value.get("parent_id") or "")
    verb = str(value.get("verb") or "add")
    author = value.get("from") or {}
    created = value.get("created_time")
    if isinstance(created, str):  # some notifications carry ISO time
        try:
            created = datetime.strptime(created, "%Y-%m-%dT%H:%M:%S%z").timestamp()
        except ValueError:
            created = None
    removed = verb == "remove"
    return InboundComment(
        external_id=str(value.get("comment_id") or ""),
        post_external_id=post_id,
        # Removed comments lose their text here too: the author took them back.
        text="" if removed else str(value.get("message") or ""),
        author_ref=str(author.get("id") or ""),
        author_name=str(author.get("name") or ""),
        parent_external_id="" if parent in ("", post_id) else parent,
        created_at=float(created) if isinstance(created, int | float) else None,
        kind="comment" if parent in ("", post_id) else "reply",
        is_hidden=verb in ("hide", "remove"),
        account_external_id=page_id,
    )
