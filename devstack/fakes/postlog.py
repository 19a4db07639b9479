"""The record of what a fake "published".

In memory for the running process, and optionally appended to a JSONL file so that another process (a
crash test, the benchmark) can count posts after the fake or the worker died. Each line is one event::

    {"event": "posted", "platform": "telegram", "id": "...", "kind": "message", "target": "...", ...}
    {"event": "deleted", "platform": "telegram", "id": "...", "time": ...}
    {"event": "edited", "platform": "facebook", "id": "...", "changes": {...}, "time": ...}

Lines are written with one ``write`` call on a file opened in append mode and flushed at once, so a
reader never sees half a line from a live writer and nothing buffered is lost when the process is killed
after the answer went out.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class PostLog:
    def __init__(self, platform: str, jsonl_path: str | Path | None = None) -> None:
        self.platform = platform
        self.jsonl_path = Path(jsonl_path) if jsonl_path else None
        self._lock = threading.Lock()
        self._posts: list[dict[str, Any]] = []
        self._by_id: dict[str, dict[str, Any]] = {}

    def _append_line(self, event: dict[str, Any]) -> None:
        if self.jsonl_path is None:
            return
        line = json.dumps(event, ensure_ascii=False, default=str) + "\n"
        with self.jsonl_path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()

    def add(self, kind: str, target: str, external_id: str, **fields: Any) -> dict[str, Any]:
        """Record a publication and return the (live) record."""
        with self._lock:
            record: dict[str, Any] = {
                "seq": len(self._posts) + 1,
                "platform": self.platform,
                "kind": kind,
                "id": str(external_id),
                "target": str(target),
                "time": time.time(),
                "deleted": False,
                **fields,
            }
            self._posts.append(record)
            self._by_id[record["id"]] = record
            self._append_line({"event": "posted", **record})
            return record

    def get(self, external_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._by_id.get(str(external_id))

    def mark_deleted(self, external_id: str) -> bool:
        with self._lock:
            record = self._by_id.get(str(external_id))
            if record is None or record["deleted"]:
                return False
            record["deleted"] = True
            self._append_line(
                {
                    "event": "deleted",
                    "platform": self.platform,
                    "id": record["id"],
                    "time": time.time(),
                }
            )
            return True

    def edit(self, external_id: str, **changes: Any) -> bool:
        with self._lock:
            record = self._by_id.get(str(external_id))
            if record is None or record["deleted"]:
                return False
            record.update(changes)
            self._append_line(
                {
                    "event": "edited",
                    "platform": self.platform,
                    "id": record["id"],
                    "changes": changes,
                    "time": time.time(),
                }
            )
            return True

    def all(self, include_deleted: bool = True) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(p) for p in self._posts if include_deleted or not p["deleted"]]

    def __len__(self) -> int:
        with self._lock:
            return len(self._posts)

    def clear(self) -> None:
        with self._lock:
            self._posts.clear()
            self._by_id.clear()


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Events of a JSONL post log; a torn last line (writer killed mid-write) is skipped."""
    p = Path(path)
    if not p.exists():
        return
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def count_posts(path: str | Path, *, platform: str | None = None, marker: str | None = None) -> int:
    """How many ``posted`` events the file holds (optionally only those whose JSON mentions ``marker``),
    e.g. to prove that a delivery reached the platform exactly once."""
    n = 0
    for event in read_jsonl(path):
        if event.get("event") != "posted":
            continue
        if platform and event.get("platform") != platform:
            continue
        if marker and marker not in json.dumps(event, ensure_ascii=False):
            continue
        n += 1
    return n
