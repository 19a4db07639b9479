"""Nominations: an officer of a unit inside the round's organiser nominates
a member of the unit's subtree, attaches evidence and submits; the approver
of that unit decides first, then the approver of each unit above it, up to
the organiser, whose approval honours the member (the honour goes on the
member's record with a certificate). A return sends it back to the
nominating unit; a refusal ends it."""

from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.certificates import certificate_pdf, new_code, public_url
from lantoa.honours.choices import AuditAction, Decision, NominationState, RoundState
from lantoa.honours.exceptions import (
    AlreadyNominated,
    EvidenceInvalid,
    EvidenceMissing,
    NominationsClosed,
    NominationStateInvalid,
    OutsideRound,
    QuotaReached,
)
from lantoa.honours.models import Evidence, Honour, HonourRound, Nomination, NominationStep
from lantoa.org import scoping
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.public import Member, OrgUnit

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".png": b"\x89PNG"}


def _open_round(round_: HonourRound) -> HonourRound:
    current = HonourRound.objects.select_related("unit").get(pk=round_.pk)
    if current.state != RoundState.OPEN or timezone.localdate() > current.nominations_close_on:
        raise NominationsClosed()
    return current


@transaction.atomic
def nomination_create(
    *, actor: Actor, round_: HonourRound, unit: OrgUnit, member: Member, citation: str
) -> Nomination:
    """A draft nomination of `member` by `unit` (the actor edits the unit's
    content; the unit is inside the organiser, the member inside the unit)."""
    current = _open_round(round_)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if not unit.path.startswith(current.unit.path) or not member.unit_path.startswith(unit.path):
        raise OutsideRound()
    if member.status != MemberStatus.ACTIVE:
        raise OutsideRound("Đoàn viên này không còn sinh hoạt.")
    if not citation.strip():
        raise ValidationError({"citation": "Hãy ghi thành tích của đoàn viên."})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                round=current,
                member=member,
                unit=unit,
                unit_path=unit.path,
                citation=citation.strip(),
                created_by=actor_user(actor),
            )
    except IntegrityError as exc:
        raise AlreadyNominated() from exc
    audit_record(
        actor=actor,
        action=AuditAction.NOMINATION_CREATE,
        target=nomination,
        unit_path=unit.path,
        data={"round": current.pk, "member": member.pk},
    )
    return nomination


def _locked(nomination: Nomination) -> Nomination:
    # Only the nomination's row: `awaiting_unit` is nullable (an outer join),
    # which PostgreSQL refuses to lock.
    return (
        Nomination.objects.select_for_update(no_key=True, of=("self",))
        .select_related("round__unit", "unit", "awaiting_unit", "member")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def evidence_add(
    *,
    actor: Actor,
    nomination: Nomination,
    file: IO[bytes],
    name: str,
    size: int,
    caption: str = "",
) -> Evidence:
    """A PDF, JPEG or PNG (checked by its first bytes, not only its name)
    behind a nomination that is still being prepared."""
    current = _locked(nomination)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state not in (NominationState.DRAFT, NominationState.RETURNED):
        raise NominationStateInvalid("Chỉ thêm minh chứng khi đề cử chưa gửi đi.")
    suffix = Path(name).suffix.lower()
    head = file.read(8)
    file.seek(0)
    if size > MAX_EVIDENCE_BYTES or suffix not in EVIDENCE_TYPES:
        raise EvidenceInvalid()
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise EvidenceInvalid("Nội dung tệp không khớp với đuôi tệp (PDF, JPEG hoặc PNG).")
    evidence = Evidence(nomination=current, file_name=Path(name).name[:255], caption=caption[:255])
    evidence.file.save(f"minh-chung{suffix}", File(file), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action=AuditAction.EVIDENCE_ADD,
        target=current,
        unit_path=current.unit_path,
        data={"evidence": evidence.pk},
    )
    return evidence


@transaction.atomic
def nomination_submit(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Draft (or returned) → in review, waiting for the nominating unit's
    approver. Needs evidence and a free place in the unit's quota."""
    current = _locked(nomination)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    _open_round(current.round)
    if current.state not in (NominationState.DRAFT, NominationState.RETURNED):
        raise NominationStateInvalid("Đề cử đã được gửi.")
    if not current.evidence.exists():
        raise EvidenceMissing()
    # The round row serialises the quota check between two submissions.
    HonourRound.objects.select_for_update(no_key=True).filter(pk=current.round_id).first()
    used = (
        Nomination.objects.filter(
            round_id=current.round_id,
            unit_id=current.unit_id,
            state__in=(NominationState.IN_REVIEW, NominationState.AWARDED),
        )
        .exclude(pk=current.pk)
        .count()
    )
    if used >= current.round.quota_per_unit:
        raise QuotaReached(
            f"Đơn vị đã gửi đủ {current.round.quota_per_unit} đề cử, số tối đa của đợt."
        )
    current.state = NominationState.IN_REVIEW
    current.awaiting_unit = current.unit
    current.submitted_at = timezone.now()
    current.save(update_fields=["state", "awaiting_unit", "submitted_at"])
    audit_record(
        actor=actor,
        action=AuditAction.NOMINATION_SUBMIT,
        target=current,
        unit_path=current.unit_path,
    )
    return current


def _decide(
    actor: Actor, nomination: Nomination, decision: str, note: str
) -> tuple[Nomination, OrgUnit]:
    """The locked nomination and the unit whose turn it was (its decision recorded)."""
    current = _locked(nomination)
    at = current.awaiting_unit
    if current.state != NominationState.IN_REVIEW or at is None:
        raise NominationStateInvalid("Đề cử không chờ xét duyệt.")
    scoping.require_perm(actor, Perm.CONTENT_APPROVE, at)
    if decision != Decision.APPROVE and not note.strip():
        raise ValidationError({"note": "Hãy ghi lý do để đơn vị đề cử biết."})
    NominationStep.objects.create(
        nomination=current,
        unit=at,
        decision=decision,
        decided_by=actor_user(actor),
        note=note.strip(),
    )
    return current, at


@transaction.atomic
def nomination_approve(*, actor: Actor, nomination: Nomination, note: str = "") -> Nomination:
    """The approver of the unit whose turn it is agrees: the nomination goes
    to the unit above; at the organiser, the member is honoured."""
    current, decided_at = _decide(actor, nomination, Decision.APPROVE, note)
    if decided_at.pk == current.round.unit_id:
        current.state = NominationState.AWARDED
        current.awaiting_unit = None
        current.decided_at = timezone.now()
        current.save(update_fields=["state", "awaiting_unit", "decided_at"])
        honour = _honour(actor, current)
        data = {"at": decided_at.pk, "honour": honour.pk}
    else:
        parent = decided_at.get_parent()
        current.awaiting_unit = parent
        current.save(update_fields=["awaiting_unit"])
        data = {"at": decided_at.pk, "next": parent.pk if parent else None}
    audit_record(
        actor=actor,
        action=AuditAction.NOMINATION_APPROVE,
        target=current,
        unit_path=decided_at.path,
        data=data,
    )
    return current


@transaction.atomic
def nomination_return(*, actor: Actor, nomination: Nomination, note: str) -> Nomination:
    """Back to the nominating unit to complete (its quota place is freed)."""
    current, at = _decide(actor, nomination, Decision.RETURN, note)
    current.state = NominationState.RETURNED
    current.awaiting_unit = None
    current.save(update_fields=["state", "awaiting_unit"])
    audit_record(
        actor=actor,
        action=AuditAction.NOMINATION_RETURN,
        target=current,
        unit_path=at.path,
        data={"note": note.strip()},
    )
    return current


@transaction.atomic
def nomination_reject(*, actor: Actor, nomination: Nomination, note: str) -> Nomination:
    current, at = _decide(actor, nomination, Decision.REJECT, note)
    current.state = NominationState.REJECTED
    current.awaiting_unit = None
    current.decided_at = timezone.now()
    current.save(update_fields=["state", "awaiting_unit", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditAction.NOMINATION_REJECT,
        target=current,
        unit_path=at.path,
        data={"note": note.strip()},
    )
    return current


def _honour(actor: Actor, nomination: Nomination) -> Honour:
    member = nomination.member
    for _ in range(5):
        try:
            with transaction.atomic():
                honour = Honour.objects.create(
                    code=new_code(),
                    nomination=nomination,
                    round=nomination.round,
                    member=member,
                    member_name=member.full_name,
                    unit_name=member.unit.name,
                    round_title=nomination.round.title,
                    organiser_name=nomination.round.unit.name,
                    citation=nomination.citation,
                )
            break
        except IntegrityError:  # a code already taken: draw again
            continue
    else:
        raise RuntimeError("could not draw a free honour code")
    audit_record(
        actor=actor,
        action=AuditAction.HONOUR_AWARD,
        target=honour,
        unit_path=member.unit_path,
        data={"round": nomination.round_id, "member": member.pk},
    )
    return honour


def verify_url(honour: Honour) -> str:
    return public_url(reverse("honours:verify", args=[honour.code]))


def honour_certificate_pdf(honour: Honour) -> bytes:
    """The honour's certificate (A4 landscape) with its verification QR."""
    from lantoa.core.dates import format_date_line

    context = {"honour": honour, "awarded_on": format_date_line(honour.awarded_at)}
    return certificate_pdf("honours/pdf/certificate.html", context, verify_url=verify_url(honour))
