"""The figures the indicators are made of. Every one of them is a count or a
sum, so the figures of a set of units are the sum of its parts (`+`), and a
percentage is computed last, from summed numerators and denominators: that is
what makes a unit's roll-up equal its own figures plus its children's."""

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Self

from lantoa.org.choices import COUNTED_UNIT_KINDS
from lantoa.org.public import OrgUnit

# Units that count in the coverage indicators ("100% of the union's units run
# an active social channel"): org's one definition of a counted unit (every
# level except trade-union groups), the same a campaign's and a directive's
# unit counts use. Their members and channels still add up.
COUNTED_KINDS = COUNTED_UNIT_KINDS


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, None when there is no whole."""
    if whole <= 0:
        return None
    return round(100 * min(max(part, 0), whole) / whole, 1)


class Additive:
    """A dataclass of numbers that adds field by field."""

    def __add__(self, other: Self) -> Self:
        values = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}  # type: ignore[arg-type]
        return type(self)(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Coverage(Additive):
    """State of a set of units (active units only)."""

    units: int = 0  # units of a counted kind
    units_social: int = 0  # … with at least one live social channel
    units_site: int = 0  # … with a published website (a newsroom site home)
    units_bulletin: int = 0  # … with a bulletin being issued
    all_units: int = 0  # units of every kind
    members: int = 0
    channels: int = 0
    channels_active: int = 0
    social_live: int = 0
    stale_channels: int = 0
    followers: int = 0
    followers_channels: int = 0
    bulletin_subscribers: int = 0
    bulletin_recipients: int = 0

    @property
    def pct_social(self) -> float | None:
        return percent(self.units_social, self.units)

    @property
    def pct_site(self) -> float | None:
        return percent(self.units_site, self.units)

    @property
    def pct_bulletin(self) -> float | None:
        return percent(self.units_bulletin, self.units)

    @property
    def units_without_social(self) -> int:
        return self.units - self.units_social

    @property
    def reachable(self) -> int:
        """Followers plus bulletin readers. A person who follows two channels
        and reads a bulletin counts three times: platforms do not say who is
        who, so this is a number of subscriptions, not of people."""
        return self.followers + self.bulletin_recipients + self.bulletin_subscribers


@dataclass(frozen=True)
class Output(Additive):
    """What a set of units published, and the events and programme sessions
    it held, in a period."""

    articles: int = 0
    posts_sent: int = 0
    deliveries_sent: int = 0
    reach: int = 0
    issues_sent: int = 0
    issue_recipients: int = 0
    events_held: int = 0  # approved events organised, by their start
    attendees: int = 0  # members checked in at events, by check-in time
    programme_sessions: int = 0  # programme sessions held, by their date
    session_participants: int = 0  # people who took part in them


@dataclass(frozen=True)
class Compliance(Additive):
    """Directive tasks of a set of units (those due in the period)."""

    tasks: int = 0
    done: int = 0
    done_on_time: int = 0
    late: int = 0  # past due and not done
    open: int = 0  # not yet due, not done

    @property
    def pct_done(self) -> float | None:
        return percent(self.done, self.tasks)

    @property
    def pct_on_time(self) -> float | None:
        return percent(self.done_on_time, self.tasks)


@dataclass(frozen=True)
class Branch:
    """A unit and the figures of its whole subtree (or of itself alone, for
    the `own` row of a dashboard)."""

    unit: OrgUnit
    coverage: Coverage
    output: Output
    compliance: Compliance = field(default_factory=Compliance)


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    counted: bool
    coverage: Coverage
    compliance: Compliance = field(default_factory=Compliance)


@dataclass(frozen=True)
class PlatformRow:
    platform: str
    label: str
    channels: int
    active: int
    live: int
    stale: int
    followers: int


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    output: Output

    @property
    def label(self) -> str:
        return f"{self.month.month}/{self.month.year}"
