"""Spike detection on synthetic streams: a real spike alerts once; noise and
tiny units do not; unacknowledged alerts escalate to the parent unit."""

import datetime as dt
import random

import pytest
from django.core import mail

from lantoa.listening.choices import AlertKind, AlertState, Sentiment
from lantoa.listening.models import Alert, Opinion
from lantoa.listening.services import alerts
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _stream(unit, per_day, days=15, negative_share=0.1, seed=1, today=None):
    """`per_day` opinions a day for `days` days (Poisson-like), then `today` more."""
    rng = random.Random(seed)
    rows = []
    for d in range(1, days):
        n = max(0, int(rng.gauss(per_day, per_day**0.5)))
        for _ in range(n):
            at = NOW - d * DAY - dt.timedelta(seconds=rng.randrange(1, 86_000))
            neg = rng.random() < negative_share
            rows.append((at, neg))
    for at, neg in today or []:
        rows.append((at, neg))
    Opinion.objects.bulk_create(
        [
            OpinionFactory.build(
                unit=unit,
                received_at=at,
                sentiment=Sentiment.NEGATIVE if neg else Sentiment.NEUTRAL,
            )
            for at, neg in rows
        ]
    )


def _today(n, negative_share, seed=2):
    rng = random.Random(seed)
    return [
        (NOW - dt.timedelta(seconds=rng.randrange(1, 80_000)), rng.random() < negative_share)
        for _ in range(n)
    ]


def test_real_volume_spike_alerts_once_at_the_deepest_unit(tree):
    _stream(tree.unit, per_day=10, today=_today(60, 0.1))
    _stream(tree.sibling, per_day=10, seed=7, today=_today(10, 0.1, seed=8))
    first = alerts.spikes_detect(now=NOW)
    assert [(a.unit.code, a.kind) for a in first] == [("KVT", AlertKind.VOLUME_SPIKE)]
    assert first[0].count == 60
    # Running again in the same window creates nothing new.
    assert alerts.spikes_detect(now=NOW + dt.timedelta(hours=1)) == []
    assert Alert.objects.count() == 1


def test_negative_share_spike(tree):
    _stream(tree.unit, per_day=40, negative_share=0.1, today=_today(40, 0.6))
    (alert,) = alerts.spikes_detect(now=NOW)
    assert alert.kind == AlertKind.NEGATIVE_SPIKE
    assert alert.unit == tree.unit
    assert 0.05 < alert.baseline_negative_share < 0.15


@pytest.mark.parametrize("seed", range(5))
def test_ordinary_noise_does_not_alert(tree, seed):
    _stream(
        tree.unit,
        per_day=30,
        negative_share=0.2,
        seed=seed,
        today=_today(36, 0.25, seed=seed + 100),
    )
    assert alerts.spikes_detect(now=NOW) == []


def test_three_angry_comments_in_a_small_unit_are_not_a_crisis(tree):
    _stream(tree.grandchild, per_day=0.2, today=_today(3, 1.0))
    assert alerts.spikes_detect(now=NOW) == []


def test_spike_spread_over_children_alerts_their_parent(tree):
    # No single child crosses the minimum count, together they do.
    _stream(tree.child, per_day=2, today=_today(15, 0.1, seed=3))
    _stream(tree.grandchild, per_day=2, seed=9, today=_today(15, 0.1, seed=4))
    _stream(tree.sibling, per_day=2, seed=5, today=_today(10, 0.1, seed=6))
    codes = sorted(a.unit.code for a in alerts.spikes_detect(now=NOW))
    assert codes == ["KVT-KC"]


def test_alert_mails_the_units_officers(tree, django_capture_on_commit_callbacks):
    RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER, user__email="kvt@example.vn")
    _stream(tree.unit, per_day=10, today=_today(60, 0.1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        alerts.spikes_detect(now=NOW)
    assert len(callbacks) == 2  # the e-mail, and the event its subscribers hear
    assert mail.outbox[0].to == ["kvt@example.vn"]
    assert "tăng đột biến" in mail.outbox[0].subject


def test_unacknowledged_alert_escalates_to_the_parent(tree, django_capture_on_commit_callbacks):
    RoleAssignmentFactory(unit=tree.parent, role=Role.OFFICER, user__email="pvgas@example.vn")
    _stream(tree.unit, per_day=10, today=_today(60, 0.1))
    (alert,) = alerts.spikes_detect(now=NOW)
    Alert.objects.filter(pk=alert.pk).update(created_at=NOW - dt.timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        (escalated,) = alerts.alerts_escalate(now=NOW)
    assert escalated.state == AlertState.ESCALATED
    assert escalated.escalated_to == tree.parent
    assert mail.outbox[-1].to == ["pvgas@example.vn"]
    assert mail.outbox[-1].subject.startswith("[Lantoa] Báo lên cấp trên")


def test_acknowledged_alert_does_not_escalate(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    _stream(tree.unit, per_day=10, today=_today(60, 0.1))
    (alert,) = alerts.spikes_detect(now=NOW)
    alerts.alert_acknowledge(actor=officer, alert=alert)
    Alert.objects.filter(pk=alert.pk).update(created_at=NOW - dt.timedelta(hours=5))
    assert alerts.alerts_escalate(now=NOW) == []
