"""Who acts: a person, an anonymous visitor, or the system under a name.

Every service takes a keyword-only `actor=` (docs/subsystems/actors-and-audit.md).
Work nobody clicked for (a periodic job, an event subscriber, a management
command) runs as a named `SystemActor`: one per periodic job and per
subscriber, registered once, so the audit log says which job did what. A
missing actor is a programming error (`MissingActor`), never a superuser.

A system actor holds every permission (`is_superuser`), exactly as the jobs
it stands for need; it is not a user row, so foreign keys that record a
person (`created_by`, `sent_by`) stay empty for it (`actor_user`).
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class MissingActor(TypeError):
    """A service was called without saying who acts."""


class SystemActor:
    """The system acting under a stable `name` ("channels.outbox_sweep")."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = True
    is_staff = False
    pk = None
    id = None

    def __init__(self, name: str, label: str | Promise) -> None:
        self.name = name
        self.label = label

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"

    def __str__(self) -> str:
        return str(self.label)

    def get_username(self) -> str:
        return self.name

    def get_full_name(self) -> str:
        return str(self.label)


Actor = AbstractBaseUser | AnonymousUser | SystemActor
"""Anyone a service may act for."""

ANONYMOUS_NAME = "anonymous"
ANONYMOUS_LABEL = _("Người xem không đăng nhập")

_ACTORS: dict[str, SystemActor] = {}


def system_actor(name: str, label: str | Promise) -> SystemActor:
    """The system actor called `name`, registered on first use. A name stands
    for one job: registering it again with another label is refused."""
    known = _ACTORS.get(name)
    if known is not None:
        if str(known.label) != str(label):
            raise ValueError(f"system actor {name!r} is already registered as {known.label!r}")
        return known
    actor = SystemActor(name, label)
    _ACTORS[name] = actor
    return actor


def system_actors() -> list[SystemActor]:
    return sorted(_ACTORS.values(), key=lambda a: a.name)


SYSTEM = system_actor("system", _("Hệ thống"))
"""The system itself, for work no named job owns (a data migration, a shell)."""

COMMAND_LINE = system_actor("command_line", _("Lệnh quản trị trên máy chủ"))
"""An operator running a management command without naming an account (--actor)."""


def require_actor(actor: Any) -> Actor:
    """`actor`, or `MissingActor` when there is none."""
    if actor is None:
        raise MissingActor("a service was called without an actor (use a SystemActor)")
    if not isinstance(actor, AbstractBaseUser | AnonymousUser | SystemActor):
        raise MissingActor(f"not an actor: {actor!r}")
    return actor


def actor_user(actor: Actor) -> "User | None":
    """The person behind `actor` for a foreign key, or None (system, anonymous)."""
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return actor  # type: ignore[return-value]
    return None


def actor_user_id(actor: Actor) -> int | None:
    user = actor_user(actor)
    return user.pk if user is not None else None


def actor_name(actor: Actor) -> str:
    """What the audit log stores beside the user: the system actor's name,
    "anonymous" for a visitor, "" for a person (the user row says who)."""
    if isinstance(actor, SystemActor):
        return actor.name
    if not actor.is_authenticated:
        return ANONYMOUS_NAME
    return ""


def actor_label(name: str) -> str:
    """The Vietnamese label of a stored actor name ("" when unknown)."""
    if name == ANONYMOUS_NAME:
        return str(ANONYMOUS_LABEL)
    actor = _ACTORS.get(name)
    return str(actor.label) if actor is not None else name
