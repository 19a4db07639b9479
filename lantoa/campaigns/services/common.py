"""Pieces shared by the campaign services."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from lantoa.core.exceptions import PermissionDenied
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import user_can

AnyUser = AbstractBaseUser | AnonymousUser


def require(actor: AnyUser | None, perm: str, unit: OrgUnit | None) -> None:
    """Refuse unless `actor` holds `perm` over `unit`; `actor=None` is the system."""
    if actor is not None and not user_can(actor, perm, unit):
        raise PermissionDenied()


def actor_id(actor: AnyUser | None) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def in_subtree(unit: OrgUnit, root: OrgUnit) -> bool:
    return unit.path.startswith(root.path)
