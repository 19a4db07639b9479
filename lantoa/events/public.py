"""What other apps use from `events` besides its selectors, services, choices
and domain events: the rows analytics' monthly facts count (events held,
check-ins, programme sessions), recomputed from these sources, never
incremented.

Queries with rules go through `events.selectors`; changes through
`events.services`.
"""

from lantoa.events.models import Event, ProgrammeSession, Registration

__all__ = ["Event", "ProgrammeSession", "Registration"]
