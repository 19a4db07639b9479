"""Periodic jobs: a registry that apps fill in `AppConfig.ready()`, and the
loop that `manage.py run_periodic` runs (one per deployment, like cron).

Each job only enqueues a task; the workers do the work, so a slow job never
delays the others and a crashed scheduler loses nothing but a tick.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    name: str
    every_seconds: float
    enqueue: Callable[[], object]
    last_run: float = 0.0


_JOBS: dict[str, PeriodicJob] = {}


def register(name: str, every_seconds: float, enqueue: Callable[[], object]) -> None:
    _JOBS[name] = PeriodicJob(name, every_seconds, enqueue)


def jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def run_due(now: float | None = None) -> list[str]:
    """Enqueue every job whose interval has passed; return their names."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in jobs():
        if job.last_run == 0.0 or now - job.last_run >= job.every_seconds:
            try:
                job.enqueue()
            except Exception:  # a failing job must not stop the others
                logger.exception("periodic job %s failed to enqueue", job.name)
            else:
                ran.append(job.name)
            job.last_run = now
    return ran
