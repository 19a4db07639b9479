"""The jury: officers appoint jurors (members) and run the rounds; a juror
scores the entries of an open round, never an entry of their own unit (nor
of a unit below it), and never sees who took a photo. Closing a round fixes
each entry's jury score and moves the best ones to the next round."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone

from lantoa.contests.choices import AuditAction, ContestState, EntryStatus, RoundState
from lantoa.contests.exceptions import (
    ContestStateInvalid,
    EntryStateInvalid,
    JurorOwnUnit,
    NotJuror,
    RoundNotOpen,
    ScoreInvalid,
)
from lantoa.contests.models import Contest, Entry, Juror, Round, Score, percent
from lantoa.contests.services.common import locked_contest, require_officer
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.org.public import Member


def juror_conflicts(juror: Juror, entry: Entry) -> bool:
    """True when the entry comes from the juror's unit or a unit below it
    (or is the juror's own photo): the juror neither sees nor scores it."""
    return entry.member_id == juror.member_id or entry.unit_path.startswith(juror.unit_path)


@transaction.atomic
def juror_appoint(*, actor: Actor, contest: Contest, member: Member) -> Juror:
    """Put `member` on the jury (idempotent). Their unit is fixed now: the
    entries of that unit's subtree stay out of their reach."""
    current = locked_contest(contest)
    require_officer(actor=actor, contest=current)
    if current.state == ContestState.CANCELLED:
        raise ContestStateInvalid()
    juror, created = Juror.objects.get_or_create(
        contest=current,
        member=member,
        defaults={
            "unit_id": member.unit_id,
            "unit_path": member.unit_path,
            "appointed_by": actor_user(actor),
        },
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.JUROR_APPOINT,
            target=juror,
            unit_path=current.unit.path,
            data={"contest": current.pk, "member": member.pk},
        )
    return juror


@transaction.atomic
def juror_remove(*, actor: Actor, juror: Juror) -> None:
    """Take a juror off the jury; their scores go with them."""
    current = locked_contest(juror.contest)
    require_officer(actor=actor, contest=current)
    audit_record(
        actor=actor,
        action=AuditAction.JUROR_REMOVE,
        target=current,
        unit_path=current.unit.path,
        data={"member": juror.member_id},
    )
    juror.delete()


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    contest: Contest,
    title: str,
    blind: bool = True,
    score_max: int = 10,
    advance_count: int | None = None,
) -> Round:
    """The next round of the contest (numbered after the last one)."""
    current = locked_contest(contest)
    require_officer(actor=actor, contest=current)
    if current.state == ContestState.CANCELLED:
        raise ContestStateInvalid()
    if not title.strip():
        raise ValidationError({"title": "Hãy đặt tên vòng chấm."})
    if not 1 <= score_max <= 100:
        raise ValidationError({"score_max": "Điểm tối đa từ 1 đến 100."})
    if advance_count is not None and advance_count < 1:
        raise ValidationError({"advance_count": "Số ảnh vào vòng sau phải lớn hơn 0."})
    last = current.rounds.order_by("-number").first()
    if last is not None and last.advance_count is None:
        raise InvalidInput("Vòng trước là vòng cuối: hãy ghi số ảnh vào vòng sau cho vòng đó.")
    created = Round.objects.create(
        contest=current,
        number=(last.number + 1) if last is not None else 1,
        title=title.strip(),
        blind=blind,
        score_max=score_max,
        advance_count=advance_count,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ROUND_CREATE,
        target=created,
        unit_path=current.unit.path,
        data={"number": created.number},
    )
    return created


def _locked_round(round_: Round) -> Round:
    return (
        Round.objects.select_for_update(no_key=True)
        .select_related("contest__unit")
        .get(pk=round_.pk)
    )


@transaction.atomic
def round_open(*, actor: Actor, round_: Round) -> Round:
    """Planned → open (the rounds before it are closed; the contest approved)."""
    current = _locked_round(round_)
    contest = current.contest
    require_officer(actor=actor, contest=contest)
    if contest.state != ContestState.APPROVED:
        raise ContestStateInvalid("Cuộc thi chưa được duyệt.")
    if current.state != RoundState.PLANNED:
        raise RoundNotOpen("Chỉ mở được vòng chưa mở.")
    if contest.rounds.filter(number__lt=current.number).exclude(state=RoundState.CLOSED).exists():
        raise RoundNotOpen("Hãy kết thúc vòng trước đã.")
    current.state = RoundState.OPEN
    current.opened_at = timezone.now()
    current.save(update_fields=["state", "opened_at"])
    audit_record(
        actor=actor, action=AuditAction.ROUND_OPEN, target=current, unit_path=contest.unit.path
    )
    return current


@transaction.atomic
def round_close(*, actor: Actor, round_: Round) -> Round:
    """Open → closed: each entry of the round gets its jury score (the mean of
    its scores, as a percentage of the maximum); when the round says how
    many go on, the best that many (and those tied with the last) reach the
    next round."""
    current = _locked_round(round_)
    contest = current.contest
    require_officer(actor=actor, contest=contest)
    if current.state != RoundState.OPEN:
        raise RoundNotOpen("Chỉ kết thúc được vòng đang chấm.")
    means = dict(
        Score.objects.filter(round=current)
        .values("entry_id")
        .annotate(mean=Avg("score"))
        .values_list("entry_id", "mean")
    )
    entries = list(
        Entry.objects.select_for_update(no_key=True).filter(
            contest=contest, status=EntryStatus.APPROVED, round_reached__gte=current.number
        )
    )
    for entry in entries:
        mean = means.get(entry.pk)
        entry.jury_score = (
            percent(float(mean) * 100 / current.score_max) if mean is not None else Decimal("0")
        )
    Entry.objects.bulk_update(entries, ["jury_score"])
    advanced = 0
    if current.advance_count:
        ranked = sorted(entries, key=lambda e: (-(e.jury_score or 0), e.pk))
        if ranked:
            cut = ranked[min(current.advance_count, len(ranked)) - 1].jury_score
            chosen = [e.pk for e in ranked if (e.jury_score or 0) >= (cut or 0)]
            advanced = Entry.objects.filter(pk__in=chosen).update(round_reached=current.number + 1)
    current.state = RoundState.CLOSED
    current.closed_at = timezone.now()
    current.save(update_fields=["state", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ROUND_CLOSE,
        target=current,
        unit_path=contest.unit.path,
        data={"entries": len(entries), "scored": len(means), "advanced": advanced},
    )
    return current


def juror_for(*, actor: Actor, contest: Contest) -> Juror:
    """The caller's seat on the contest's jury; NotJuror otherwise."""
    juror = (
        Juror.objects.filter(contest=contest, member__user_id=getattr(actor, "pk", 0))
        .select_related("member")
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if juror is None:
        raise NotJuror()
    return juror


@transaction.atomic
def score_submit(*, actor: Actor, round_: Round, entry: Entry, score: int, note: str = "") -> Score:
    """The caller's score for `entry` in the open round `round_` (a second
    call changes it). Refuses a caller not on the jury, an entry of the
    juror's own unit, an entry not in the round and a score out of range."""
    current = Round.objects.select_related("contest__unit").get(pk=round_.pk)
    juror = juror_for(actor=actor, contest=current.contest)
    if current.state != RoundState.OPEN:
        raise RoundNotOpen()
    if (
        entry.contest_id != current.contest_id
        or entry.status != EntryStatus.APPROVED
        or entry.round_reached < current.number
    ):
        raise EntryStateInvalid("Ảnh này không thuộc vòng chấm.")
    if juror_conflicts(juror, entry):
        raise JurorOwnUnit()
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= current.score_max:
        raise ScoreInvalid(f"Điểm từ 0 đến {current.score_max}.")
    values = {"score": score, "note": note.strip()[:2000]}
    try:
        with transaction.atomic():
            saved, created = Score.objects.update_or_create(
                round=current, entry=entry, juror=juror, defaults=values
            )
    except IntegrityError:  # the same juror, twice at the same instant: the other one won
        saved = Score.objects.get(round=current, entry=entry, juror=juror)
        for name, value in values.items():
            setattr(saved, name, value)
        saved.save(update_fields=[*values, "updated_at"])
        created = False
    audit_record(
        actor=actor,
        action=AuditAction.SCORE_SUBMIT,
        target=saved,
        unit_path=current.contest.unit.path,
        data={"round": current.pk, "entry": entry.pk, "score": score, "changed": not created},
    )
    return saved
