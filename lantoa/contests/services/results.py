"""Results: every approved entry's final score mixes the jury's score (its
last round, as a percentage) and the public's (its votes against the most
voted entry's, as a percentage) with the contest's weights; entries that
went further in the rounds rank first. The organising unit's approver
publishes them: the winners' gallery appears on the unit's site."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lantoa.contests import vote_queue
from lantoa.contests.choices import AuditAction, ContestState, EntryStatus, RoundState
from lantoa.contests.exceptions import ContestStateInvalid, ResultsNotReady, VotesPending
from lantoa.contests.models import Contest, Entry, Vote, percent
from lantoa.contests.services.common import locked_contest, require_officer
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.write_queue import DrainBusy
from lantoa.org.choices import Perm


def results_compute(*, actor: Actor, contest: Contest) -> list[Entry]:
    """Rank the approved entries (idempotent: computing again after late
    votes gives the same figures from the same rows). Needs every round
    closed. Returns the entries in rank order.

    Every vote still in the vote queue is stored first (outside the
    results' transaction: the queue is trimmed only after the votes'
    commit); a drain that does not finish refuses the computation."""
    require_officer(actor=actor, contest=contest)
    try:
        vote_queue.votes_drain(wait=vote_queue.RESULTS_DRAIN_WAIT)
    except DrainBusy as exc:
        raise VotesPending() from exc
    return _results_compute(actor=actor, contest=contest)


@transaction.atomic
def _results_compute(*, actor: Actor, contest: Contest) -> list[Entry]:
    current = locked_contest(contest)
    require_officer(actor=actor, contest=current)
    if current.state != ContestState.APPROVED:
        raise ContestStateInvalid("Cuộc thi chưa được duyệt.")
    if current.rounds.exclude(state=RoundState.CLOSED).exists():
        raise ResultsNotReady()
    votes = dict(
        Vote.objects.filter(contest=current)
        .values("entry_id")
        .annotate(n=Count("id"))
        .values_list("entry_id", "n")
    )
    entries = list(
        Entry.objects.select_for_update(no_key=True).filter(
            contest=current, status=EntryStatus.APPROVED
        )
    )
    most = max(votes.values(), default=0)
    for entry in entries:
        entry.vote_count = votes.get(entry.pk, 0)
        public = entry.vote_count * 100 / most if most else 0.0
        jury = float(entry.jury_score or 0)
        entry.final_score = percent(
            (jury * current.jury_weight + public * current.public_weight) / 100
        )
    ranked = sorted(entries, key=lambda e: (-e.round_reached, -(e.final_score or 0), e.pk))
    for n, entry in enumerate(ranked, start=1):
        entry.rank = n
    Entry.objects.bulk_update(ranked, ["vote_count", "final_score", "rank"])
    current.results_computed_at = timezone.now()
    current.save(update_fields=["results_computed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.RESULTS_COMPUTE,
        target=current,
        unit_path=current.unit.path,
        data={"entries": len(ranked), "votes": sum(votes.values())},
    )
    return ranked


@transaction.atomic
def results_publish(*, actor: Actor, contest: Contest) -> Contest:
    """The organising unit's approver publishes the computed results: the
    gallery of the winners goes live on the unit's site (when it has one)."""
    current = locked_contest(contest)
    require_officer(actor=actor, contest=current, perm=Perm.CONTENT_APPROVE)
    if current.results_computed_at is None:
        raise ContestStateInvalid("Hãy tính kết quả trước khi công bố.")
    current.results_published_at = timezone.now()
    current.save(update_fields=["results_published_at", "updated_at"])
    from lantoa.contests.services.pages import contest_page_publish

    page = contest_page_publish(actor=actor, contest=current)
    audit_record(
        actor=actor,
        action=AuditAction.RESULTS_PUBLISH,
        target=current,
        unit_path=current.unit.path,
        data={"page": page.pk if page is not None else None},
    )
    return current
