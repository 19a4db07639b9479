"""Worker side of an activity (docs/subsystems/race.md): read the stored
file, run the automatic checks, decide, recount. Never enqueues anything.

Runs under the registration's row lock, so that one member's activities are
checked one after the other (overlaps and per-day limits see each other);
an activity that is no longer pending is left alone, so running the task
twice changes nothing.
"""

import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.dates import format_datetime_line
from lantoa.race.checks import (
    Finding,
    Measured,
    Rules,
    evaluate,
    km_text,
    measure,
    pace_findings,
)
from lantoa.race.choices import ActivitySource, ActivityStatus, AuditAction, CheckCode, Severity
from lantoa.race.models import Activity, Race
from lantoa.race.services.common import local_end, local_start
from lantoa.race.services.results import registration_lock, registration_recount
from lantoa.race.tracks import Track, TrackError, track_read

# Activities already checked that block another one on the same time, day or
# track (pending ones are checked after this one, and see it then).
LIVE_STATUSES = (ActivityStatus.ACCEPTED, ActivityStatus.REVIEW)


def rules_of(race: Race) -> Rules:
    return Rules(
        sports=frozenset(race.sports),
        min_pace_s=race.min_pace_s,
        max_pace_s=race.max_pace_s,
        min_distance_m=int(Decimal(race.min_activity_km) * 1000),
        allow_treadmill=race.allow_treadmill,
        window_start=local_start(race.starts_on),
        window_end=local_end(race.ends_on),
    )


def fingerprint(measured: Measured, track: Track) -> str:
    """The same run in another file (or another format) has the same print:
    start minute, first position to ~100 m, distance to 100 m."""
    first = next((p for p in track.points if p.has_position), None)
    where = f"{first.lat:.3f},{first.lon:.3f}" if first is not None else "indoor"
    minute = measured.started_at.replace(second=0, microsecond=0).isoformat()
    text = f"{minute}|{where}|{round(measured.distance_m / 100)}"
    return hashlib.sha256(text.encode()).hexdigest()


def _context_findings(activity: Activity) -> list[Finding]:
    """Checks against the other activities: duplicates, overlaps, per-day limit."""
    race = activity.registration.race
    findings = []
    others = Activity.objects.filter(race=race, status__in=LIVE_STATUSES).exclude(pk=activity.pk)
    if activity.file_sha256:
        same_file = others.filter(file_sha256=activity.file_sha256).order_by("id").first()
        if same_file is not None:
            findings.append(
                Finding(
                    CheckCode.DUPLICATE_FILE,
                    Severity.REJECT,
                    "Tệp này đã được nộp"
                    + (
                        " trước đó."
                        if same_file.registration_id == activity.registration_id
                        else " bởi một vận động viên khác."
                    ),
                )
            )
    if activity.fingerprint and not findings:
        same_track = others.filter(fingerprint=activity.fingerprint).order_by("id").first()
        if same_track is not None:
            findings.append(
                Finding(
                    CheckCode.DUPLICATE_TRACK,
                    Severity.REJECT,
                    "Hoạt động này đã được nộp"
                    + (
                        " (cùng thời điểm, vị trí và quãng đường)."
                        if same_track.registration_id == activity.registration_id
                        else " bởi một vận động viên khác (cùng thời điểm, vị trí và quãng đường)."
                    ),
                )
            )
    mine = others.filter(registration_id=activity.registration_id)
    if activity.started_at and activity.ended_at:
        overlap = (
            mine.filter(started_at__lt=activity.ended_at, ended_at__gt=activity.started_at)
            .order_by("started_at")
            .first()
        )
        if overlap is not None and overlap.started_at is not None and not findings:
            findings.append(
                Finding(
                    CheckCode.OVERLAP,
                    Severity.REJECT,
                    "Trùng thời gian với hoạt động bắt đầu lúc "
                    f"{format_datetime_line(overlap.started_at)}.",
                )
            )
    limit = race.max_activities_per_day
    if limit and activity.local_date is not None:
        same_day = mine.filter(local_date=activity.local_date).count()
        if same_day >= limit:
            findings.append(
                Finding(
                    CheckCode.PER_DAY,
                    Severity.REJECT,
                    f"Giải chỉ tính {limit} hoạt động mỗi ngày; ngày "
                    f"{activity.local_date:%d/%m/%Y} đã có {same_day}.",
                )
            )
    return findings


def _manual_findings(activity: Activity, rules: Rules) -> list[Finding]:
    findings = [
        Finding(CheckCode.MANUAL, Severity.REVIEW, "Hoạt động nhập tay: cán bộ sẽ xem xét.")
    ]
    started = activity.started_at
    if started is None or not (rules.window_start <= started <= rules.window_end):
        findings.append(
            Finding(
                CheckCode.OUTSIDE_WINDOW,
                Severity.REJECT,
                "Hoạt động không diễn ra trong thời gian của giải.",
            )
        )
    if activity.distance_m < rules.min_distance_m:
        findings.append(
            Finding(CheckCode.TOO_SHORT, Severity.REJECT, "Quãng đường ngắn hơn mức tối thiểu.")
        )
    pace = activity.moving_s * 1000 / activity.distance_m if activity.distance_m else 0
    if pace:
        findings.extend(pace_findings(pace, rules))
    return findings


def decide(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if Severity.REJECT in severities:
        return ActivityStatus.REJECTED
    if Severity.REVIEW in severities:
        return ActivityStatus.REVIEW
    return ActivityStatus.ACCEPTED


SUMMARY: dict[str, str] = {
    ActivityStatus.ACCEPTED: "Hoạt động được tính.",
    ActivityStatus.REVIEW: "Hoạt động đang chờ cán bộ xem xét.",
    ActivityStatus.REJECTED: "Hoạt động không được tính.",
}


@transaction.atomic
def activity_process(*, actor: Actor, activity_id: int) -> str | None:
    """Check one pending activity and decide: accepted, held for review,
    rejected (with reasons), or failed (the file cannot be read, with a
    message the member can act on). Idempotent; returns the new status, or
    None when there was nothing to do."""
    row = Activity.objects.filter(pk=activity_id).values_list("registration_id", flat=True).first()
    if row is None:
        return None
    registration = registration_lock(row)
    activity = Activity.objects.select_for_update(no_key=True).get(pk=activity_id)
    if activity.status != ActivityStatus.PENDING:
        return None
    activity.registration = registration
    race = registration.race
    rules = rules_of(race)
    if activity.source == ActivitySource.MANUAL:
        findings = _manual_findings(activity, rules)
    else:
        try:
            with activity.file.open("rb") as handle:
                data = handle.read()
            track = track_read(data)
        except TrackError as exc:
            return _fail(actor, activity, exc.message)
        except OSError:
            return _fail(actor, activity, "Không tìm thấy tệp đã nộp: hãy nộp lại.")
        measured = measure(track)
        activity.started_at = measured.started_at
        activity.ended_at = measured.ended_at
        activity.local_date = timezone.localtime(measured.started_at).date()
        activity.distance_m = round(measured.distance_m)
        activity.moving_s = round(measured.moving_s)
        activity.indoor = track.indoor
        activity.fingerprint = fingerprint(measured, track)
        if track.sport is not None and track.sport in race.sports:
            activity.sport = track.sport
        findings = evaluate(track, measured, rules, sport=activity.sport)
    findings += _context_findings(activity)
    status = decide(findings)
    activity.status = status
    activity.findings = [f.as_dict() for f in findings]
    activity.message = SUMMARY[status]
    activity.processed_at = timezone.now()
    activity.save()
    registration_recount(registration)
    activity.refresh_from_db(fields=["counted_m"])
    if status == ActivityStatus.ACCEPTED and activity.counted_m < activity.distance_m:
        activity.findings = [
            *activity.findings,
            Finding(
                CheckCode.DAILY_CAP,
                Severity.NOTE,
                f"Giới hạn {km_text(float(race.daily_cap_km or 0) * 1000)} mỗi ngày: chỉ tính "
                f"{km_text(activity.counted_m)} của hoạt động này.",
            ).as_dict(),
        ]
        activity.save(update_fields=["findings"])
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_PROCESS,
        target=activity,
        unit_path=registration.unit_path,
        data={"status": status, "codes": [f.code for f in findings]},
    )
    return status


def _fail(actor: Actor, activity: Activity, message: str) -> str:
    activity.status = ActivityStatus.FAILED
    activity.message = message
    activity.findings = []
    activity.processed_at = timezone.now()
    activity.save(update_fields=["status", "message", "findings", "processed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_PROCESS,
        target=activity,
        unit_path=activity.registration.unit_path,
        data={"status": ActivityStatus.FAILED},
    )
    return ActivityStatus.FAILED
