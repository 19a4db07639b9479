"""Reads of the incidents app, every one scoped through `org.scoping`
(docs/subsystems/incidents.md).

- incidents, reports, responses: `Perm.CONTENT_EDIT` over the incident's
  (report's) unit: its officers and every unit above — the top union sees
  every incident of its subtree; a sibling never does;
- facts and playbooks: managed in the owner's subtree, and *used* below it
  (a fact of the industry union answers a rumour at any grassroots union).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.incidents import matching
from lantoa.incidents.choices import OPEN_STATES, IncidentState, Severity
from lantoa.incidents.models import Fact, Incident, Notice, Playbook, Report, Response
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope, path_prefixes, role_unit_paths, scope_paths

PERM = Perm.CONTENT_EDIT


def incidents_for(user: Actor) -> QuerySet[Incident]:
    """Incidents of the user's scope (their units' and every unit below)."""
    return filter_by_scope(Incident.objects.all(), user, PERM, path_field="unit__path")


def open_incidents_for(user: Actor) -> QuerySet[Incident]:
    return incidents_for(user).filter(state__in=OPEN_STATES)


def reports_for(user: Actor) -> QuerySet[Report]:
    return filter_by_scope(Report.objects.all(), user, PERM, path_field="unit__path")


def responses_for(user: Actor) -> QuerySet[Response]:
    return filter_by_scope(Response.objects.all(), user, PERM, path_field="incident__unit__path")


def managed_or_above(model: type[Fact] | type[Playbook], user: Actor) -> QuerySet:  # type: ignore[type-arg]
    """Rows of units in the user's scope, and of units above those (which
    the user uses but does not manage)."""
    paths = scope_paths(user, PERM)
    if paths is None:
        return model.objects.all()
    if not paths:
        return model.objects.none()
    ancestors = {prefix for path in paths for prefix in path_prefixes(path)}
    condition = Q(unit__path__in=ancestors)
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return model.objects.filter(condition)


def facts_for(user: Actor) -> QuerySet[Fact]:
    """Facts the user may see: managed (their subtree's) and used (above)."""
    return managed_or_above(Fact, user)


def playbooks_for(user: Actor) -> QuerySet[Playbook]:
    return managed_or_above(Playbook, user)


def facts_serving(unit: OrgUnit, *, on: dt.date | None = None) -> QuerySet[Fact]:
    """Facts that answer for `unit`: its own and its ancestors', valid on `on`
    (today by default)."""
    day = on or timezone.localdate()
    return Fact.objects.filter(unit__path__in=path_prefixes(unit.path), valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


@dataclass(frozen=True)
class FactMatch:
    fact: Fact
    score: float


def facts_matching(unit: OrgUnit, text: str, *, limit: int = 3) -> list[FactMatch]:
    """The valid facts serving `unit` that best match `text`, best first."""
    documents = tuple(facts_serving(unit).order_by("pk").values_list("pk", "search_text"))
    found = matching.cached_index(documents).search(text, limit)
    facts = Fact.objects.in_bulk([m.key for m in found])
    return [FactMatch(facts[m.key], m.score) for m in found if m.key in facts]


@dataclass(frozen=True)
class IncidentMatch:
    incident: Incident
    score: float


def incident_search_text(incident: Incident) -> str:
    return " ".join([incident.title, incident.claim, incident.summary])


def incidents_similar(incident: Incident, *, limit: int = 5) -> list[IncidentMatch]:
    """Earlier incidents of the same tree branch (the incident's top-level
    union's subtree) that look like this one, best first."""
    branch = path_prefixes(incident.unit.path)[:2][-1]
    candidates = (
        Incident.objects.filter(unit__path__startswith=branch)
        .exclude(pk=incident.pk)
        .order_by("pk")
        .values_list("pk", "title", "claim", "summary")
    )
    documents = tuple((pk, " ".join([t, c, s])) for pk, t, c, s in candidates[:5000])
    found = matching.cached_index(documents).search(incident_search_text(incident), limit)
    rows = Incident.objects.select_related("unit").in_bulk([m.key for m in found])
    return [IncidentMatch(rows[m.key], m.score) for m in found if m.key in rows and m.score >= 0.2]


def playbooks_for_incident(incident: Incident) -> QuerySet[Playbook]:
    """Active playbooks of the incident's unit or above that fit its category
    and severity; the nearest unit's first."""
    return (
        Playbook.objects.filter(
            unit__path__in=path_prefixes(incident.unit.path),
            active=True,
            min_severity__lte=incident.severity,
            max_severity__gte=incident.severity,
        )
        .filter(Q(category="") | Q(category=incident.category))
        .order_by("-unit__depth", "category", "name")
    )


def notices_for(user: Actor) -> QuerySet[Notice]:
    """Unread notices of the units where the user holds a role (their own
    units, not their subtree: a notice is addressed to one unit)."""
    if getattr(user, "is_superuser", False):
        return Notice.objects.filter(read_at__isnull=True).select_related("incident", "unit")
    if user.pk is None:
        return Notice.objects.none()
    paths = role_unit_paths(user)
    return Notice.objects.filter(unit__path__in=paths, read_at__isnull=True).select_related(
        "incident", "unit"
    )


def state_counts(queryset: QuerySet[Incident]) -> dict[str, int]:
    from django.db.models import Count

    counts = dict(queryset.values_list("state").annotate(n=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in IncidentState.values}


@dataclass(frozen=True)
class IndicatorRow:
    label: str
    count: int
    open: int
    responded: int
    median_first_response_minutes: int | None
    median_resolution_minutes: int | None
    escalated: int


def _median(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) // 2


def _row(label: str, rows: list[tuple[Any, ...]]) -> IndicatorRow:
    first = [
        int((responded - detected).total_seconds() // 60)
        for detected, responded, _resolved, _state, _level in rows
        if responded
    ]
    resolution = [
        int((resolved - detected).total_seconds() // 60)
        for detected, _responded, resolved, _state, _level in rows
        if resolved
    ]
    return IndicatorRow(
        label=label,
        count=len(rows),
        open=sum(1 for r in rows if r[3] in OPEN_STATES),
        responded=len(first),
        median_first_response_minutes=_median(first),
        median_resolution_minutes=_median(resolution),
        escalated=sum(1 for r in rows if r[4] > 0),
    )


@dataclass(frozen=True)
class Indicators:
    unit: OrgUnit
    since: dt.date
    until: dt.date
    total: IndicatorRow
    by_severity: list[IndicatorRow]
    by_child: list[IndicatorRow]


def indicators_for(unit: OrgUnit, since: dt.date, until: dt.date) -> Indicators:
    """Incidents detected in [since, until] in `unit`'s subtree: count, open,
    responded, median minutes to first response and to resolution, escalated;
    in total, by severity and by child unit. One query."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = list(
        Incident.objects.filter(
            unit__path__startswith=unit.path, detected_at__gte=start, detected_at__lt=end
        ).values_list(
            "detected_at",
            "first_response_at",
            "resolved_at",
            "state",
            "escalation_level",
            "severity",
            "unit__path",
        )
    )
    children = list(unit.get_children().order_by("path"))
    return Indicators(
        unit=unit,
        since=since,
        until=until,
        total=_row(str(unit.name), [r[:5] for r in rows]),
        by_severity=[
            _row(str(label), [r[:5] for r in rows if r[5] == level])
            for level, label in Severity.choices
        ],
        by_child=[
            _row(child.name, [r[:5] for r in rows if r[6].startswith(child.path)])
            for child in children
        ],
    )
