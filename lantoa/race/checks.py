"""The automatic checks of an activity (docs/subsystems/race.md): pure
functions over a `Track` and the race's `Rules`, no database.

- overall pace outside the window → not counted ("too fast", "too slow");
- a kilometre faster than the window → held for review (each full km's
  split is timed between interpolated km marks); slower → a note (members
  stop for water and at traffic lights);
- a jump between two GPS points (≥ `TELEPORT_MIN_M` at a speed no runner
  reaches) → held for review: "teleporting track";
- wrong sport, outside the race's dates, too short, indoor when the race
  does not allow it → not counted.

Duplicates, overlaps and per-day limits need the other activities:
`race.processing` adds them.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lantoa.race.choices import CheckCode, Severity, Sport
from lantoa.race.tracks import Point, Track, haversine_m

TELEPORT_MIN_M = 250.0
"""A jump shorter than this between two points is GPS noise, not a teleport."""
TELEPORT_MIN_SPEED_MPS = 12.0
"""Never call a jump slower than this (43 km/h) a teleport, whatever the pace window."""
MOVING_MIN_SPEED_MPS = 0.3
MOVING_MAX_GAP_S = 30.0


@dataclass(frozen=True)
class Rules:
    sports: frozenset[str]
    min_pace_s: int
    max_pace_s: int
    min_distance_m: int
    allow_treadmill: bool
    window_start: datetime
    window_end: datetime

    @property
    def teleport_speed_mps(self) -> float:
        """Twice the fastest speed the pace window allows, at least 43 km/h."""
        return max(TELEPORT_MIN_SPEED_MPS, 2 * 1000 / self.min_pace_s)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "message": self.message}


@dataclass(frozen=True)
class Sample:
    """Seconds since the start and metres covered so far."""

    s: float
    m: float


@dataclass(frozen=True)
class Jump:
    index: int  # the point after the jump
    metres: float
    seconds: float


@dataclass(frozen=True)
class Measured:
    samples: list[Sample]
    started_at: datetime
    ended_at: datetime
    distance_m: float
    moving_s: float
    elapsed_s: float


def pace_text(seconds_per_km: float) -> str:
    """ "5:07/km"."""
    total = round(seconds_per_km)
    return f"{total // 60}:{total % 60:02d}/km"


def km_text(metres: float) -> str:
    return f"{Decimal(metres / 1000).quantize(Decimal('0.01'))} km".replace(".", ",")


def samples_of(points: list[Point], *, indoor: bool) -> list[Sample]:
    """Cumulative distance over time: from GPS positions, or (indoor) from
    the device's own distance. Points without what is needed are skipped."""
    if not points:
        return []
    start = points[0].t
    samples: list[Sample] = []
    if indoor:
        for p in points:
            if p.dist is not None:
                m = max(p.dist, samples[-1].m if samples else 0.0)
                samples.append(Sample((p.t - start).total_seconds(), m))
        return samples
    previous: Point | None = None
    covered = 0.0
    for p in points:
        if not p.has_position:
            continue
        if previous is not None:
            covered += haversine_m(previous.lat, previous.lon, p.lat, p.lon)  # type: ignore[arg-type]
        samples.append(Sample((p.t - start).total_seconds(), covered))
        previous = p
    return samples


def measure(track: Track) -> Measured:
    samples = samples_of(track.points, indoor=track.indoor)
    moving = 0.0
    for a, b in itertools.pairwise(samples):
        dt = b.s - a.s
        if 0 < dt <= MOVING_MAX_GAP_S and (b.m - a.m) / dt >= MOVING_MIN_SPEED_MPS:
            moving += dt
    distance = samples[-1].m if samples else 0.0
    return Measured(
        samples=samples,
        started_at=track.points[0].t,
        ended_at=track.points[-1].t,
        distance_m=distance,
        moving_s=moving,
        elapsed_s=(track.points[-1].t - track.points[0].t).total_seconds(),
    )


def km_splits(samples: list[Sample]) -> list[float]:
    """Seconds taken by each full kilometre, the km marks interpolated
    linearly between the two samples around them."""
    splits: list[float] = []
    next_mark = 1000.0
    previous_time = 0.0
    for a, b in itertools.pairwise(samples):
        while b.m >= next_mark and b.m > a.m:
            fraction = (next_mark - a.m) / (b.m - a.m)
            at = a.s + fraction * (b.s - a.s)
            splits.append(at - previous_time)
            previous_time = at
            next_mark += 1000.0
    return splits


def jumps(points: list[Point], *, speed_mps: float) -> list[Jump]:
    """Consecutive GPS points at least `TELEPORT_MIN_M` apart, covered faster
    than `speed_mps` (a point repeated at the same second counts as instant)."""
    found = []
    located = [(i, p) for i, p in enumerate(points) if p.has_position]
    for (_, a), (j, b) in itertools.pairwise(located):
        metres = haversine_m(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if metres < TELEPORT_MIN_M:
            continue
        seconds = (b.t - a.t).total_seconds()
        if seconds <= 0 or metres / seconds > speed_mps:
            found.append(Jump(j, metres, seconds))
    return found


def pace_findings(pace: float, rules: Rules) -> list[Finding]:
    """An average pace (s/km, above zero) faster or slower than the race allows."""
    if pace < rules.min_pace_s:
        return [
            Finding(
                CheckCode.TOO_FAST,
                Severity.REJECT,
                f"Tốc độ trung bình {pace_text(pace)} nhanh hơn mức cho phép "
                f"{pace_text(rules.min_pace_s)}.",
            )
        ]
    if pace > rules.max_pace_s:
        return [
            Finding(
                CheckCode.TOO_SLOW,
                Severity.REJECT,
                f"Tốc độ trung bình {pace_text(pace)} chậm hơn mức cho phép "
                f"{pace_text(rules.max_pace_s)}.",
            )
        ]
    return []


def evaluate(track: Track, measured: Measured, rules: Rules, *, sport: str) -> list[Finding]:
    """What the checks say about one activity, in a stable order."""
    findings: list[Finding] = []
    declared = track.sport or sport
    if declared not in rules.sports:
        label = track.sport_name or str(Sport(declared).label)
        findings.append(
            Finding(CheckCode.SPORT, Severity.REJECT, f"Môn “{label}” không thuộc giải này.")
        )
    if measured.started_at < rules.window_start or measured.started_at > rules.window_end:
        findings.append(
            Finding(
                CheckCode.OUTSIDE_WINDOW,
                Severity.REJECT,
                "Hoạt động không diễn ra trong thời gian của giải.",
            )
        )
    if track.indoor:
        if not rules.allow_treadmill:
            findings.append(
                Finding(
                    CheckCode.TREADMILL,
                    Severity.REJECT,
                    "Hoạt động trong nhà, không có GPS (chạy máy): giải này không tính.",
                )
            )
        else:
            findings.append(
                Finding(
                    CheckCode.TREADMILL,
                    Severity.REVIEW,
                    "Hoạt động trong nhà, không có GPS: cán bộ sẽ xem xét.",
                )
            )
    if measured.distance_m < rules.min_distance_m:
        findings.append(
            Finding(
                CheckCode.TOO_SHORT,
                Severity.REJECT,
                f"Quãng đường {km_text(measured.distance_m)} ngắn hơn mức tối thiểu "
                f"{km_text(rules.min_distance_m)} của giải.",
            )
        )
    if measured.distance_m > 0 and measured.moving_s > 0:
        findings.extend(pace_findings(measured.moving_s * 1000 / measured.distance_m, rules))
    splits = km_splits(measured.samples)
    fast = [(n, s) for n, s in enumerate(splits, start=1) if s < rules.min_pace_s]
    slow = [(n, s) for n, s in enumerate(splits, start=1) if s > rules.max_pace_s]
    if fast:
        findings.append(
            Finding(
                CheckCode.SPLIT_TOO_FAST,
                Severity.REVIEW,
                "Cây số nhanh hơn mức cho phép: "
                + ", ".join(f"km {n} ({pace_text(s)})" for n, s in fast[:5])
                + ("…" if len(fast) > 5 else "")
                + ".",
            )
        )
    if slow:
        findings.append(
            Finding(
                CheckCode.SPLIT_TOO_SLOW,
                Severity.NOTE,
                "Cây số chậm hơn mức cho phép (có thể do nghỉ): "
                + ", ".join(f"km {n} ({pace_text(s)})" for n, s in slow[:5])
                + ("…" if len(slow) > 5 else "")
                + ".",
            )
        )
    if not track.indoor:
        found = jumps(track.points, speed_mps=rules.teleport_speed_mps)
        if found:
            worst = max(found, key=lambda j: j.metres)
            findings.append(
                Finding(
                    CheckCode.TELEPORT,
                    Severity.REVIEW,
                    f"Vị trí nhảy cóc {len(found)} lần (lớn nhất {km_text(worst.metres)} "
                    f"trong {round(worst.seconds)} giây).",
                )
            )
    return findings
