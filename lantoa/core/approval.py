"""The approval of a unit's own piece of work (a race, a photo contest, an
event): an officer of the unit submits the draft, an approver of the same
unit approves it, returns it with a note, or cancels it.

Each step locks the row, checks the actor's right over the organising unit
(content editing to submit, approval for the rest), refuses a wrong state
with a Vietnamese message naming the thing ("Chỉ duyệt được giải đang chờ
duyệt."), stamps the state and its times, saves only those fields and
audits. What follows an approval or a cancellation (a results row, the
public page) stays with the app: it passes it as `after`, which runs before
the audit entry is written and returns what the entry records.

`core` does not know units and rights (they live in `org`): the app passes
its `require_perm` and the two rights. Callers hold the transaction.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import LantoaError

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ApprovalActions:
    """The audit actions an app registered for the four steps."""

    submit: str
    approve: str
    return_: str
    cancel: str

    @classmethod
    def named(cls, actions: type[models.TextChoices], prefix: str) -> "ApprovalActions":
        """The app's `<PREFIX>_SUBMIT`, `_APPROVE`, `_RETURN` and `_CANCEL`."""
        return cls(
            *(actions[f"{prefix}_{step}"] for step in ("SUBMIT", "APPROVE", "RETURN", "CANCEL"))
        )


@dataclass(frozen=True)
class UnitApproval(Generic[M]):
    """The four steps for one model, as the app configures them once."""

    model: type[M]
    states: type[models.TextChoices]  # with DRAFT, PENDING, APPROVED, CANCELLED
    error: type[LantoaError]
    noun: str
    actions: ApprovalActions
    # The app's `require_perm(actor, perm, unit)`, the right to submit, the right to approve.
    rights: tuple[Callable[[Actor, str, Any], None], str, str]
    stamps_submission: bool = True

    def lock(self, obj: M) -> M:
        """`obj` read again, its row locked, with its unit."""
        return (
            self.model._default_manager.select_for_update(no_key=True)
            .select_related("unit")
            .get(pk=obj.pk)
        )

    def _locked(self, obj: M, *, actor: Actor, approving: bool) -> Any:
        current: Any = self.lock(obj)
        require_perm, edit, approve = self.rights
        require_perm(actor, approve if approving else edit, current.unit)
        return current

    def _audit(
        self, current: Any, *, actor: Actor, action: str, data: Mapping[str, Any] | None = None
    ) -> None:
        audit_record(
            actor=actor,
            action=action,
            target=current,
            unit_path=current.unit.path,
            data=dict(data) if data else None,
        )

    def submit(self, obj: M, *, actor: Actor) -> M:
        """Draft → waiting for the organising unit's approval."""
        current = self._locked(obj, actor=actor, approving=False)
        if current.state != self.states["DRAFT"]:
            raise self.error(f"Chỉ trình duyệt được {self.noun} đang ở bản nháp.")
        current.state = self.states["PENDING"]
        fields = ["state", "updated_at"]
        if self.stamps_submission:
            current.submitted_at = timezone.now()
            fields.insert(1, "submitted_at")
        current.save(update_fields=fields)
        self._audit(current, actor=actor, action=self.actions.submit)
        return current  # type: ignore[no-any-return]

    def approve(
        self,
        obj: M,
        *,
        actor: Actor,
        after: Callable[[M], Mapping[str, Any] | None] | None = None,
    ) -> M:
        """Waiting → approved by `actor`; `after(approved)` then returns what
        the audit entry records."""
        current = self._locked(obj, actor=actor, approving=True)
        if current.state != self.states["PENDING"]:
            raise self.error(f"Chỉ duyệt được {self.noun} đang chờ duyệt.")
        current.state = self.states["APPROVED"]
        current.approved_at = timezone.now()
        current.approved_by = actor_user(actor)
        current.review_note = ""
        current.save(
            update_fields=["state", "approved_at", "approved_by", "review_note", "updated_at"]
        )
        data = after(current) if after is not None else None
        self._audit(current, actor=actor, action=self.actions.approve, data=data)
        return current  # type: ignore[no-any-return]

    def return_(self, obj: M, *, actor: Actor, note: str) -> M:
        """Waiting → draft, with the approver's note for the officer."""
        current = self._locked(obj, actor=actor, approving=True)
        if current.state != self.states["PENDING"]:
            raise self.error(f"Chỉ trả lại được {self.noun} đang chờ duyệt.")
        if not note.strip():
            raise ValidationError({"review_note": "Hãy ghi lý do trả lại."})
        current.state = self.states["DRAFT"]
        current.review_note = note.strip()
        current.save(update_fields=["state", "review_note", "updated_at"])
        self._audit(
            current, actor=actor, action=self.actions.return_, data={"note": current.review_note}
        )
        return current  # type: ignore[no-any-return]

    def cancel(self, obj: M, *, actor: Actor, note: str, after: Callable[[M, str], None]) -> M:
        """Any state → cancelled; `after(cancelled, previous_state)` takes down
        what was public."""
        current = self._locked(obj, actor=actor, approving=True)
        if current.state == self.states["CANCELLED"]:
            raise self.error(f"{self.noun[:1].upper()}{self.noun[1:]} đã bị hủy.")
        previous_state = current.state
        current.state = self.states["CANCELLED"]
        current.review_note = note.strip()
        current.save(update_fields=["state", "review_note", "updated_at"])
        after(current, previous_state)
        self._audit(current, actor=actor, action=self.actions.cancel)
        return current  # type: ignore[no-any-return]


# --- editing a unit's own piece of work -------------------------------------------


def require_known_fields(service: str, fields: Iterable[str], known: Iterable[str]) -> None:
    """Fields `service` does not take are a programming error (TypeError)."""
    unknown = set(fields) - set(known)
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")


def apply_fields(current: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Set `fields` on `current`; returns what they were (for `changed_fields`)."""
    before = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    return before


def update_audited(
    current: M,
    fields: Mapping[str, Any],
    *,
    actor: Actor,
    action: str,
    validate: Callable[[M], None],
    after_save: Callable[[M], None] | None = None,
) -> M:
    """Set `fields` on the locked `current`, `validate` it, save those fields,
    run `after_save`, and audit `action` with what changed."""
    before = apply_fields(current, fields)
    validate(current)
    current.save(update_fields=[*fields, "updated_at"])
    if after_save is not None:
        after_save(current)
    audit_record(
        actor=actor,
        action=action,
        target=current,
        unit_path=current.unit.path,  # type: ignore[attr-defined]
        data={"changed": changed_fields(before, dict(fields))},
    )
    return current


def update_audited_with_units(
    current: M,
    fields: Mapping[str, Any],
    eligible_units: Iterable[Any] | None,
    *,
    actor: Actor,
    action: str,
    validate: Callable[[M, list[Any]], None],
) -> M:
    """`update_audited` of work open to `eligible_units` (None: keep the ones
    it has), which `validate` checks beside the fields."""
    eligible = (
        list(eligible_units) if eligible_units is not None else list(current.eligible_units.all())  # type: ignore[attr-defined]
    )
    return update_audited(
        current,
        fields,
        actor=actor,
        action=action,
        validate=lambda obj: validate(obj, eligible),
        after_save=(
            None if eligible_units is None else lambda obj: obj.eligible_units.set(eligible)  # type: ignore[attr-defined]
        ),
    )


def eligible_units_refusal(eligible: Iterable[Any], organiser: Any) -> str | None:
    """Why `eligible` units may not take part in work `organiser` runs (those
    outside its subtree), or None."""
    outside = [u.name for u in eligible if not u.path.startswith(organiser.path)]
    if not outside:
        return None
    return "Đơn vị được tham gia phải thuộc đơn vị tổ chức: " + ", ".join(outside) + "."
