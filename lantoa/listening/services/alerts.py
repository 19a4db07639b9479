"""Spike detection and alerts (docs/subsystems/listening.md).

A spike is judged against the unit's *own* baseline (the previous windows of
the same length), with minimum counts so that three comments are never a
crisis. Counts roll up the tree, so an upper unit sees spikes across its
subtree; the deepest unit where a spike shows is alerted, not every ancestor.
Unacknowledged alerts escalate to the parent unit."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.core import events
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.mail import mail, mail_after_commit
from lantoa.listening.choices import AlertKind, AlertState, ListeningAction, Sentiment
from lantoa.listening.events import ALERT_RAISED
from lantoa.listening.models import Alert, Opinion
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import path_prefixes, user_can
from lantoa.org.selectors import unit_staff_emails


@dataclass(frozen=True)
class SpikeRules:
    window_hours: int = 24
    baseline_windows: int = 14
    min_count: int = 20  # a window with fewer opinions is never a spike
    min_negative: int = 10
    volume_ratio: float = 2.0  # at least twice the usual volume…
    z: float = 3.0  # …and well outside its usual spread
    share_delta: float = 0.20  # negative share at least 20 points above usual


@dataclass
class _Counts:
    total: list[int]
    negative: list[int]


def _rules() -> SpikeRules:
    return SpikeRules(**getattr(settings, "LANTOA_LISTENING_SPIKE_RULES", {}))


def _windowed_counts(now: datetime, rules: SpikeRules) -> dict[str, _Counts]:
    """{unit path: counts per window}; window 0 is the current one."""
    width = timedelta(hours=rules.window_hours)
    windows = rules.baseline_windows + 1
    since = now - width * windows
    counts: dict[str, _Counts] = defaultdict(lambda: _Counts([0] * windows, [0] * windows))
    rows = Opinion.objects.filter(
        received_at__gte=since, received_at__lt=now, duplicate_of__isnull=True
    ).values_list("unit__path", "received_at", "sentiment")
    for path, received_at, sentiment in rows.iterator(chunk_size=5000):
        k = min(windows - 1, int((now - received_at) / width))
        negative = sentiment == Sentiment.NEGATIVE
        for prefix in path_prefixes(path):
            c = counts[prefix]
            c.total[k] += 1
            c.negative[k] += negative
    return counts


def _mean_std(values: list[int]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    return mean, math.sqrt(var)


def is_volume_spike(c: _Counts, rules: SpikeRules) -> bool:
    now, base = c.total[0], c.total[1:]
    if now < rules.min_count:
        return False
    mean, std = _mean_std(base)
    # A Poisson floor on the spread: a flat baseline must not make any bump "significant".
    spread = max(std, math.sqrt(max(mean, 1.0)))
    return now >= rules.volume_ratio * max(mean, 1.0) and now > mean + rules.z * spread


def is_negative_spike(c: _Counts, rules: SpikeRules) -> bool:
    n0, k0 = c.total[0], c.negative[0]
    nb, kb = sum(c.total[1:]), sum(c.negative[1:])
    if n0 < rules.min_count or k0 < rules.min_negative or nb < rules.min_count:
        return False
    p0, pb = k0 / n0, kb / nb
    if p0 - pb < rules.share_delta:
        return False
    pooled = (k0 + kb) / (n0 + nb)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / nb)) or 1e-9
    return (p0 - pb) / se > rules.z


def spikes_detect(*, now: datetime | None = None) -> list[Alert]:
    """Create alerts for the spikes of the current window. Idempotent: a unit gets
    one alert per kind per window, however often this runs."""
    now = now or timezone.now()
    rules = _rules()
    counts = _windowed_counts(now, rules)
    fired: dict[str, list[str]] = {
        str(AlertKind.VOLUME_SPIKE): [],
        str(AlertKind.NEGATIVE_SPIKE): [],
    }
    for path in sorted(counts, key=len, reverse=True):  # deepest first
        c = counts[path]
        for kind, test in (
            (AlertKind.NEGATIVE_SPIKE, is_negative_spike),
            (AlertKind.VOLUME_SPIKE, is_volume_spike),
        ):
            if any(p.startswith(path) for p in fired[kind]):
                continue  # a unit below already carries this spike
            if test(c, rules):
                fired[kind].append(path)
    width = timedelta(hours=rules.window_hours)
    units = {
        u.path: u for u in OrgUnit.objects.filter(path__in=[p for ps in fired.values() for p in ps])
    }
    created = []
    for fired_kind, paths in fired.items():
        for path in paths:
            unit = units[path]
            if Alert.objects.filter(
                unit=unit, kind=fired_kind, window_end__gt=now - width
            ).exists():
                continue
            c = counts[path]
            mean, _ = _mean_std(c.total[1:])
            base_total = sum(c.total[1:])
            created.append(
                _alert_create(
                    unit=unit,
                    kind=fired_kind,
                    window_start=now - width,
                    window_end=now,
                    count=c.total[0],
                    negative_count=c.negative[0],
                    baseline_mean=mean,
                    baseline_negative_share=sum(c.negative[1:]) / base_total if base_total else 0.0,
                )
            )
    return created


@transaction.atomic
def _alert_create(**fields: object) -> Alert:
    alert = Alert.objects.create(**fields)
    alert_notify(alert_id=alert.pk, escalation=False)
    events.announce(ALERT_RAISED, key=f"alert:{alert.pk}", alert_id=alert.pk, unit_id=alert.unit_id)
    return alert


def alert_notify(*, alert_id: int, escalation: bool) -> int:
    """E-mail the officers of the alerted unit (or, on escalation, of its parent)."""
    alert = Alert.objects.select_related("unit", "escalated_to").get(pk=alert_id)
    unit = alert.escalated_to if escalation and alert.escalated_to else alert.unit
    recipients = unit_staff_emails(unit)
    if not recipients:
        return 0
    prefix = "[Lantoa] Báo lên cấp trên: " if escalation else "[Lantoa] Cảnh báo: "
    body = (
        f"{alert.count} ý kiến trong {int((alert.window_end - alert.window_start).total_seconds() // 3600)} giờ qua"
        f" (bình thường khoảng {alert.baseline_mean:.0f}), trong đó {alert.negative_count} ý kiến tiêu cực.\n"
        f"Xem và tiếp nhận cảnh báo: {settings.WAGTAILADMIN_BASE_URL}/admin/"
    )
    mail_after_commit(
        [mail(f"{prefix}{alert.get_kind_display()} tại {alert.unit.name}", body, recipients)]
    )
    return len(recipients)


@transaction.atomic
def alert_acknowledge(*, actor: Actor, alert: Alert) -> Alert:
    if not user_can(actor, Perm.CONTENT_EDIT, alert.unit):
        raise PermissionDenied()
    alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by_id = actor_user_id(actor)
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    audit_record(
        actor=actor,
        action=ListeningAction.ALERT_ACKNOWLEDGE,
        target=alert,
        unit_path=alert.unit.path,
    )
    return alert


def alerts_escalate(*, now: datetime | None = None) -> list[Alert]:
    """Alerts nobody acknowledged in time go to the parent unit's officers."""
    now = now or timezone.now()
    hours = getattr(settings, "LANTOA_LISTENING_ESCALATE_AFTER_HOURS", 4)
    escalated = []
    for alert in Alert.objects.filter(
        state=AlertState.OPEN, created_at__lt=now - timedelta(hours=hours)
    ).select_related("unit"):
        parent = alert.unit.get_parent()
        with transaction.atomic():
            alert.state = AlertState.ESCALATED
            alert.escalated_at = now
            alert.escalated_to = parent
            alert.save(update_fields=["state", "escalated_at", "escalated_to"])
            if parent is not None:
                alert_notify(alert_id=alert.pk, escalation=True)
        escalated.append(alert)
    return escalated
