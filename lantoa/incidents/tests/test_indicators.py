"""Indicators per period and unit: counts, clocks (medians), by severity and child."""

import datetime as dt

from django.urls import reverse

from lantoa.incidents import selectors
from lantoa.incidents.choices import IncidentState, Severity
from lantoa.incidents.tests.factories import IncidentFactory
from lantoa.org.services import sync_admin_access

DAY = dt.datetime(2025, 6, 10, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


def at(minutes):
    return DAY + dt.timedelta(minutes=minutes)


def test_counts_and_medians_by_severity_and_child(tree):
    IncidentFactory(
        unit=tree.unit,
        severity=Severity.HIGH,
        detected_at=DAY,
        first_response_at=at(30),
        resolved_at=at(300),
        state=IncidentState.CLOSED,
        escalation_level=1,
    )
    IncidentFactory(
        unit=tree.child,
        severity=Severity.HIGH,
        detected_at=DAY,
        first_response_at=at(90),
        resolved_at=at(100),
        state=IncidentState.RESOLVED,
    )
    IncidentFactory(unit=tree.sibling, severity=Severity.LOW, detected_at=DAY)
    IncidentFactory(unit=tree.unit, detected_at=DAY - dt.timedelta(days=200))  # out of period
    data = selectors.indicators_for(tree.parent, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert (data.total.count, data.total.open, data.total.responded, data.total.escalated) == (
        3,
        1,
        2,
        1,
    )
    assert (data.total.median_first_response_minutes, data.total.median_resolution_minutes) == (
        60,
        200,
    )
    high = data.by_severity[Severity.HIGH - 1]
    assert (high.count, high.median_first_response_minutes) == (2, 60)
    assert [(r.label, r.count) for r in data.by_child] == [
        ("CĐCS Khí Vũng Tàu", 2),
        ("CĐCS Khí Cà Mau", 1),
    ]


def test_screen_shows_the_scope_only(client, tree, people):
    sync_admin_access(people.unit_officer)
    client.force_login(people.unit_officer)
    IncidentFactory(unit=tree.unit)
    page = client.get(reverse("incidents_indicators:index"), {"unit": "PVGAS"})
    assert page.status_code == 200
    assert page.context["unit"] == tree.unit  # PV GAS is above the officer: not offered
