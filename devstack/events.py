"""A probe event for the event outbox's own tests: real worker processes load
the same settings as the test, so the probe's subscriber runs in them too."""

import time

from django.utils.translation import gettext_lazy as _

from devstack.choices import DevstackAction
from lantoa.core import events
from lantoa.core.actors import SystemActor
from lantoa.core.audit import audit_record

PROBE = events.define(
    "devstack.probe",
    label=_("Sự kiện thử của bộ kiểm thử"),
    payload={
        "note": "a text the subscriber writes into the audit log",
        "hold_seconds": "how long the subscriber works before it writes (a window to kill it in)",
    },
)


def probe_record(event: events.Event, actor: SystemActor) -> None:
    """Work for `hold_seconds`, then write one audit entry naming the event."""
    time.sleep(float(event.payload["hold_seconds"]))
    audit_record(
        actor=actor,
        action=DevstackAction.PROBE_RECEIVED,
        data={"event": event.id, "note": event.payload["note"]},
    )


def subscribe() -> None:
    events.subscribe(
        PROBE, probe_record, name="devstack.probe_record", label=_("Bộ ghi sự kiện thử")
    )
