"""Writes of the press contact book: outlets and journalists, with consent and
unsubscribe."""

from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm
from lantoa.press.choices import PressAction
from lantoa.press.models import Journalist, Outlet
from lantoa.press.services.common import clean_beats, clean_email, clean_phone, snapshot

OUTLET_FIELDS = ("name", "kind", "website", "feed_url", "reach", "active", "unit_id")
JOURNALIST_FIELDS = (
    "full_name", "position", "email", "phone", "beats", "consent", "consent_note",
    "outlet_id", "notes", "unit_id",
)  # fmt: skip
UNSUBSCRIBE_SALT = "lantoa.press.unsubscribe"


@transaction.atomic
def outlet_save(*, actor: Actor, outlet: Outlet) -> Outlet:
    """Create or update an outlet of a unit. Needs `Perm.CONTENT_EDIT` at the
    unit, before and after the change. Audited."""
    creating = outlet.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = Outlet.objects.select_related("unit").get(pk=outlet.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        before = snapshot(stored, OUTLET_FIELDS)
    require_perm(actor, Perm.CONTENT_EDIT, outlet.unit)
    outlet.name = " ".join(outlet.name.split())
    if not outlet.name:
        raise InvalidInput("Hãy nhập tên cơ quan báo chí.")
    # Compared in Python: SQLite's case-insensitive match ignores Vietnamese letters.
    names = (
        Outlet.objects.filter(unit=outlet.unit).exclude(pk=outlet.pk).values_list("name", flat=True)
    )
    if outlet.name.casefold() in {name.casefold() for name in names}:
        raise InvalidInput(f"Đơn vị đã có cơ quan báo chí “{outlet.name}”.")
    if outlet.feed_url != before.get("feed_url", outlet.feed_url):
        outlet.feed_checked_at = None
        outlet.feed_error = ""
    outlet.save()
    after = snapshot(outlet, OUTLET_FIELDS)
    audit_record(
        actor=actor,
        action=PressAction.OUTLET_CREATE if creating else PressAction.OUTLET_UPDATE,
        target=outlet,
        unit_path=outlet.unit.path,
        data={"name": outlet.name} if creating else {"changed": changed_fields(before, after)},
    )
    return outlet


@transaction.atomic
def journalist_save(*, actor: Actor, journalist: Journalist) -> Journalist:
    """Create or update a journalist of a unit's contact book. Needs
    `Perm.CONTENT_EDIT` at the unit. The e-mail is stored lower-case and is
    unique per unit; recording consent stamps its time. Audited."""
    creating = journalist.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = Journalist.objects.select_related("unit").get(pk=journalist.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        before = snapshot(stored, JOURNALIST_FIELDS)
    require_perm(actor, Perm.CONTENT_EDIT, journalist.unit)
    journalist.full_name = " ".join(journalist.full_name.split())
    if not journalist.full_name:
        raise InvalidInput("Hãy nhập họ và tên phóng viên.")
    journalist.email = clean_email(journalist.email)
    journalist.phone = clean_phone(journalist.phone)
    journalist.beats = clean_beats(journalist.beats)
    if journalist.outlet_id and journalist.outlet.unit_id != journalist.unit_id:  # type: ignore[union-attr]
        raise InvalidInput("Cơ quan báo chí phải thuộc danh bạ của cùng đơn vị.")
    if journalist.email:
        duplicate = Journalist.objects.filter(unit=journalist.unit, email=journalist.email)
        if journalist.pk:
            duplicate = duplicate.exclude(pk=journalist.pk)
        if duplicate.exists():
            raise InvalidInput(f"Đơn vị đã có phóng viên với e-mail {journalist.email}.")
    if journalist.consent and not before.get("consent", False):
        journalist.consent_at = timezone.now()
        journalist.unsubscribed_at = None
    if not journalist.consent:
        journalist.consent_at = None
    journalist.save()
    after = snapshot(journalist, JOURNALIST_FIELDS)
    audit_record(
        actor=actor,
        action=PressAction.JOURNALIST_CREATE if creating else PressAction.JOURNALIST_UPDATE,
        target=journalist,
        unit_path=journalist.unit.path,
        data={"name": journalist.full_name}
        if creating
        else {"changed": changed_fields(before, after)},
    )
    return journalist


def journalist_unsubscribe_token(journalist: Journalist) -> str:
    """A signed, non-expiring token for the unsubscribe link of every release."""
    return signing.dumps(str(journalist.public_id), salt=UNSUBSCRIBE_SALT, compress=True)


def journalist_from_token(token: str) -> Journalist:
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise NotFound("Liên kết không hợp lệ.") from exc
    journalist = Journalist.objects.select_related("unit").filter(public_id=public_id).first()
    if journalist is None:
        raise NotFound("Liên kết không hợp lệ.")
    return journalist


@transaction.atomic
def journalist_unsubscribe(*, actor: Actor, token: str) -> Journalist:
    """The journalist asks to receive no more releases (the signed link of a
    release). Withdraws consent. Idempotent: a second click changes nothing
    and writes no second audit entry."""
    journalist = journalist_from_token(token)
    journalist = Journalist.objects.select_for_update().select_related("unit").get(pk=journalist.pk)
    if journalist.unsubscribed_at is not None:
        return journalist
    journalist.unsubscribed_at = timezone.now()
    journalist.consent = False
    journalist.consent_at = None
    journalist.save(update_fields=["unsubscribed_at", "consent", "consent_at", "updated_at"])
    audit_record(
        actor=actor,
        action=PressAction.JOURNALIST_UNSUBSCRIBE,
        target=journalist,
        unit_path=journalist.unit.path,
    )
    return journalist
