"""Models of harmful-information incidents (docs/subsystems/incidents.md).

- intake: `Report` (one tip, from wherever it came) and its `Snapshot`
  (the reported page as it was, stored first);
- `Incident` with its `TimelineEntry`s, `IncidentStep`s (a playbook made
  concrete), `Escalation`s up the tree and in-app `Notice`s;
- the `Fact` library and `Playbook`s with their `PlaybookStep`s;
- `Response`s (a post drafted from facts, approved, published through
  channels) and `ReporterReply`s back to the people who reported;
- `Tipline`: which channel accounts take members' tips.
"""

from lantoa.incidents.models.facts import Fact
from lantoa.incidents.models.incidents import (
    Escalation,
    Incident,
    IncidentStep,
    Notice,
    TimelineEntry,
)
from lantoa.incidents.models.playbooks import Playbook, PlaybookStep
from lantoa.incidents.models.reports import Report, Snapshot, Tipline
from lantoa.incidents.models.responses import ReporterReply, Response

__all__ = [
    "Escalation",
    "Fact",
    "Incident",
    "IncidentStep",
    "Notice",
    "Playbook",
    "PlaybookStep",
    "Report",
    "ReporterReply",
    "Response",
    "Snapshot",
    "TimelineEntry",
    "Tipline",
]
