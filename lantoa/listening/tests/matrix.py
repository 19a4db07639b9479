"""Listening's screens and operations in the generated permission matrix
(lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.listening.choices import AlertKind
from lantoa.listening.models import Alert
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.tests.security.matrix import Screen


def opinion_at(unit, ctx):
    return OpinionFactory(unit=unit)


def alert_at(unit, ctx):
    now = timezone.now()
    return Alert.objects.create(
        unit=unit,
        kind=AlertKind.values[0],
        window_start=now - dt.timedelta(hours=6),
        window_end=now,
        count=12,
        baseline_mean=2.0,
    )


def public_id(obj):
    return [obj.public_id]


OPINIONS = "listening_opinions"

SCREENS = [
    Screen(f"{OPINIONS}:inspect", "view", opinion_at),
    Screen(f"{OPINIONS}:label", "edit", opinion_at, "POST"),
    Screen(f"{OPINIONS}:assign", "state", opinion_at, "POST"),
    Screen(f"{OPINIONS}:handled", "state", opinion_at, "POST"),
    Screen(f"{OPINIONS}:reply", "state", opinion_at, "POST"),
    Screen(f"{OPINIONS}:hide", "state", opinion_at, "POST"),
    Screen("listening_alerts:acknowledge", "state", alert_at, "POST"),
    Screen(
        "listening_dashboard:index",
        "view",
        lambda unit, ctx: unit,
        args=lambda unit: [],
        query=lambda unit: f"unit={unit.code}",
    ),
    Screen("api-v1:opinion_detail", "view", opinion_at, args=public_id),
    Screen(
        "api-v1:opinion_label_correct",
        "edit",
        opinion_at,
        "POST",
        args=public_id,
        data=lambda obj: {"task": "sentiment", "label": "negative"},
    ),
]
