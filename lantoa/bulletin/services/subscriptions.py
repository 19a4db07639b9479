"""Who receives a bulletin: members by default, external readers by double
opt-in, nobody on the suppression list (docs/subsystems/bulletin-sending.md).

Members are never copied into a subscriber table: the recipients of a unit's
bulletin are computed from the org tree when an issue is sent
(`selectors.member_recipients`); only exceptions are stored (opt-outs,
suppressions).
"""

import csv
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lantoa.bulletin import tokens
from lantoa.bulletin.choices import BulletinAction, SubscriberState, SuppressionReason
from lantoa.bulletin.links import absolute
from lantoa.bulletin.models import Bulletin, ExternalSubscriber, MemberOptOut, Suppression
from lantoa.bulletin.selectors import bulletins_of_member
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, NotFound, PermissionDenied
from lantoa.core.mail import Mail, mail, mail_after_commit
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("Địa chỉ e-mail không hợp lệ.") from exc
    return email


# -- external readers: double opt-in ---------------------------------------------


def subscriber_request(
    *, actor: Actor, bulletin: Bulletin, email: str, name: str = ""
) -> ExternalSubscriber:
    """Record a pending subscription and mail the confirmation link (after
    commit). Asking again re-sends the link; a confirmed reader is left as is
    and no mail reveals whether an address was already subscribed."""
    email = normalise_email(email)
    if not bulletin.is_active:
        raise NotFound("Bản tin này không còn phát hành.")
    with transaction.atomic():
        subscriber, created = ExternalSubscriber.objects.select_for_update().get_or_create(
            bulletin=bulletin, email=email, defaults={"name": name.strip()[:128]}
        )
        if subscriber.state == SubscriberState.CONFIRMED:
            return subscriber
        if not created:
            subscriber.state = SubscriberState.PENDING
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["state", "unsubscribed_at"])
        audit_record(
            actor=actor,
            action=BulletinAction.SUBSCRIBER_REQUEST,
            target=subscriber,
            unit_path=bulletin.unit.path,
        )
        mail_after_commit([_confirmation(subscriber, bulletin)])
    return subscriber


def _confirmation(subscriber: ExternalSubscriber, bulletin: Bulletin) -> Mail:
    link = absolute("bulletin:confirm", tokens.confirm_token(subscriber.pk))
    context = {"subscriber": subscriber, "bulletin": bulletin, "confirm_url": link}
    return mail(
        f"Xác nhận đăng ký nhận {bulletin.name}",
        render_to_string("bulletin/email/confirm.txt", context),
        [subscriber.email],
        html=render_to_string("bulletin/email/confirm.html", context),
    )


def subscriber_pending(*, token: str) -> ExternalSubscriber:
    """The subscriber a confirmation link names (read only: the page that asks
    to press «Xác nhận»). InvalidToken when the link is bad or the reader
    unsubscribed since."""
    subscriber_id = tokens.read_confirm_token(token)
    subscriber = (
        ExternalSubscriber.objects.select_related("bulletin__unit").filter(pk=subscriber_id).first()
    )
    if subscriber is None or subscriber.state == SubscriberState.UNSUBSCRIBED:
        raise tokens.InvalidToken
    return subscriber


def subscriber_confirm(*, actor: Actor, token: str) -> ExternalSubscriber:
    """Pending → confirmed (idempotent). An unsubscribed reader must ask again."""
    subscriber_id = tokens.read_confirm_token(token)
    with transaction.atomic():
        subscriber = (
            ExternalSubscriber.objects.select_for_update()
            .select_related("bulletin__unit")
            .filter(pk=subscriber_id)
            .first()
        )
        if subscriber is None or subscriber.state == SubscriberState.UNSUBSCRIBED:
            raise tokens.InvalidToken
        if subscriber.state == SubscriberState.PENDING:
            subscriber.state = SubscriberState.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["state", "confirmed_at"])
            audit_record(
                actor=actor,
                action=BulletinAction.SUBSCRIBER_CONFIRM,
                target=subscriber,
                unit_path=subscriber.bulletin.unit.path,
            )
    return subscriber


# -- unsubscribe and preferences (signed links in every message) -----------------


@dataclass(frozen=True)
class Preferences:
    """What the preferences page shows: one row per bulletin the reader can get."""

    name: str
    email: str
    rows: list[tuple[Bulletin, bool]]  # (bulletin, subscribed)


def _member_or_subscriber(
    ref: tokens.RecipientRef,
) -> tuple[Member | None, ExternalSubscriber | None]:
    if ref.member_id is not None:
        member = Member.objects.select_related("unit").filter(pk=ref.member_id).first()
        if member is None:
            raise tokens.InvalidToken
        return member, None
    if ref.subscriber_id is not None:
        subscriber = (
            ExternalSubscriber.objects.select_related("bulletin__unit")
            .filter(pk=ref.subscriber_id)
            .first()
        )
        if subscriber is None:
            raise tokens.InvalidToken
        return None, subscriber
    raise InvalidInput("Đây là thư gửi thử: liên kết này không thay đổi đăng ký của ai.")


def recipient_unsubscribe(*, actor: Actor, token: str, via: str) -> Bulletin:
    """Stop this bulletin for the recipient named by the token (one-click POST
    or the visible link). Idempotent."""
    ref = tokens.read_recipient_token(token)
    member, subscriber = _member_or_subscriber(ref)
    bulletin = Bulletin.objects.select_related("unit").filter(pk=ref.bulletin_id).first()
    if bulletin is None:
        raise tokens.InvalidToken
    with transaction.atomic():
        if member is not None:
            _, created = MemberOptOut.objects.get_or_create(member=member, bulletin=bulletin)
            target: Member | ExternalSubscriber = member
        else:
            assert subscriber is not None  # noqa: S101 - _member_or_subscriber returns one
            created = subscriber.state != SubscriberState.UNSUBSCRIBED
            if created:
                subscriber.state = SubscriberState.UNSUBSCRIBED
                subscriber.unsubscribed_at = timezone.now()
                subscriber.save(update_fields=["state", "unsubscribed_at"])
            target = subscriber
        if created:
            audit_record(
                actor=actor,
                action=BulletinAction.SUBSCRIBER_UNSUBSCRIBE,
                target=target,
                unit_path=bulletin.unit.path,
                data={"bulletin": bulletin.pk, "via": via},
            )
    return bulletin


def preferences_read(*, token: str) -> Preferences:
    ref = tokens.read_recipient_token(token)
    member, subscriber = _member_or_subscriber(ref)
    if member is not None:
        out = set(MemberOptOut.objects.filter(member=member).values_list("bulletin_id", flat=True))
        rows = [(b, b.pk not in out) for b in bulletins_of_member(member)]
        return Preferences(member.full_name, member.email, rows)
    assert subscriber is not None  # noqa: S101
    others = ExternalSubscriber.objects.filter(email=subscriber.email).select_related("bulletin")
    rows = [(s.bulletin, s.state == SubscriberState.CONFIRMED) for s in others]
    return Preferences(subscriber.name, subscriber.email, rows)


def preferences_update(*, actor: Actor, token: str, wanted: Iterable[int]) -> Preferences:
    """Keep exactly the bulletins in `wanted` (ids among those the page shows)."""
    ref = tokens.read_recipient_token(token)
    member, subscriber = _member_or_subscriber(ref)
    wanted = set(wanted)
    now = timezone.now()
    with transaction.atomic():
        if member is not None:
            for bulletin in bulletins_of_member(member):
                if bulletin.pk in wanted:
                    MemberOptOut.objects.filter(member=member, bulletin=bulletin).delete()
                else:
                    MemberOptOut.objects.get_or_create(member=member, bulletin=bulletin)
            target: Member | ExternalSubscriber = member
            path = member.unit.path
        else:
            assert subscriber is not None  # noqa: S101
            for row in ExternalSubscriber.objects.filter(email=subscriber.email):
                if row.bulletin_id not in wanted and row.state == SubscriberState.CONFIRMED:
                    row.state, row.unsubscribed_at = SubscriberState.UNSUBSCRIBED, now
                    row.save(update_fields=["state", "unsubscribed_at"])
                elif (
                    row.bulletin_id in wanted
                    and row.state == SubscriberState.UNSUBSCRIBED
                    # Re-subscribing a reader who had confirmed before needs no new opt-in.
                    and row.confirmed_at is not None
                ):
                    row.state, row.unsubscribed_at = SubscriberState.CONFIRMED, None
                    row.save(update_fields=["state", "unsubscribed_at"])
            target, path = subscriber, subscriber.bulletin.unit.path
        audit_record(
            actor=actor,
            action=BulletinAction.SUBSCRIBER_PREFERENCES,
            target=target,
            unit_path=path,
            data={"wanted": sorted(wanted)},
        )
    return preferences_read(token=token)


# -- suppression list ----------------------------------------------------------------


def suppression_add(
    *,
    actor: Actor,
    email: str,
    reason: str,
    source: str = "",
    detail: str = "",
) -> tuple[Suppression, bool]:
    """Suppress an address (idempotent; the first reason is kept)."""
    if reason not in SuppressionReason.values:
        raise InvalidInput("Lý do chặn không hợp lệ.")
    email = normalise_email(email)
    with transaction.atomic():
        row, created = Suppression.objects.get_or_create(
            email=email, defaults={"reason": reason, "source": source[:64], "detail": detail[:500]}
        )
        if created:
            audit_record(
                actor=actor,
                action=BulletinAction.SUPPRESSION_ADD,
                target=row,
                data={"reason": reason, "source": source},
            )
    return row, created


def suppression_remove(*, actor: Actor, suppression: Suppression) -> None:
    if not scoping.user_has_any(actor, Perm.CONTENT_APPROVE):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=BulletinAction.SUPPRESSION_REMOVE,
            target=suppression,
            data={"email": suppression.email},
        )
        suppression.delete()


@dataclass(frozen=True)
class ImportResult:
    added: int
    existing: int
    invalid: list[str]


def suppressions_import(
    *, actor: Actor, text: str, reason: str = SuppressionReason.MANUAL
) -> ImportResult:
    """Import addresses: one per line, or a CSV whose first column is the address."""
    if not scoping.user_has_any(actor, Perm.CONTENT_EDIT):
        raise PermissionDenied
    added = existing = 0
    invalid: list[str] = []
    for row in csv.reader(io.StringIO(text)):
        if not row or not row[0].strip() or row[0].strip().lower() in {"email", "e-mail"}:
            continue
        try:
            _, created = suppression_add(
                actor=actor, email=row[0], reason=reason, source="import", detail="nhập thủ công"
            )
        except InvalidInput:
            invalid.append(row[0].strip())
            continue
        added, existing = (added + 1, existing) if created else (added, existing + 1)
    return ImportResult(added, existing, invalid)


# Anymail's normalised tracking events that mean "never send here again".
SUPPRESSING_EVENTS = {
    "bounced": SuppressionReason.HARD_BOUNCE,
    "complained": SuppressionReason.COMPLAINT,
}


def suppression_from_tracking(
    *, actor: Actor, event_type: str, recipient: str, esp_name: str, description: str = ""
) -> Suppression | None:
    """Feed the list from an ESP webhook (anymail's normalised event). Soft
    bounces ("deferred") and other events are ignored."""
    reason = SUPPRESSING_EVENTS.get(event_type)
    if reason is None or not recipient:
        return None
    try:
        row, _ = suppression_add(
            actor=actor,
            email=recipient,
            reason=reason,
            source=f"webhook:{esp_name}"[:64],
            detail=description,
        )
    except InvalidInput:
        logger.warning("tracking event for an invalid address ignored")
        return None
    return row
