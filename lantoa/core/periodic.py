"""Periodic jobs: a registry that apps fill in `AppConfig.ready()`, and the
loop that `manage.py run_periodic` runs (one per deployment, like cron).

Each job only enqueues a task; the workers do the work, so a slow job never
delays the others and a crashed scheduler loses nothing but a tick. Each job
is a named system actor (lantoa/core/actors.py): its task passes that actor
to the services it calls, so the audit log says which job changed what.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from lantoa.core.actors import SystemActor

logger = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    actor: SystemActor
    every_seconds: float
    enqueue: Callable[[], object]
    last_run: float = 0.0

    @property
    def name(self) -> str:
        return self.actor.name


_JOBS: dict[str, PeriodicJob] = {}


def register(actor: SystemActor, every_seconds: float, enqueue: Callable[[], object]) -> None:
    """Run `enqueue` every `every_seconds` as the job `actor` names."""
    _JOBS[actor.name] = PeriodicJob(actor, every_seconds, enqueue)


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
