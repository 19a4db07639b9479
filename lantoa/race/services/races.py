"""Races: an officer of a unit creates and edits a draft, submits it; an
approver of the same unit approves it (it becomes public, with its page on
the unit's site), returns it with a note, or cancels it."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.approval import (
    ApprovalActions,
    UnitApproval,
    eligible_units_refusal,
    require_known_fields,
    update_audited_with_units,
)
from lantoa.core.audit import audit_record
from lantoa.core.text import unique_slug
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.race.choices import AuditAction, RaceState, Sport
from lantoa.race.exceptions import RaceStateInvalid
from lantoa.race.models import Race, UnitResult

# The race's rules (the back office shows them together).
RULE_FIELDS = (
    "sports",
    "min_pace_s",
    "max_pace_s",
    "min_activity_km",
    "daily_cap_km",
    "max_activities_per_day",
    "allow_manual",
    "allow_treadmill",
    "finisher_km",
    "bib_prefix",
)
EDITABLE_FIELDS = (
    "title",
    "description",
    "starts_on",
    "ends_on",
    "registration_closes_on",
    "submission_deadline",
    *RULE_FIELDS,
)


DECIMAL_FIELDS = ("min_activity_km", "daily_cap_km", "finisher_km")


def _coerce(fields: dict[str, Any]) -> dict[str, Any]:
    """Kilometres given as text or numbers become Decimals."""
    return {
        name: Decimal(str(value)) if name in DECIMAL_FIELDS and value is not None else value
        for name, value in fields.items()
    }


def _validate(race: Race, eligible: Iterable[OrgUnit]) -> None:
    errors: dict[str, str] = {}
    if not race.title.strip():
        errors["title"] = "Hãy đặt tên giải."
    if race.ends_on < race.starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if race.registration_closes_on and race.registration_closes_on > race.ends_on:
        errors["registration_closes_on"] = "Hạn đăng ký phải trước ngày kết thúc giải."
    if race.submission_deadline and timezone.localtime(race.submission_deadline).date() < (
        race.ends_on
    ):
        errors["submission_deadline"] = "Hạn nộp hoạt động không được trước ngày kết thúc giải."
    if race.min_pace_s >= race.max_pace_s:
        errors["max_pace_s"] = "Tốc độ chậm nhất phải lớn hơn tốc độ nhanh nhất (giây/km)."
    if race.min_pace_s < 60:
        errors["min_pace_s"] = "Tốc độ nhanh nhất tối thiểu là 60 giây/km."
    sports = list(race.sports or [])
    if not sports or any(s not in Sport.values for s in sports):
        errors["sports"] = "Hãy chọn ít nhất một môn."
    if race.finisher_km is not None and race.finisher_km <= 0:
        errors["finisher_km"] = "Cự ly hoàn thành phải lớn hơn 0."
    if race.daily_cap_km is not None and race.daily_cap_km <= 0:
        errors["daily_cap_km"] = "Giới hạn km mỗi ngày phải lớn hơn 0."
    if refusal := eligible_units_refusal(eligible, race.unit):
        errors["eligible_units"] = refusal
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def race_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    starts_on: date,
    ends_on: date,
    submission_deadline: datetime | None = None,
    eligible_units: Iterable[OrgUnit] = (),
    **rules: Any,
) -> Race:
    """A draft race of `unit` (needs content editing rights over the unit)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    require_known_fields("race_create", rules, EDITABLE_FIELDS)
    from lantoa.race.services.common import local_end

    race = Race(
        unit=unit,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        submission_deadline=submission_deadline or local_end(ends_on),
        created_by=actor_user(actor),
        **_coerce(rules),
    )
    eligible = list(eligible_units)
    _validate(race, eligible)
    race.slug = unique_slug(Race, race.title, fallback="giai-chay")
    race.save()
    race.eligible_units.set(eligible)
    audit_record(actor=actor, action=AuditAction.RACE_CREATE, target=race, unit_path=unit.path)
    return race


APPROVAL = UnitApproval(
    model=Race,
    states=RaceState,
    error=RaceStateInvalid,
    noun="giải",
    actions=ApprovalActions.named(AuditAction, "RACE"),
    rights=(scoping.require_perm, Perm.CONTENT_EDIT, Perm.CONTENT_APPROVE),
)


@transaction.atomic
def race_update(
    *, actor: Actor, race: Race, eligible_units: Iterable[OrgUnit] | None = None, **fields: Any
) -> Race:
    """Change a draft (a submitted or approved race is frozen: rules do not
    change under the runners' feet)."""
    current = APPROVAL.lock(race)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state != RaceState.DRAFT:
        raise RaceStateInvalid("Chỉ sửa được giải đang ở bản nháp.")
    require_known_fields("race_update", fields, EDITABLE_FIELDS)
    return update_audited_with_units(
        current,
        _coerce(fields),
        eligible_units,
        actor=actor,
        action=AuditAction.RACE_UPDATE,
        validate=_validate,
    )


@transaction.atomic
def race_submit(*, actor: Actor, race: Race) -> Race:
    """Draft → waiting for the organising unit's approval."""
    return APPROVAL.submit(race, actor=actor)


@transaction.atomic
def race_approve(*, actor: Actor, race: Race) -> Race:
    """Waiting → approved: members of the eligible units see it and may
    register; its page is published on the organising unit's site when the
    unit has one. Needs the approval right over the organising unit."""

    def publish(current: Race) -> dict[str, Any]:
        UnitResult.objects.get_or_create(
            race=current,
            unit=current.unit,
            defaults={"unit_path": current.unit.path, "depth": current.unit.depth},
        )
        from lantoa.race.services.pages import race_page_publish

        page = race_page_publish(actor=actor, race=current)
        return {"page": page.pk if page is not None else None}

    return APPROVAL.approve(race, actor=actor, after=publish)


@transaction.atomic
def race_return(*, actor: Actor, race: Race, note: str) -> Race:
    """Waiting → draft, with the approver's note for the officer."""
    return APPROVAL.return_(race, actor=actor, note=note)


@transaction.atomic
def race_cancel(*, actor: Actor, race: Race, note: str = "") -> Race:
    """Any state → cancelled (registrations and results are kept; nobody can
    register or upload any more; its public page is unpublished)."""

    def unpublish(current: Race, _previous_state: str) -> None:
        from lantoa.race.services.pages import race_page_unpublish

        race_page_unpublish(actor=actor, race=current)

    return APPROVAL.cancel(race, actor=actor, note=note, after=unpublish)


def finisher_m(race: Race) -> int:
    return int(Decimal(race.finisher_km) * 1000)
