"""A local SMTP sink: accepts every message on 127.0.0.1 and keeps it as an
.eml file, so a newcomer can read what Lantoa sent (`manage.py smtp_sink`)
and tests and benchmarks can count what arrived.

It stores a message once per Message-ID: a message sent again after a crash
(the bulletin resends in-doubt messages with the same Message-ID) is
acknowledged but not stored twice — what a careful mail system does with a
duplicate — and counted as a duplicate, so a test can see both numbers.

Run without Django: `python -m devstack.smtp_sink --port 1025 --dir var/mail`.
"""

import argparse
import asyncio
import contextlib
import hashlib
import json
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

DEFAULT_PORT = 1025


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SinkHandler:
    """aiosmtpd handler: counts every receipt, stores each Message-ID once."""

    def __init__(self, directory: Path | None, *, latency: float = 0.0) -> None:
        self.directory = directory
        self.latency = latency  # seconds before each answer: a slow relay, for crash tests
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        self.received = 0
        self.duplicates = 0
        self.seen: set[str] = set()
        self.received_by_recipient: Counter[str] = Counter()
        self.stored_by_recipient: Counter[str] = Counter()
        self._headers = BytesHeaderParser(policy=policy.compat32)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.latency:
            await asyncio.sleep(self.latency)
        content: bytes = envelope.original_content or envelope.content
        message_id = str(self._headers.parsebytes(content).get("Message-ID", "") or "").strip()
        key = message_id or hashlib.sha256(content).hexdigest()
        name = hashlib.sha256(key.encode()).hexdigest()[:32] + ".eml"
        recipients = [r.lower() for r in envelope.rcpt_tos]
        with self.lock:
            self.received += 1
            self.received_by_recipient.update(recipients)
            duplicate = key in self.seen or (
                self.directory is not None and (self.directory / name).exists()
            )
            if duplicate:
                self.duplicates += 1
            else:
                self.seen.add(key)
                self.stored_by_recipient.update(recipients)
        if duplicate:
            return "250 OK: duplicate Message-ID, already delivered"
        if self.directory is not None:
            tmp = self.directory / f".{name}.tmp"
            tmp.write_bytes(content)
            tmp.replace(self.directory / name)  # atomic: a reader never sees half a message
        return "250 OK: message accepted"

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {
                "received": self.received,
                "stored": len(self.seen),
                "duplicates": self.duplicates,
                "received_by_recipient": dict(self.received_by_recipient),
                "stored_by_recipient": dict(self.stored_by_recipient),
            }


class SmtpSink:
    """`with SmtpSink(directory) as sink:` — an SMTP server on 127.0.0.1:`sink.port`."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        handler: SinkHandler | None = None,
    ) -> None:
        self.host = host
        self.port = port or free_port()
        self.handler = handler or SinkHandler(directory)
        self.controller = Controller(
            self.handler,
            hostname=host,
            port=self.port,
            # Bulletins are large HTML; accept up to 32 MB like a real relay would.
            data_size_limit=32 * 2**20,
        )

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- reading what arrived -------------------------------------------------------------


@dataclass(frozen=True)
class StoredMessage:
    path: Path
    received_at: float
    sender: str
    to: str
    subject: str


def stored_messages(directory: Path) -> list[StoredMessage]:
    """Messages in the sink's folder, newest first (headers only)."""
    parser = BytesHeaderParser(policy=policy.default)
    found = []
    for path in directory.glob("*.eml"):
        with path.open("rb") as fh:
            headers = parser.parse(fh)
        found.append(
            StoredMessage(
                path=path,
                received_at=path.stat().st_mtime,
                sender=str(headers.get("From", "")),
                to=str(headers.get("To", "")),
                subject=str(headers.get("Subject", "")),
            )
        )
    return sorted(found, key=lambda m: m.received_at, reverse=True)


def read_message(path: Path) -> EmailMessage:
    with path.open("rb") as fh:
        message = BytesParser(policy=policy.default).parse(fh)
    assert isinstance(message, EmailMessage)  # noqa: S101 - policy.default gives EmailMessage
    return message


def message_text(message: EmailMessage) -> str:
    """The plain-text part (or the HTML part when there is none)."""
    part = message.get_body(preferencelist=("plain", "html"))
    return "" if part is None else str(part.get_content())  # type: ignore[attr-defined]


# -- command line (no Django needed) ------------------------------------------------------


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(directory: Path | None, port: int, stats_file: Path | None = None) -> dict[str, Any]:
    """Run until SIGINT/SIGTERM; write the counts to `stats_file` at the end."""
    with SmtpSink(directory, port=port) as sink, _stop_on_signals() as stop:
        if stats_file is not None:
            stats_file.with_suffix(".ready").write_text(str(sink.port))
        while not stop.wait(0.2):
            pass
    stats = sink.handler.stats()
    if stats_file is not None:
        stats_file.write_text(json.dumps(stats))
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local SMTP sink on 127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"))
    parser.add_argument("--no-store", action="store_true", help="count only, write no files")
    parser.add_argument("--stats", type=Path, help="write the counts here as JSON on exit")
    args = parser.parse_args(argv)
    started = time.monotonic()
    stats = serve(None if args.no_store else args.dir, args.port, args.stats)
    seconds = time.monotonic() - started
    print(  # noqa: T201 - a command-line tool
        f"smtp sink: {stats['received']} received, {stats['stored']} stored, "
        f"{stats['duplicates']} duplicates in {seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
