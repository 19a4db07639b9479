"""Every absolute link of a running Lantoa answers: crawl the demo at its served
address (`make run`, or `run_devstack --addr …`) and count, per kind of source
(pages, feeds, sitemap and robots.txt, bulletin PDFs, e-mails in the SMTP
sink's folder), the absolute links that answer 200, those that answer
something else, and those that point at another local address (localhost,
127.0.0.1 on another port) than the one served.

    .venv/bin/python bench/crawl.py http://127.0.0.1:8000 --mail-dir var/mail

Needs nothing but the running server (standard library; `pdftotext` from
poppler, if present, reads the PDFs' links). Prints a table and
writes bench/out/crawl.json; exits 1 when a link does not answer 200 or points
at an address the server does not serve.
"""

import argparse
import email
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import print_table, write_json

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver")
SKIP_CRAWL = ("/admin", "/api", "/static", "/media", "/django-admin")
HREF = re.compile(r'(?:href|src|action)="(https?://[^"#\s]+)')
XML_LINK = re.compile(r"<(?:link|loc|guid|id)[^>]*>\s*(https?://[^<\s]+)\s*</")
ATOM_HREF = re.compile(r'<link[^>]+href="(https?://[^"#\s]+)"')
ANY_HREF = re.compile(r'(?:href|src)="([^"#\s]+)"')
TEXT_URL = re.compile(r"https?://[^\s<>\"')\]]+")
PDF_URI = re.compile(rb"/URI\s*\((https?://[^)]+)\)")


def fetch(url: str, timeout: float = 30) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers={"User-Agent": "lantoa-bench-crawl"})  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""
    except Exception:  # noqa: BLE001 - refused, unknown host, timeout: "does not answer"
        return 0, "", b""


class Crawl:
    def __init__(self, base: str, max_pages: int) -> None:
        self.base = base.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.max_pages = max_pages
        self.pages: set[str] = set()
        self.links: dict[str, set[str]] = {}  # absolute link -> kinds of source
        self.pdfs: set[str] = set()
        self.statuses: dict[str, int] = {}
        self.page_problems: list[str] = []

    def note(self, link: str, kind: str) -> None:
        link = link.replace("&amp;", "&").rstrip(".,;")
        self.links.setdefault(link, set()).add(kind)

    def local(self, url: str) -> bool:
        return urllib.parse.urlsplit(url).netloc == self.host

    def run(self) -> None:
        queue = deque(
            [
                f"{self.base}/",
                f"{self.base}/sitemap.xml",
                f"{self.base}/robots.txt",
                f"{self.base}/don-vi/",
            ]
        )
        while queue and len(self.pages) < self.max_pages:
            url = queue.popleft()
            if url in self.pages:
                continue
            self.pages.add(url)
            status, ctype, body = fetch(url)
            self.statuses[url] = status
            if status != 200:
                self.page_problems.append(f"{url} -> {status}")
                continue
            if url.endswith(".pdf") or "pdf" in ctype:
                self.read_pdf(url, body)
                continue
            text = body.decode("utf-8", "replace")
            kind = self.kind_of(url, ctype)
            for link in self.absolute_links(text, kind):
                self.note(link, kind)
            for ref in (
                ANY_HREF.findall(text)
                + XML_LINK.findall(text)
                + TEXT_URL.findall(text if kind == "robots" else "")
            ):
                target = urllib.parse.urljoin(url, ref.replace("&amp;", "&")).split("#")[0]
                parts = urllib.parse.urlsplit(target)
                if parts.netloc != self.host or parts.path.startswith(SKIP_CRAWL):
                    continue
                if parts.path.endswith("/pdf/") or parts.path.endswith(".pdf"):
                    self.pdfs.add(target)
                if target not in self.pages:
                    queue.append(target)

    @staticmethod
    def kind_of(url: str, ctype: str) -> str:
        path = urllib.parse.urlsplit(url).path
        if path.endswith("robots.txt"):
            return "robots"
        if "sitemap" in path:
            return "sitemap"
        if "xml" in ctype or path.endswith(("/rss/", "/atom/")):
            return "feed"
        return "page"

    @staticmethod
    def absolute_links(text: str, kind: str) -> list[str]:
        if kind == "robots":
            return TEXT_URL.findall(text)
        if kind in ("feed", "sitemap"):
            return XML_LINK.findall(text) + ATOM_HREF.findall(text)
        links = HREF.findall(text)
        links += re.findall(r'<link[^>]+rel="canonical"[^>]+href="([^"]+)"', text)
        links += re.findall(r'<meta[^>]+property="og:(?:url|image)"[^>]+content="([^"]+)"', text)
        return links

    def read_pdf(self, url: str, body: bytes) -> None:
        """The PDF's link annotations (poppler's `pdfinfo -url`: WeasyPrint keeps
        them in compressed object streams); the printed addresses are the same
        links, wrapped across lines."""
        for link in PDF_URI.findall(body):
            self.note(link.decode("latin-1"), "pdf")
        try:
            with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
                f.write(body)
                f.flush()
                listing = subprocess.run(
                    ["pdfinfo", "-url", f.name],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=60,
                ).stdout
        except (OSError, subprocess.SubprocessError):
            return
        for line in listing.splitlines()[1:]:
            parts = line.split()
            if len(parts) >= 3 and parts[-1].startswith(("http://", "https://")):
                self.note(parts[-1], "pdf")

    def read_mail(self, folder: Path) -> int:
        count = 0
        for path in sorted(folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes())
            count += 1
            for part in message.walk():
                if part.get_content_maintype() != "text":
                    continue
                payload = part.get_payload(decode=True) or b""
                text = payload.decode(part.get_content_charset() or "utf-8", "replace")
                for link in HREF.findall(text) + TEXT_URL.findall(text):
                    self.note(link, "e-mail")
        return count

    def check_links(self) -> None:
        for pdf in sorted(self.pdfs - self.pages):
            self.pages.add(pdf)
            status, _, body = fetch(pdf)
            if status == 200:
                self.read_pdf(pdf, body)
        for link in sorted(self.links):
            if link not in self.statuses:
                self.statuses[link] = fetch(link)[0]

    def elsewhere_local(self, link: str) -> bool:
        parts = urllib.parse.urlsplit(link)
        return parts.hostname in LOCAL_HOSTS and parts.netloc != self.host


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--max", type=int, default=400, help="most pages to crawl")
    parser.add_argument("--mail-dir", type=Path, help="the SMTP sink's folder (var/mail)")
    parser.add_argument("--external", action="store_true", help="also ask hosts on the internet")
    args = parser.parse_args()

    started = time.monotonic()
    crawl = Crawl(args.base, args.max)
    crawl.run()
    mails = crawl.read_mail(args.mail_dir) if args.mail_dir and args.mail_dir.is_dir() else 0
    if not args.external:
        crawl.links = {
            link: kinds
            for link, kinds in crawl.links.items()
            if urllib.parse.urlsplit(link).hostname in LOCAL_HOSTS or crawl.local(link)
        } | {}
    crawl.check_links()
    seconds = time.monotonic() - started

    rows, totals, bad = [], Counter(), []
    for kind in ("page", "feed", "sitemap", "robots", "pdf", "e-mail"):
        links = [link for link, kinds in crawl.links.items() if kind in kinds]
        ok = sum(1 for link in links if crawl.statuses.get(link) == 200)
        elsewhere = [link for link in links if crawl.elsewhere_local(link)]
        failing = [link for link in links if crawl.statuses.get(link) != 200]
        rows.append((kind, len(links), ok, len(failing), len(elsewhere)))
        totals.update(links=len(links), ok=ok, failing=len(failing), elsewhere=len(elsewhere))
        bad += [f"{kind}: {link} -> {crawl.statuses.get(link)}" for link in failing + elsewhere]
    rows.append(("all", totals["links"], totals["ok"], totals["failing"], totals["elsewhere"]))
    print(
        f"{crawl.base}: {len(crawl.pages)} URLs crawled ({len(crawl.page_problems)} not 200), "
        f"{len(crawl.pdfs)} PDFs, {mails} e-mails read, {seconds:.0f} s"
    )
    print_table(["source", "absolute links", "answer 200", "not 200", "other local address"], rows)
    for line in sorted(set(bad))[:30]:
        print("  -", line)
    for line in crawl.page_problems[:10]:
        print("  - page", line)
    write_json(
        "crawl",
        {
            "base": crawl.base,
            "pages": len(crawl.pages),
            "pdfs": len(crawl.pdfs),
            "mails": mails,
            "rows": rows,
            "problems": sorted(set(bad)) + crawl.page_problems,
        },
    )
    return 1 if bad or crawl.page_problems else 0


if __name__ == "__main__":
    sys.exit(main())
