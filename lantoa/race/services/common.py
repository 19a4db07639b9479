"""Helpers shared by the race services."""

from datetime import date, datetime, time

from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member
from lantoa.race.models import Race, Registration


def local_start(day: date) -> datetime:
    """00:00 of `day` in the site's zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_end(day: date) -> datetime:
    """The last instant of `day` in the site's zone."""
    return timezone.make_aware(datetime.combine(day, time.max))


def acts_for_member(*, actor: Actor, member: Member) -> bool:
    """The member themself (their own account)."""
    return bool(
        actor.is_authenticated and member.user_id is not None and member.user_id == actor.pk
    )


def require_member_or_officer(*, actor: Actor, registration: Registration) -> None:
    """The registered member, or an officer of the organising unit."""
    if acts_for_member(actor=actor, member=registration.member):
        return
    scoping.require_perm(actor, Perm.CONTENT_EDIT, registration.race.unit)


def require_officer(*, actor: Actor, race: Race, perm: str = Perm.CONTENT_EDIT) -> None:
    scoping.require_perm(actor, perm, race.unit)
