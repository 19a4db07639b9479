"""The audit log: who changed what, when, and why (docs/subsystems/actors-and-audit.md).

Services call `audit_record` inside their transaction. Every action comes from
the registry: an app declares its actions once, as a `TextChoices` whose
values are `<app>.<entity>_<verb>` and whose labels are Vietnamese, decorated
with `@audit_actions` (Wagtail's `log_actions` registry is the model). The log
screens show the labels; `audit_record` refuses an action nobody registered
and a missing actor.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise

from lantoa.core.actors import Actor, actor_name, actor_user_id, require_actor
from lantoa.core.models import AuditLogEntry

C = TypeVar("C", bound=type[models.TextChoices])


class UnknownAuditAction(ValueError):
    """`audit_record` was given an action that no app registered."""


_ACTIONS: dict[str, str | Promise] = {}


def audit_actions(choices: C) -> C:
    """Class decorator: register every member of `choices` as an audit action.
    A value may be registered once; values are `<app>.<entity>_<verb>`."""
    for member in choices:
        value = str(member.value)
        app, _, rest = value.partition(".")
        if not app or not rest or "." in rest:
            raise ValueError(f"audit action {value!r} is not '<app>.<entity>_<verb>'")
        if value in _ACTIONS and str(_ACTIONS[value]) != str(member.label):
            raise ValueError(f"audit action {value!r} is registered twice")
        _ACTIONS[value] = member.label
    return choices


def audit_action_label(action: str) -> str:
    """The Vietnamese label of `action`, or the action itself if unknown."""
    label = _ACTIONS.get(action)
    return str(label) if label is not None else action


def audit_action_choices() -> list[tuple[str, str]]:
    """(action, label) of every registered action, sorted by action."""
    return [(action, str(label)) for action, label in sorted(_ACTIONS.items())]


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    unit_path: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Append one entry; never updates an existing one. Refuses a missing
    actor (`MissingActor`) and an unregistered action (`UnknownAuditAction`)."""
    actor = require_actor(actor)
    action = str(action)
    if action not in _ACTIONS:
        raise UnknownAuditAction(f"audit action {action!r} is not registered")
    entry = AuditLogEntry(
        actor_id=actor_user_id(actor),
        actor_name=actor_name(actor),
        action=action,
        unit_path=unit_path,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
    entry.save()
    return entry


@dataclass(frozen=True)
class AuditItem:
    """One entry of `audit_record_many`."""

    actor: Actor
    target: models.Model
    unit_path: str = ""
    data: dict[str, Any] | None = None


def audit_record_many(*, action: str, items: Sequence[AuditItem]) -> int:
    """Append one entry per item, all for `action`, in one bulk INSERT (a
    drain storing a batch of buffered writes); returns how many. The same
    refusals as `audit_record`."""
    action = str(action)
    if action not in _ACTIONS:
        raise UnknownAuditAction(f"audit action {action!r} is not registered")
    if not items:
        return 0
    types: dict[type[models.Model], ContentType] = {}
    entries = []
    for item in items:
        actor = require_actor(item.actor)
        model = type(item.target)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(item.target)
        entries.append(
            AuditLogEntry(
                actor_id=actor_user_id(actor),
                actor_name=actor_name(actor),
                action=action,
                unit_path=item.unit_path,
                data=item.data or {},
                target_type=types[model],
                target_id=str(item.target.pk),
                target_repr=str(item.target)[:255],
            )
        )
    AuditLogEntry.objects.bulk_create(entries)
    return len(entries)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose values differ, as JSON-safe strings."""
    return {
        name: [_jsonable(before.get(name)), _jsonable(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
