"""Fake public posts: pages where harmful or false information is published, for incident snapshots.

Guarantees (what Lantoa's evidence snapshot relies on, as social sites and news pages serve it):

* ``GET /p/<slug>`` answers an HTML page shaped like a public social post: ``<title>``, ``og:title`` and
  ``og:description`` carrying the post's text (where social sites put it for link previews), the
  author and the text in the body, an inline script the snapshot must not keep as text;
* ``GET /r/<slug>`` redirects (302) to ``/p/<slug>``, as share links do;
* ``remove_post(slug)`` makes the page answer 404 "Nội dung không còn" (the post was taken down), which
  is why a snapshot is taken first;
* ``add_post(slug, author=…, text=…)`` (or ``POST /_fake/posts`` with the same JSON fields) publishes a
  post; each is kept in the post log (kind ``public_post``, target the author).
"""

from __future__ import annotations

from html import escape
from typing import Any

from devstack.fakes.base import FakeServer
from devstack.fakes.wire import Request, Response


class FakePublicPosts(FakeServer):
    platform = "publicposts"
    title = "Public posts (reported content)"

    def __init__(self, port: int = 0, **kwargs: Any) -> None:
        super().__init__(port, **kwargs)
        self.pages: dict[str, dict[str, str]] = {}
        self.add_route("GET", r"/p/(?P<slug>[A-Za-z0-9_-]+)", self._page)
        self.add_route("GET", r"/r/(?P<slug>[A-Za-z0-9_-]+)", self._redirect)
        self.add_route("POST", r"/_fake/posts", self._post)

    def add_post(self, slug: str, *, author: str, text: str) -> str:
        self.pages[slug] = {"author": author, "text": text, "removed": ""}
        self.posts.add("public_post", author, slug, text=text)
        return self.post_url(slug)

    def remove_post(self, slug: str) -> None:
        self.pages[slug]["removed"] = "1"

    def post_url(self, slug: str) -> str:
        return f"{self.base_url}/p/{slug}"

    def _page(self, req: Request, match: Any) -> Response:
        page = self.pages.get(match["slug"])
        if page is None or page["removed"]:
            return Response.html("<html><body><h1>Nội dung không còn</h1></body></html>", 404)
        author, text = escape(page["author"]), escape(page["text"])
        return Response.html(
            "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
            f"<title>{author} | Bài đăng công khai</title>"
            f"<meta property='og:title' content='{author}'>"
            f"<meta property='og:description' content='{text}'>"
            "<script>window.tracking = 'không phải nội dung';</script>"
            "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}</style>"
            f"</head><body><article><h1>{author}</h1><p>{text}</p></article></body></html>"
        )

    def _redirect(self, req: Request, match: Any) -> Response:
        return Response(status=302, body=b"", headers={"Location": f"/p/{match['slug']}"})

    def _post(self, req: Request, match: Any) -> Response:
        body = req.json_body if isinstance(req.json_body, dict) else {}
        if not body.get("slug") or not body.get("text"):
            return Response.json({"error": "slug and text are required"}, 400)
        url = self.add_post(
            str(body["slug"]), author=str(body.get("author") or ""), text=body["text"]
        )
        return Response.json({"url": url}, 201)
