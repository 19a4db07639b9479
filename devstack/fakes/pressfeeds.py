"""Fake newspaper feeds: the RSS 2.0 and Atom 1.0 feeds of a few outlets, for the press clipping log.

Guarantees (what Lantoa's feed reader relies on, as real news sites serve it):

* ``GET /<outlet>/rss.xml`` (RSS 2.0, RFC 822 dates, ``guid``) and ``GET /<outlet>/atom.xml`` (Atom,
  RFC 3339 dates, ``id``), newest item first, at most ``limit`` items (30, like most Vietnamese news
  sites); an unknown outlet answers 404;
* every answer carries an ``ETag`` (changes when the outlet's items change); a request whose
  ``If-None-Match`` matches gets ``304 Not Modified`` with no body;
* ``add_item(outlet, title=…, link=…, summary=…, published=…)`` (or ``POST /_fake/items`` with the same
  JSON fields) publishes an article; each is kept in the post log (kind ``article``, target the outlet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from devstack.fakes.base import FakeServer
from devstack.fakes.wire import Request, Response

SAMPLE_OUTLETS = {
    "laodong": "Báo Lao Động",
    "nguoilaodong": "Báo Người Lao Động",
    "petrotimes": "Tạp chí Năng lượng Mới",
}


class FakePressFeeds(FakeServer):
    platform = "pressfeeds"
    title = "Newspaper RSS/Atom feeds"

    def __init__(self, port: int = 0, *, limit: int = 30, **kwargs: Any) -> None:
        super().__init__(port, **kwargs)
        self.limit = limit
        self.outlets: dict[str, str] = dict(SAMPLE_OUTLETS)
        self.items: dict[str, list[dict[str, Any]]] = {slug: [] for slug in self.outlets}
        self.add_route("GET", r"/(?P<outlet>[a-z0-9-]+)/rss\.xml", self._rss)
        self.add_route("GET", r"/(?P<outlet>[a-z0-9-]+)/atom\.xml", self._atom)
        self.add_route("POST", r"/_fake/items", self._post_item)

    # -- publishing -------------------------------------------------------------------------------

    def add_item(
        self,
        outlet: str,
        *,
        title: str,
        link: str = "",
        summary: str = "",
        published: dt.datetime | None = None,
    ) -> dict[str, Any]:
        if outlet not in self.outlets:
            self.outlets[outlet] = outlet
            self.items[outlet] = []
        guid = f"urn:uuid:{uuid.uuid4()}"
        item = {
            "guid": guid,
            "title": title,
            "link": link or f"{self.base_url}/{outlet}/{guid[9:17]}.html",
            "summary": summary,
            "published": (published or dt.datetime.now(dt.UTC)).astimezone(dt.UTC),
        }
        self.items[outlet].insert(0, item)
        self.items[outlet].sort(key=lambda i: i["published"], reverse=True)
        self.posts.add("article", outlet, guid, text=title, link=item["link"])
        return item

    def feed_url(self, outlet: str, kind: str = "rss") -> str:
        return f"{self.base_url}/{outlet}/{'rss' if kind == 'rss' else 'atom'}.xml"

    def _post_item(self, req: Request, match: Any) -> Response:
        body = req.json_body if isinstance(req.json_body, dict) else {}
        if not body.get("outlet") or not body.get("title"):
            return Response.json({"error": "outlet and title are required"}, 400)
        published = body.get("published")
        item = self.add_item(
            str(body["outlet"]),
            title=str(body["title"]),
            link=str(body.get("link") or ""),
            summary=str(body.get("summary") or ""),
            published=dt.datetime.fromisoformat(published) if published else None,
        )
        return Response.json({**item, "published": item["published"].isoformat()}, 201)

    # -- serving ----------------------------------------------------------------------------------

    def _serve(self, req: Request, outlet: str, render: Any, content_type: str) -> Response:
        if outlet not in self.outlets:
            return Response.text("Not Found", 404)
        items = self.items[outlet][: self.limit]
        etag = (
            '"' + hashlib.sha256(repr([i["guid"] for i in items]).encode()).hexdigest()[:16] + '"'
        )
        if req.header("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        body = render(outlet, items).encode("utf-8")
        return Response(status=200, body=body, content_type=content_type, headers={"ETag": etag})

    def _rss(self, req: Request, match: Any) -> Response:
        return self._serve(
            req, match["outlet"], self._render_rss, "application/rss+xml; charset=utf-8"
        )

    def _atom(self, req: Request, match: Any) -> Response:
        return self._serve(
            req, match["outlet"], self._render_atom, "application/atom+xml; charset=utf-8"
        )

    def _render_rss(self, outlet: str, items: list[dict[str, Any]]) -> str:
        entries = "".join(
            "<item>"
            f"<title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
            f'<guid isPermaLink="false">{escape(i["guid"])}</guid>'
            f"<description>{escape(i['summary'])}</description>"
            f"<pubDate>{format_datetime(i['published'])}</pubDate>"
            "</item>"
            for i in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(self.outlets[outlet])}</title><link>{self.base_url}/{outlet}/</link>"
            f"<description>{escape(self.outlets[outlet])}</description>{entries}</channel></rss>"
        )

    def _render_atom(self, outlet: str, items: list[dict[str, Any]]) -> str:
        updated = items[0]["published"] if items else dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        entries = "".join(
            "<entry>"
            f'<title>{escape(i["title"])}</title><link href="{escape(i["link"])}"/>'
            f"<id>{escape(i['guid'])}</id><summary>{escape(i['summary'])}</summary>"
            f"<updated>{i['published'].isoformat()}</updated>"
            f"<published>{i['published'].isoformat()}</published>"
            "</entry>"
            for i in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(self.outlets[outlet])}</title><id>{self.base_url}/{outlet}/</id>"
            f"<updated>{updated.isoformat()}</updated>{entries}</feed>"
        )

    def describe(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "base_url": self.base_url,
            "feeds": {slug: self.feed_url(slug) for slug in self.outlets},
            "items": {slug: len(items) for slug, items in self.items.items()},
        }
