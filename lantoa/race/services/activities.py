"""Activities: uploads and manual entries (stored first, checked by a task
after commit), the organisers' review queue, and members' appeals."""

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.race.choices import (
    ActivitySource,
    ActivityStatus,
    AppealStatus,
    AuditAction,
    RaceState,
)
from lantoa.race.exceptions import (
    ActivityStateInvalid,
    AppealNotAllowed,
    ManualNotAllowed,
    RaceNotOpen,
    SubmissionClosed,
    UploadInvalid,
)
from lantoa.race.models import Activity, Appeal, Registration
from lantoa.race.services.common import (
    acts_for_member,
    require_member_or_officer,
    require_officer,
)
from lantoa.race.services.results import registration_lock, registration_recount

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""A 24-hour FIT file with every sensor is a few MB; GPX ten times that is still under."""
ALLOWED_SUFFIXES = (".gpx", ".fit", ".tcx")


def _enqueue_processing(activity_id: int) -> None:
    from lantoa.race.tasks import activity_process_task

    transaction.on_commit(partial(activity_process_task.enqueue, activity_id=activity_id))


def _require_open_for_activities(registration: Registration) -> None:
    race = registration.race
    if race.state != RaceState.APPROVED:
        raise RaceNotOpen()
    if timezone.now() > race.submission_deadline:
        raise SubmissionClosed()


def _require_sport(registration: Registration, sport: str) -> None:
    if sport not in registration.race.sports:
        raise ValidationError({"sport": "Môn này không thuộc giải."})


@transaction.atomic
def activity_upload(
    *, actor: Actor, registration: Registration, file: "UploadedFile[bytes]", sport: str
) -> Activity:
    """Store an uploaded GPX/FIT/TCX file as a pending activity; the checks
    run in a task enqueued after commit (`activity_process_task`). Refuses
    an empty, too large or wrongly named file before storing anything."""
    registration = registration_lock(registration.pk)
    require_member_or_officer(actor=actor, registration=registration)
    _require_open_for_activities(registration)
    _require_sport(registration, sport)
    name = (file.name or "").rsplit("/", 1)[-1][:255]
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise UploadInvalid("Chỉ nhận tệp .gpx, .fit hoặc .tcx.")
    size = file.size or 0
    if size == 0:
        raise UploadInvalid("Tệp rỗng.")
    if size > MAX_UPLOAD_BYTES:
        raise UploadInvalid(f"Tệp lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    source = name.rsplit(".", 1)[-1].lower()
    activity = Activity(
        race=registration.race,
        registration=registration,
        source=source,
        sport=sport,
        file_name=name,
        file_size=size,
        file_sha256=digest.hexdigest(),
        uploaded_by=actor_user(actor),
    )
    activity.file.save(f"{registration.public_id.hex[:12]}.{source}", file, save=False)
    activity.save()
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_UPLOAD,
        target=activity,
        unit_path=registration.unit_path,
        data={"file": name, "bytes": size, "sha256": activity.file_sha256},
    )
    _enqueue_processing(activity.pk)
    return activity


@transaction.atomic
def activity_manual_create(
    *,
    actor: Actor,
    registration: Registration,
    sport: str,
    started_at: datetime,
    distance_km: Decimal | str,
    duration: timedelta,
) -> Activity:
    """A manual entry (only where the race allows them): checked like a file
    (dates, pace, overlaps, per-day limits), then always held for review."""
    registration = registration_lock(registration.pk)
    require_member_or_officer(actor=actor, registration=registration)
    _require_open_for_activities(registration)
    if not registration.race.allow_manual:
        raise ManualNotAllowed()
    _require_sport(registration, sport)
    try:
        metres = int(Decimal(str(distance_km)) * 1000)
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"distance_km": "Quãng đường không hợp lệ."}) from exc
    seconds = int(duration.total_seconds())
    if metres <= 0 or metres > 300_000:
        raise ValidationError({"distance_km": "Quãng đường phải từ 0 đến 300 km."})
    if seconds <= 0 or seconds > 48 * 3600:
        raise ValidationError({"duration": "Thời gian phải từ 1 giây đến 48 giờ."})
    if started_at > timezone.now():
        raise ValidationError({"started_at": "Thời điểm bắt đầu không được ở tương lai."})
    activity = Activity.objects.create(
        race=registration.race,
        registration=registration,
        source=ActivitySource.MANUAL,
        sport=sport,
        started_at=started_at,
        ended_at=started_at + duration,
        local_date=timezone.localtime(started_at).date(),
        distance_m=metres,
        moving_s=seconds,
        uploaded_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_UPLOAD,
        target=activity,
        unit_path=registration.unit_path,
        data={"manual": True, "metres": metres, "seconds": seconds},
    )
    _enqueue_processing(activity.pk)
    return activity


def _locked_activity(activity: Activity) -> tuple[Registration, Activity]:
    registration = registration_lock(activity.registration_id)
    locked = Activity.objects.select_for_update(no_key=True).get(pk=activity.pk)
    locked.registration = registration
    return registration, locked


@transaction.atomic
def activity_approve(*, actor: Actor, activity: Activity, note: str = "") -> Activity:
    """Review queue: count an activity the checks held back (officers of the
    organising unit)."""
    registration, locked = _locked_activity(activity)
    require_officer(actor=actor, race=registration.race)
    if locked.status != ActivityStatus.REVIEW:
        raise ActivityStateInvalid("Chỉ xem xét được hoạt động đang chờ xem xét.")
    _decide(actor, locked, ActivityStatus.ACCEPTED, note, AuditAction.ACTIVITY_APPROVE)
    registration_recount(registration)
    return locked


@transaction.atomic
def activity_reject(*, actor: Actor, activity: Activity, note: str) -> Activity:
    """Review queue: do not count it; the note tells the member why (they may appeal)."""
    registration, locked = _locked_activity(activity)
    require_officer(actor=actor, race=registration.race)
    if locked.status != ActivityStatus.REVIEW:
        raise ActivityStateInvalid("Chỉ xem xét được hoạt động đang chờ xem xét.")
    if not note.strip():
        raise ValidationError({"note": "Hãy ghi lý do để đoàn viên biết."})
    _decide(actor, locked, ActivityStatus.REJECTED, note, AuditAction.ACTIVITY_REJECT)
    registration_recount(registration)
    return locked


def _decide(actor: Actor, activity: Activity, status: str, note: str, action: str) -> None:
    activity.status = status
    activity.reviewed_by = actor_user(actor)
    activity.reviewed_at = timezone.now()
    activity.review_note = note.strip()
    activity.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=actor,
        action=action,
        target=activity,
        unit_path=activity.registration.unit_path,
        data={"note": activity.review_note},
    )


@transaction.atomic
def appeal_create(*, actor: Actor, activity: Activity, text: str) -> Appeal:
    """The member asks to count an activity that was not counted; one appeal
    per activity, while the race takes submissions."""
    registration, locked = _locked_activity(activity)
    if not acts_for_member(actor=actor, member=registration.member):
        raise AppealNotAllowed("Chỉ đoàn viên nộp hoạt động mới khiếu nại được.")
    if locked.status != ActivityStatus.REJECTED or Appeal.objects.filter(activity=locked).exists():
        raise AppealNotAllowed()
    _require_open_for_activities(registration)
    if not text.strip():
        raise ValidationError({"text": "Hãy trình bày lý do khiếu nại."})
    appeal = Appeal.objects.create(activity=locked, race=registration.race, text=text.strip())
    audit_record(
        actor=actor,
        action=AuditAction.APPEAL_CREATE,
        target=appeal,
        unit_path=registration.unit_path,
    )
    return appeal


def _locked_appeal(appeal: Appeal) -> tuple[Registration, Activity, Appeal]:
    registration, activity = _locked_activity(appeal.activity)
    locked = Appeal.objects.select_for_update(no_key=True).get(pk=appeal.pk)
    return registration, activity, locked


@transaction.atomic
def appeal_uphold(*, actor: Actor, appeal: Appeal, note: str = "") -> Appeal:
    """The organisers agree: the activity counts (within the daily cap)."""
    registration, activity, locked = _locked_appeal(appeal)
    require_officer(actor=actor, race=registration.race)
    if locked.status != AppealStatus.OPEN:
        raise ActivityStateInvalid("Khiếu nại này đã được trả lời.")
    _answer(actor, locked, AppealStatus.UPHELD, note, AuditAction.APPEAL_UPHOLD, registration)
    activity.status = ActivityStatus.ACCEPTED
    activity.reviewed_by = actor_user(actor)
    activity.reviewed_at = locked.decided_at
    activity.review_note = locked.decision_note
    activity.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    registration_recount(registration)
    return locked


@transaction.atomic
def appeal_dismiss(*, actor: Actor, appeal: Appeal, note: str) -> Appeal:
    """The organisers keep the decision; the note tells the member why."""
    registration, _activity, locked = _locked_appeal(appeal)
    require_officer(actor=actor, race=registration.race)
    if locked.status != AppealStatus.OPEN:
        raise ActivityStateInvalid("Khiếu nại này đã được trả lời.")
    if not note.strip():
        raise ValidationError({"note": "Hãy ghi lý do để đoàn viên biết."})
    _answer(actor, locked, AppealStatus.DISMISSED, note, AuditAction.APPEAL_DISMISS, registration)
    return locked


def _answer(
    actor: Actor,
    appeal: Appeal,
    status: str,
    note: str,
    action: str,
    registration: Registration,
) -> None:
    appeal.status = status
    appeal.decided_by = actor_user(actor)
    appeal.decided_at = timezone.now()
    appeal.decision_note = note.strip()
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action=action,
        target=appeal,
        unit_path=registration.unit_path,
        data={"note": appeal.decision_note},
    )
