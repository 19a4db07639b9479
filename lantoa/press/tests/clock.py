"""A frozen clock shared by the test and the worker processes it starts: the
time is read from a file, so the test moves it for everyone at once."""

import datetime as dt
from pathlib import Path


class FileClock:
    def __init__(self, path: Path, start: dt.datetime) -> None:
        self.path = path
        self.set(start)

    def set(self, when: dt.datetime) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(when.isoformat())
        tmp.replace(self.path)  # atomic: a reader never sees half a time

    def advance(self, **delta: float) -> dt.datetime:
        when = self() + dt.timedelta(**delta)
        self.set(when)
        return when

    def __call__(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.path.read_text())


def install_file_clock(path: str) -> None:
    """Make `django.utils.timezone.now` read `path` (in a worker process)."""
    from django.utils import timezone

    file = Path(path)
    timezone.now = lambda: dt.datetime.fromisoformat(file.read_text())  # type: ignore[assignment]
