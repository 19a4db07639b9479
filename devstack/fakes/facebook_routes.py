"""The Graph API routes of :class:`~devstack.fakes.facebook.FakeFacebook` (a mixin, so the server
module stays about accounts, budgets and webhooks, and this one about nodes and edges)."""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from devstack.fakes.facebook_graph import (
    DEPRECATED_METRICS,
    PAGE_METRICS,
    PERIODS,
    POST_METRICS,
    GraphError,
    edge_summary,
    field_name,
    insight_values,
    invalid_param,
    missing_object,
    split_fields,
)
from devstack.fakes.wire import Request, Response, as_bool, as_json

if TYPE_CHECKING:
    from devstack.fakes.facebook import FakeFacebook, FbPage, FbToken

VERSION_RE = re.compile(r"^/v\d+\.\d+(?=/|$)")
POST_FIELDS = frozenset(
    {
        "id",
        "message",
        "link",
        "created_time",
        "updated_time",
        "permalink_url",
        "is_published",
        "is_hidden",
        "scheduled_publish_time",
        "status_type",
        "full_picture",
        "attachments",
        "shares",
        "reactions",
        "comments",
        "from",
        "story",
        "privacy",
    }
)
RELATIVE_RE = re.compile(r"^\+\s*(\d+)\s*(second|minute|hour|day|week)s?$", re.I)
EDGES = {
    "feed",
    "posts",
    "published_posts",
    "scheduled_posts",
    "photos",
    "videos",
    "insights",
    "comments",
    "reactions",
    "subscribed_apps",
}


def fb_time(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ts))


class GraphRoutes:
    """Mixin; ``self`` is a :class:`FakeFacebook`."""

    def graph(self: FakeFacebook, req: Request, info: FbToken | None) -> Response:
        parts = [p for p in VERSION_RE.sub("", req.path).split("/") if p]
        m = req.method
        if parts == ["oauth", "access_token"]:
            return self._exchange_token(req)
        if info is None:  # only the token exchange is unauthenticated
            raise GraphError(104, "An access token is required to request this resource.")
        if parts and parts[0] == "me":
            if info.kind == "page":
                parts[0] = self.page_for(info).id
            elif len(parts) == 1:
                return Response.json({"id": info.user_id, "name": "Lantoa Admin"})
            elif parts[1] == "accounts":
                return self._accounts(req)
            elif parts[1] == "permissions":
                return Response.json(
                    {
                        "data": [
                            {"permission": p, "status": "granted"} for p in sorted(info.permissions)
                        ]
                    }
                )
        if len(parts) == 1 and m in ("GET", "HEAD"):
            return self._get_node(req, info, parts[0])
        if len(parts) == 1 and m == "POST":
            return self._edit(req, info, parts[0])
        if len(parts) == 1 and m == "DELETE":
            return self._delete(req, info, parts[0])
        if len(parts) in (2, 3) and parts[1] in EDGES:
            return self._edge(req, info, parts[0], parts[1], parts[2] if len(parts) == 3 else None)
        raise GraphError(2500, f"Unknown path components: /{'/'.join(parts[1:])}")

    # ------------------------------------------------------------------ helpers
    def _need(self: FakeFacebook, info: FbToken, page_id: str, *perms: str) -> FbPage:
        page = self.page_for(info, page_id)
        if page.id != page_id or not set(perms) <= info.permissions:
            raise GraphError(
                200,
                "(#200) If posting to a page, requires both pages_read_engagement and "
                "pages_manage_posts as an admin with sufficient administrative permission",
            )
        return page

    def _obj(self: FakeFacebook, object_id: str, *types: str) -> dict[str, Any]:
        obj = self.objects.get(object_id)
        if obj is None or obj.get("deleted") or (types and obj["type"] not in types):
            raise missing_object(object_id)
        self._mature(obj)
        return obj

    def _mature(self: FakeFacebook, obj: dict[str, Any]) -> None:
        """A scheduled post becomes published once its time has come."""
        due = obj.get("scheduled_publish_time")
        if obj["type"] == "post" and not obj["is_published"] and due and self.now() >= due:
            obj.update(is_published=True, created_time=due, updated_time=due)

    def _schedule(self: FakeFacebook, value: Any, published: bool) -> int | None:
        if value in (None, ""):
            return None
        if published:
            raise invalid_param(
                "Cannot specify a scheduled publish time on a published post (set published=false)"
            )  # [U] text
        now = self.now()
        text = str(value).strip()
        try:
            if re.fullmatch(r"\d+", text):
                when = float(text)
            elif (rel := RELATIVE_RE.match(text)) is not None:
                unit = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
                when = now + int(rel.group(1)) * unit[rel.group(2).lower()]
            elif text.lower() == "tomorrow":
                when = (
                    (datetime.fromtimestamp(now, UTC) + timedelta(days=1))
                    .replace(hour=0, minute=0, second=0)
                    .timestamp()
                )
            else:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
                when = parsed.replace(tzinfo=parsed.tzinfo or UTC).timestamp()
        except ValueError:
            raise invalid_param("The specified scheduled publish time is invalid.") from None
        if not now + 600 <= when <= now + self.schedule_max_days * 86400:
            raise invalid_param("The specified scheduled publish time is invalid.")  # [U] text
        return int(when)

    def _new_id(self: FakeFacebook) -> str:
        return str(122100000000000000 + self.next_id())

    def _render(self: FakeFacebook, obj: dict[str, Any], spec: str | None) -> dict[str, Any]:
        kind = obj["type"]
        defaults = {
            "post": "created_time,message,id",
            "photo": "created_time,name,id",
            "video": "created_time,description,id",
            "comment": "created_time,from,message,id",
        }
        out: dict[str, Any] = {}
        for item in split_fields(spec or defaults[kind]):
            name = field_name(item)
            value = self._field(obj, name, item)
            if value is _MISSING:
                node = {
                    "post": "PagePost",
                    "photo": "Photo",
                    "video": "Video",
                    "comment": "Comment",
                }[kind]
                raise invalid_param(
                    f"Tried accessing nonexisting field ({name}) on node type ({node})"
                )
            if value is not None:
                out[name] = value
        out.setdefault("id", obj["id"])
        return out

    def _field(self: FakeFacebook, obj: dict[str, Any], name: str, item: str) -> Any:
        kind, page = obj["type"], self.pages.get(obj.get("page_id", ""))
        simple = {
            "id",
            "message",
            "link",
            "is_published",
            "scheduled_publish_time",
            "status_type",
            "description",
            "title",
            "name",
            "like_count",
            "parent",
            "permalink_url",
        }
        if name in simple and name in obj:
            return obj[name]
        if name in ("created_time", "updated_time") and name in obj:
            return fb_time(obj[name])
        if name == "from":
            return obj.get("from") or ({"id": page.id, "name": page.name} if page else None)
        if kind == "post":
            if name == "is_hidden":
                return False
            if name == "shares":
                return {"count": obj["shares"]} if obj["shares"] else None
            if name == "reactions":
                total = sum(obj["reactions"].values())
                return edge_summary(item, [], {"total_count": total, "viewer_reaction": "NONE"})
            if name == "comments":
                data = [
                    self._render(self.objects[c], None)
                    for c in obj["comments"]
                    if not self.objects[c].get("deleted")
                ]
                return edge_summary(
                    item, data, {"order": "ranked", "total_count": len(data), "can_comment": True}
                )
            if name == "full_picture":
                return obj.get("full_picture")
            if name == "attachments":
                return {
                    "data": [
                        {"media_type": "photo", "target": {"id": i}} for i in obj["attached_media"]
                    ]
                }
            if name in ("story", "privacy"):
                return None
        if kind == "video" and name == "status":
            polls = obj.setdefault("status_polls", 0)
            obj["status_polls"] = polls + 1
            ready = polls >= self.video_processing_polls
            return {
                "video_status": "ready" if ready else "processing",
                "processing_progress": 100 if ready else 50,
            }
        if kind == "comment" and name == "is_hidden":
            return bool(obj.get("is_hidden"))
        if kind == "comment" and name in ("comment_count", "can_comment"):
            return len(obj.get("replies", [])) if name == "comment_count" else True
        if name in POST_FIELDS or name in ("status", "comment_count", "like_count", "parent"):
            return None
        return _MISSING

    def _paged(
        self: FakeFacebook, req: Request, items: list[dict[str, Any]], **extra: Any
    ) -> Response:
        limit = max(1, min(100, int(req.param("limit") or 25)))
        after = req.param("after")
        try:
            start = int(base64.b64decode(str(after)).decode()) if after else 0
        except ValueError:
            raise invalid_param(
                "The After Cursor specified exceeds the max limit supported by this endpoint"
            ) from None
        page = items[start : start + limit]
        payload: dict[str, Any] = {"data": page, **extra}
        if page:
            enc = lambda n: base64.b64encode(str(n).encode()).decode()  # noqa: E731
            payload["paging"] = {"cursors": {"before": enc(start), "after": enc(start + len(page))}}
            if start + len(page) < len(items):
                query = {k: v for k, v in req.query.items() if k != "after"}
                query["after"] = enc(start + len(page))
                payload["paging"]["next"] = f"{self.base_url}{req.path}?{urlencode(query)}"
        return Response.json(payload)

    # ------------------------------------------------------------------ users and tokens
    def _accounts(self: FakeFacebook, req: Request) -> Response:
        tasks = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"]
        data = [
            {
                "id": p.id,
                "name": p.name,
                "access_token": p.access_token,
                "category": p.category,
                "tasks": tasks,
            }
            for p in self.pages.values()
        ]
        return self._paged(req, data)

    def _exchange_token(self: FakeFacebook, req: Request) -> Response:
        if str(req.param("client_id") or "") != self.APP_ID:
            raise GraphError(101, "Error validating application. Invalid application ID.")
        if self.app_secret and req.param("client_secret") != self.app_secret:
            raise GraphError(1, "Error validating client secret.")
        short = self.tokens.get(str(req.param("fb_exchange_token") or ""))
        if req.param("grant_type") != "fb_exchange_token" or short is None or short.kind != "user":
            raise GraphError(190, "Invalid OAuth access token - Cannot parse access token")
        from devstack.fakes.facebook import FbToken

        token = f"EAAFakeLongLived{self.next_id():06d}"
        self.tokens[token] = FbToken(token, "user", permissions=set(short.permissions))
        return Response.json({"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    # ------------------------------------------------------------------ nodes
    def _get_node(self: FakeFacebook, req: Request, info: FbToken, node_id: str) -> Response:
        spec = req.param("fields")
        if node_id in self.pages or (
            info.kind == "page" and info.page_id is None and node_id.isdigit()
        ):
            page = self.pages.get(node_id) or self.page_for(info, node_id)
            values = {
                "id": page.id,
                "name": page.name,
                "category": page.category,
                "fan_count": page.fan_count,
                "followers_count": page.followers_count,
                "link": f"https://www.facebook.com/{page.id}",
            }
            if info.kind == "user" or info.page_id == page.id:
                values["access_token"] = page.access_token
            wanted = [field_name(f) for f in split_fields(spec or "name,id")]
            return Response.json({k: values[k] for k in wanted if k in values} | {"id": page.id})
        return Response.json(self._render(self._obj(node_id), spec))

    def _edit(self: FakeFacebook, req: Request, info: FbToken, node_id: str) -> Response:
        obj = self._obj(node_id, "post", "comment")
        if obj["type"] == "comment" and req.param("is_hidden") is not None:
            # Hiding a comment is moderation, not editing: its own permission.
            self._need(info, obj["page_id"], "pages_manage_engagement")
            obj.update(is_hidden=as_bool(req.param("is_hidden")), updated_time=self.now())
            return Response.json({"success": True})
        self._need(info, obj["page_id"], "pages_manage_posts")
        changes: dict[str, Any] = {}
        if req.param("message") is not None:
            changes["message"] = str(req.param("message"))
        if req.param("is_published") is not None:
            changes["is_published"] = as_bool(req.param("is_published"))
        if req.param("scheduled_publish_time") is not None:
            changes["scheduled_publish_time"] = self._schedule(
                req.param("scheduled_publish_time"), False
            )
        obj.update(changes, updated_time=self.now())
        self.posts.edit(
            node_id, **{("text" if k == "message" else k): v for k, v in changes.items()}
        )
        if req.param("fields"):
            return Response.json(self._render(obj, req.param("fields")))
        return Response.json({"success": True})

    def _delete(self: FakeFacebook, req: Request, info: FbToken, node_id: str) -> Response:
        obj = self._obj(node_id)
        if obj["type"] == "comment":  # a comment under the Page's post: moderation
            self._need(info, obj["page_id"], "pages_manage_engagement")
            obj["deleted"] = True
            return Response.json({"success": True})
        self._need(info, obj["page_id"], "pages_manage_posts")
        if not self.allow_delete:
            raise GraphError(200, "(#200) Permissions error")  # [U] "only select developers" note
        obj["deleted"] = True
        self.posts.mark_deleted(node_id)
        return Response.json({"success": True})

    # ------------------------------------------------------------------ edges
    def _edge(
        self: FakeFacebook, req: Request, info: FbToken, node_id: str, edge: str, sub: str | None
    ) -> Response:
        m = req.method
        if edge in ("comments", "reactions") or (
            edge == "insights" and node_id not in self.pages and "_" in node_id
        ):
            obj = self._obj(node_id, "post", "comment", "photo", "video")
            if edge == "comments" and m == "POST":
                self._need(info, obj["page_id"], "pages_manage_engagement")
                return self._comment(req, obj)
            if edge == "comments":
                return self._list_comments(req, obj)
            if edge == "reactions":
                counts = obj.get("reactions", {})
                wanted = str(req.param("type") or "").upper()
                total = counts.get(wanted, 0) if wanted else sum(counts.values())
                return Response.json(
                    {"data": [], "summary": {"total_count": total, "viewer_reaction": "NONE"}}
                )
            return self._insights(req, info, obj["page_id"], sub, obj)
        if edge == "insights":
            return self._insights(req, info, node_id, sub, None)
        if edge == "subscribed_apps":
            self._need(info, node_id)
            if m == "POST":
                return Response.json({"success": True})
            return Response.json(
                {"data": [{"id": self.APP_ID, "name": "Lantoa", "subscribed_fields": ["feed"]}]}
            )
        if m == "POST" and edge == "feed":
            return self._create_post(req, self._need(info, node_id, "pages_manage_posts"))
        if m == "POST" and edge == "photos":
            return self._create_photo(req, self._need(info, node_id, "pages_manage_posts"))
        if m == "POST" and edge == "videos":
            if "publish_video" not in info.permissions:
                raise invalid_param("No permission to publish the video")
            return self._create_video(req, self._need(info, node_id, "pages_manage_posts"))
        if m in ("GET", "HEAD") and edge in ("feed", "posts", "published_posts", "scheduled_posts"):
            self._need(info, node_id, "pages_read_engagement")
            posts = [
                o
                for o in self.objects.values()
                if o["type"] == "post" and o["page_id"] == node_id and not o.get("deleted")
            ]
            for p in posts:
                self._mature(p)
            scheduled = edge == "scheduled_posts"
            posts = [
                p
                for p in posts
                if (not p["is_published"] and bool(p.get("scheduled_publish_time"))) == scheduled
                and (scheduled or p["is_published"])
            ]
            posts.sort(key=lambda p: (p["created_time"], p["id"]), reverse=True)
            return self._paged(req, [self._render(p, req.param("fields")) for p in posts])
        raise GraphError(
            100,
            f"(#100) Unsupported {m.lower()} request on edge {edge}",
            type_="GraphMethodException",
        )

    def _store_post(
        self: FakeFacebook,
        page: FbPage,
        *,
        message: str | None,
        link: str | None,
        published: bool,
        scheduled: int | None,
        media: list[str],
        kind: str,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        now = self.now()
        post_num = self._new_id()
        post_id = f"{page.id}_{post_num}"
        post = {
            "type": "post",
            "id": post_id,
            "page_id": page.id,
            "message": message,
            "link": link,
            "created_time": now,
            "updated_time": now,
            "is_published": published,
            "scheduled_publish_time": scheduled,
            "attached_media": media,
            "comments": [],
            "reactions": {},
            "shares": 0,
            "media_views": 0,
            "clicks": 0,
            "status_type": {"video": "added_video", "photo": "added_photos"}.get(
                kind, "shared_story" if link else "mobile_status_update"
            ),
            "permalink_url": f"https://www.facebook.com/{page.id}/posts/{post_num}",
            **(extra or {}),
        }
        self.objects[post_id] = post
        self.posts.add(
            kind,
            page.id,
            post_id,
            text=message,
            link=link,
            media=media,
            published=published,
            scheduled_publish_time=scheduled,
        )
        return post

    def _create_post(self: FakeFacebook, req: Request, page: FbPage) -> Response:
        message = req.param("message")
        message = None if message in (None, "") else str(message)
        link = req.param("link") or None
        media = self._attached_media(req, page)
        if not (message or link or media):
            raise invalid_param("Missing message or attachment")
        if message and len(message) > self.max_message_length:
            raise invalid_param("Message is too long")  # [U] limit and text
        if link and urlsplit(str(link)).scheme not in ("http", "https"):
            raise invalid_param("The link parameter must be a valid URL")  # [U] text
        published = as_bool(req.param("published"), True)
        scheduled = self._schedule(req.param("scheduled_publish_time"), published)
        if self.detect_duplicates and published and not media:
            mine = [
                o
                for o in self.objects.values()
                if o["type"] == "post"
                and o["page_id"] == page.id
                and o["is_published"]
                and not o.get("deleted")
            ]
            last = max(mine, key=lambda o: o["created_time"], default=None)
            if (
                last
                and last["message"] == message
                and last["link"] == link
                and not last["attached_media"]
            ):
                raise GraphError(
                    506,
                    "Duplicate status message",
                    subcode=1455006,
                    user_title="Duplicate Status Update",
                    user_msg="This status update is identical to the last one you posted. "
                    "Try posting something different, or delete your previous update.",
                )
        for photo_id in media:
            self.objects[photo_id]["attached_to"] = True
        post = self._store_post(
            page,
            message=message,
            link=str(link) if link else None,
            published=published,
            scheduled=scheduled,
            media=media,
            kind="post",
        )
        if req.param("fields"):
            return Response.json(self._render(post, req.param("fields")))
        return Response.json({"id": post["id"]})

    def _attached_media(self: FakeFacebook, req: Request, page: FbPage) -> list[str]:
        raw = as_json(req.param("attached_media"))
        if raw is None:  # form style: attached_media[0]={"media_fbid":"…"}
            keys = sorted(
                (k for k in req.params if re.fullmatch(r"attached_media\[\d+\]", k)),
                key=lambda k: int(k[15:-1]),
            )
            raw = [as_json(req.params[k]) for k in keys] or None
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise invalid_param("param attached_media must be an array.")
        ids = []
        for i, item in enumerate(raw):
            fbid = str(item.get("media_fbid", "")) if isinstance(item, dict) else ""
            photo = self.objects.get(fbid)
            if (
                photo is None
                or photo["type"] != "photo"
                or photo["page_id"] != page.id
                or photo.get("deleted")
            ):
                raise invalid_param(
                    f"param attached_media[{i}] must be a valid media fbid"
                )  # [U] text
            if photo.get("published") or photo.get("attached_to"):
                raise GraphError(
                    100, "These photos were already posted.", subcode=1366051
                )  # [S] subcode
            ids.append(fbid)
        return ids

    def _create_photo(self: FakeFacebook, req: Request, page: FbPage) -> Response:
        source = req.files.get("source")
        url = req.param("url")
        if source is None and not url:
            raise GraphError(324, "(#324) Requires upload file")
        if source is not None and len(source.data) > self.max_photo_bytes:
            raise GraphError(
                100,
                "Photos should be smaller than 4 MB and saved as JPG, PNG, GIF, TIFF, HEIF or "
                "WebP files.",
                subcode=1366046,
            )
        published = as_bool(req.param("published"), True)
        scheduled = self._schedule(req.param("scheduled_publish_time"), published)
        caption = req.param("message") or req.param("caption")
        photo_id = self._new_id()
        ref = url or source.describe()  # type: ignore[union-attr]
        self.objects[photo_id] = {
            "type": "photo",
            "id": photo_id,
            "page_id": page.id,
            "name": caption,
            "created_time": self.now(),
            "published": published,
            "source": ref,
            "link": f"https://www.facebook.com/photo/?fbid={photo_id}",
        }
        if not published and scheduled is None:
            return Response.json({"id": photo_id})  # kept for attached_media; not a post by itself
        post = self._store_post(
            page,
            message=caption,
            link=None,
            published=published,
            scheduled=scheduled,
            media=[photo_id],
            kind="photo",
            extra={"full_picture": url},
        )
        self.objects[photo_id]["attached_to"] = True
        return Response.json(
            {"id": photo_id, **({"post_id": post["id"]} if self.photo_post_id else {})}
        )

    def _create_video(self: FakeFacebook, req: Request, page: FbPage) -> Response:
        phase = req.param("upload_phase")
        if phase == "start":
            size = int(req.param("file_size") or 0)
            if size <= 0:
                raise invalid_param("The parameter file_size is required")
            session = self._new_id()
            video_id = self._new_id()
            self.upload_sessions[session] = {"size": size, "received": 0, "video_id": video_id}
            end = min(size, self.video_chunk_size)
            return Response.json(
                {
                    "video_id": video_id,
                    "upload_session_id": session,
                    "start_offset": "0",
                    "end_offset": str(end),
                }
            )
        if phase in ("transfer", "finish", "cancel"):
            session = self.upload_sessions.get(str(req.param("upload_session_id") or ""))
            if session is None:
                raise invalid_param("Invalid upload_session_id")
            if phase == "cancel":
                self.upload_sessions.pop(str(req.param("upload_session_id")))
                return Response.json({"success": True})
            if phase == "transfer":
                chunk = req.files.get("video_file_chunk")
                if chunk is None or int(req.param("start_offset") or -1) != session["received"]:
                    raise invalid_param(
                        "Invalid start_offset or missing video_file_chunk"
                    )  # [U] text
                session["received"] = min(session["size"], session["received"] + len(chunk.data))
                end = min(session["size"], session["received"] + self.video_chunk_size)
                return Response.json(
                    {"start_offset": str(session["received"]), "end_offset": str(end)}
                )
            if session["received"] < session["size"]:
                raise invalid_param("The video file upload is incomplete")  # [U] text
            self.upload_sessions.pop(str(req.param("upload_session_id")))
            self._store_video(req, page, session["video_id"], f"chunked:{session['size']} bytes")
            return Response.json({"success": True})
        source, file_url = req.files.get("source"), req.param("file_url")
        if source is None and not file_url:
            raise GraphError(324, "(#324) Requires upload file")
        video_id = self._new_id()
        self._store_video(req, page, video_id, file_url or source.describe())  # type: ignore[union-attr]
        return Response.json({"id": video_id})

    def _store_video(
        self: FakeFacebook, req: Request, page: FbPage, video_id: str, ref: Any
    ) -> None:
        published = as_bool(req.param("published"), True)
        scheduled = self._schedule(req.param("scheduled_publish_time"), published)
        description = req.param("description")
        self.objects[video_id] = {
            "type": "video",
            "id": video_id,
            "page_id": page.id,
            "description": description,
            "title": req.param("title"),
            "created_time": self.now(),
            "source": ref,
            "permalink_url": f"https://www.facebook.com/reel/{video_id}",
        }
        self._store_post(
            page,
            message=description,
            link=None,
            published=published,
            scheduled=scheduled,
            media=[video_id],
            kind="video",
        )

    def add_comment(
        self: FakeFacebook,
        object_id: str,
        message: str,
        author: dict[str, str] | None = None,
        parent_id: str | None = None,
        log: bool = True,
    ) -> dict[str, Any]:
        target = self._obj(parent_id or object_id, "post", "comment")
        post = target if target["type"] == "post" else self.objects[target["post_id"]]
        cid = f"{post['id'].split('_', 1)[-1]}_{self.next_id() + 987650000}"
        comment = {
            "type": "comment",
            "id": cid,
            "page_id": post["page_id"],
            "post_id": post["id"],
            "message": message,
            "created_time": self.now(),
            "like_count": 0,
            "replies": [],
            "from": author,
            "parent": {"id": target["id"]} if target["type"] == "comment" else None,
        }
        self.objects[cid] = comment
        (target["replies"] if target["type"] == "comment" else post["comments"]).append(cid)
        if log:
            self.posts.add("comment", post["id"], cid, text=message)
        return comment

    def _comment(self: FakeFacebook, req: Request, obj: dict[str, Any]) -> Response:
        message = req.param("message") or req.param("attachment_url")
        if not message:
            raise invalid_param("Missing message or attachment")
        page = self.pages[obj["page_id"]]
        comment = self.add_comment(obj["id"], str(message), {"id": page.id, "name": page.name})
        if req.param("fields"):
            return Response.json(self._render(comment, req.param("fields")))
        return Response.json({"id": comment["id"]})

    def _list_comments(self: FakeFacebook, req: Request, obj: dict[str, Any]) -> Response:
        ids = obj["comments"] if obj["type"] == "post" else obj.get("replies", [])
        if req.param("filter") == "stream" and obj["type"] == "post":
            ids = [
                c
                for c in self.objects
                if self.objects[c]["type"] == "comment" and self.objects[c]["post_id"] == obj["id"]
            ]
        comments = [self.objects[c] for c in ids if not self.objects[c].get("deleted")]
        comments.sort(
            key=lambda c: c["created_time"], reverse=req.param("order") == "reverse_chronological"
        )
        extra = {}
        if as_bool(req.param("summary")) or str(req.param("summary") or "").startswith(
            "total_count"
        ):
            extra["summary"] = {
                "order": str(req.param("order") or "chronological"),
                "total_count": len(comments),
                "can_comment": True,
            }
        return self._paged(req, [self._render(c, req.param("fields")) for c in comments], **extra)

    def _insights(
        self: FakeFacebook,
        req: Request,
        info: FbToken,
        page_id: str,
        sub: str | None,
        obj: dict[str, Any] | None,
    ) -> Response:
        self.page_for(info, page_id)
        if "read_insights" not in info.permissions:
            raise GraphError(
                10,
                "(#10) This endpoint requires the 'read_insights' permission or the 'Page "
                "Public Content Access' feature",
            )  # [U] text
        names = [n.strip() for n in str(sub or req.param("metric") or "").split(",") if n.strip()]
        catalogue = POST_METRICS if obj else PAGE_METRICS
        if not names or any(n in DEPRECATED_METRICS or n not in catalogue for n in names):
            raise invalid_param("The value must be a valid insights metric")
        period = str(req.param("period") or ("lifetime" if obj else "day"))
        if period not in PERIODS:
            raise invalid_param(
                f"period must be one of the following values: {', '.join(sorted(PERIODS))}"
            )
        posts = (
            [obj]
            if obj
            else [
                o
                for o in self.objects.values()
                if o["type"] == "post" and o["page_id"] == page_id and not o.get("deleted")
            ]
        )
        page = self.pages[page_id]
        reactions = sum(sum(p["reactions"].values()) for p in posts)
        comments = sum(len(p["comments"]) for p in posts)
        views = sum(p["media_views"] for p in posts)
        clicks = sum(p["clicks"] for p in posts)
        values = {
            "page_total_media_view_unique": views,
            "page_media_view": views,
            "page_post_engagements": reactions + comments + sum(p["shares"] for p in posts),
            "page_daily_follows": 0,
            "page_daily_follows_unique": 0,
            "page_daily_unfollows_unique": 0,
            "page_follows": page.followers_count,
            "page_views_total": views,
            "page_video_views": 0,
            "post_total_media_view_unique": views,
            "post_media_view": views,
            "post_clicks": clicks,
            "post_reactions_by_type_total": {
                k.lower(): v for k, v in (obj or {}).get("reactions", {}).items()
            },
            "post_clicks_by_type": {"other clicks": clicks},
            "post_video_views": 0,
        }
        node = obj["id"] if obj else page_id
        end = fb_time(self.now())
        data = [insight_values(n, period, values[n], node, end, catalogue) for n in names]
        return Response.json(
            {
                "data": data,
                "paging": {
                    "previous": f"{self.base_url}{req.path}?since=0",
                    "next": f"{self.base_url}{req.path}?until=0",
                },
            }
        )

    def set_engagement(
        self: FakeFacebook,
        post_id: str,
        *,
        reactions: dict[str, int] | None = None,
        shares: int | None = None,
        media_views: int | None = None,
        clicks: int | None = None,
    ) -> None:
        """Give a post figures to be read back through fields, reactions and insights."""
        with self._lock:
            post = self._obj(post_id, "post")
            if reactions is not None:
                post["reactions"] = {k.upper(): v for k, v in reactions.items()}
            for key, value in (
                ("shares", shares),
                ("media_views", media_views),
                ("clicks", clicks),
            ):
                if value is not None:
                    post[key] = value


_MISSING = object()
