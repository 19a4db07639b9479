"""Registration: a member of an eligible unit takes part and gets a bib number."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.org.choices import MemberStatus
from lantoa.org.public import Member
from lantoa.race.choices import AuditAction, RaceState
from lantoa.race.exceptions import (
    AlreadyRegistered,
    NotEligible,
    RaceNotOpen,
    RegistrationClosed,
)
from lantoa.race.models import Race, Registration
from lantoa.race.services.common import acts_for_member, require_officer
from lantoa.race.services.results import rollup_register


def eligible_paths(race: Race) -> list[str]:
    """Unit paths whose members may register (the organiser's whole subtree
    when the race names no units)."""
    paths = [u.path for u in race.eligible_units.all()]
    return paths or [race.unit.path]


def is_eligible(race: Race, member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE and any(
        member.unit_path.startswith(p) for p in eligible_paths(race)
    )


def bib_text(race: Race, number: int) -> str:
    return f"{race.bib_prefix}{number:05d}" if race.bib_prefix else f"{number:05d}"


@transaction.atomic
def registration_create(*, actor: Actor, race: Race, member: Member) -> Registration:
    """Register `member` (the member themself, or an officer of the
    organising unit for them). Locks the race row to hand out the next bib
    number: bibs are unique and have no gaps made by refusals."""
    locked = Race.objects.select_for_update(no_key=True).select_related("unit").get(pk=race.pk)
    if not acts_for_member(actor=actor, member=member):
        require_officer(actor=actor, race=locked)
    if locked.state != RaceState.APPROVED:
        raise RaceNotOpen()
    today = timezone.localdate()
    closes = locked.registration_closes_on or locked.ends_on
    if today > closes:
        raise RegistrationClosed()
    if not is_eligible(locked, member):
        raise NotEligible()
    if Registration.objects.filter(race=locked, member=member).exists():
        raise AlreadyRegistered()
    number = locked.bib_next
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                race=locked,
                member=member,
                unit_id=member.unit_id,
                unit_path=member.unit_path,
                bib_number=number,
                bib=bib_text(locked, number),
            )
    except IntegrityError as exc:  # the same member, registering twice at once
        raise AlreadyRegistered() from exc
    locked.bib_next = number + 1
    locked.save(update_fields=["bib_next"])
    rollup_register(registration)
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRATION_CREATE,
        target=registration,
        unit_path=member.unit_path,
        data={"race": locked.pk, "bib": registration.bib},
    )
    return registration
