"""Writes of the member area: sending and checking one-time sign-in codes
(docs/subsystems/member-area.md). Every service takes a keyword-only `actor=`."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lantoa.core.actors import Actor as AnyUser
from lantoa.core.audit import audit_record
from lantoa.core.mail import mail, mail_after_commit
from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.core.ratelimit import rate_limited
from lantoa.memberarea.choices import AuditAction, CodeChannel
from lantoa.memberarea.exceptions import (
    CodeExpired,
    CodeInvalid,
    CodeLocked,
    IdentifierInvalid,
    StaffAccount,
    TooManyRequests,
)
from lantoa.memberarea.models import LoginCode
from lantoa.memberarea.sms import sms_enabled
from lantoa.org.choices import MemberStatus
from lantoa.org.public import Member
from lantoa.org.services import member_user_link

CODE_DIGITS = 6


@dataclass(frozen=True)
class Destination:
    channel: str
    address: str  # lower-case e-mail or E.164 phone

    @property
    def masked(self) -> str:
        """What the page may show back: "n***@example.vn", "+8491***4567"."""
        if self.channel == CodeChannel.EMAIL:
            name, _, domain = self.address.partition("@")
            return f"{name[:1]}***@{domain}"
        return f"{self.address[:5]}***{self.address[-4:]}"


def destination_parse(identifier: str) -> Destination:
    """An e-mail address or a Vietnamese phone number, normalised."""
    text = (identifier or "").strip()
    if "@" in text:
        address = text.lower()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise IdentifierInvalid("Địa chỉ e-mail không hợp lệ.") from exc
        return Destination(CodeChannel.EMAIL, address)
    if not text:
        raise IdentifierInvalid()
    try:
        phone = normalize_phone(text)
    except InvalidPhone as exc:
        raise IdentifierInvalid(str(exc)) from exc
    if not sms_enabled():
        raise IdentifierInvalid(
            "Hiện chưa gửi được mã qua tin nhắn. Hãy dùng địa chỉ e-mail của bạn."
        )
    return Destination(CodeChannel.SMS, phone)


def _code_hash(destination: str, code: str) -> str:
    return salted_hmac("lantoa.memberarea.login_code", f"{destination}:{code}").hexdigest()


def _member_for(destination: Destination) -> Member | None:
    """The one active member with this address; None when none or several
    (a number shared by two records signs nobody in)."""
    field = "email" if destination.channel == CodeChannel.EMAIL else "phone"
    matches = list(
        Member.objects.filter(**{field: destination.address}, status=MemberStatus.ACTIVE)
        .select_related("unit")
        .order_by("id")[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def login_code_send(*, actor: AnyUser, identifier: str, client_key: str) -> Destination:
    """Send a fresh code to the member behind `identifier`.

    The answer is the same whether or not a member has that address, so the
    form cannot be used to learn who is a member. Rate-limited per address and
    per client. The message leaves after commit (e-mail through the project's
    mail task, SMS through the SMS task)."""
    destination = destination_parse(identifier)
    if rate_limited(
        "memberarea-code-client", client_key, settings.LANTOA_MEMBER_CODE_CLIENT_RATE
    ) or rate_limited(
        "memberarea-code-dest", destination.address, settings.LANTOA_MEMBER_CODE_RATE
    ):
        raise TooManyRequests()
    member = _member_for(destination)
    if member is None:
        return destination
    user = member.user
    if user is not None and _is_staff(user):
        raise StaffAccount()
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    minutes = settings.LANTOA_MEMBER_CODE_MINUTES
    now = timezone.now()
    # A new code replaces the earlier ones of this address.
    LoginCode.objects.filter(destination=destination.address, used_at__isnull=True).update(
        used_at=now
    )
    login_code = LoginCode.objects.create(
        member=member,
        channel=destination.channel,
        destination=destination.address,
        code_hash=_code_hash(destination.address, code),
        expires_at=now + timedelta(minutes=minutes),
    )
    text = f"Ma dang nhap Lantoa cua ban la {code}. Ma het han sau {minutes} phut. Khong chia se ma nay."
    if destination.channel == CodeChannel.EMAIL:
        mail_after_commit(
            [
                mail(
                    f"Mã đăng nhập Lantoa: {code}",
                    f"Xin chào {member.full_name},\n\nMã đăng nhập khu vực đoàn viên của bạn là "
                    f"{code}. Mã có hiệu lực trong {minutes} phút và chỉ dùng được một lần.\n\n"
                    "Nếu bạn không yêu cầu mã này, hãy bỏ qua thư này.",
                    [destination.address],
                )
            ]
        )
    else:
        from lantoa.memberarea.tasks import login_code_sms_send_task

        transaction.on_commit(
            partial(login_code_sms_send_task.enqueue, phone=destination.address, text=text)
        )
    audit_record(
        actor=actor,
        action=AuditAction.LOGIN_CODE_SEND,
        target=login_code,
        unit_path=member.unit.path,
        data={"channel": destination.channel},
    )
    return destination


def _is_staff(user: AbstractBaseUser) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "is_staff", False)
        or user.has_perm("wagtailadmin.access_admin")  # type: ignore[attr-defined]
    )


def login_code_verify(*, actor: AnyUser, identifier: str, code: str) -> Member:
    """The member whose latest code for `identifier` is `code`.

    Each code works once, until it expires, and locks after
    `LANTOA_MEMBER_CODE_ATTEMPTS` wrong tries (row-locked, so parallel guesses
    count too; a wrong try is committed before it is refused). On success the
    member has an account to sign in with."""
    outcome = _login_code_check(actor=actor, identifier=identifier, code=code)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


@transaction.atomic
def _login_code_check(*, actor: AnyUser, identifier: str, code: str) -> Member | Exception:
    destination = destination_parse(identifier)
    typed = "".join(ch for ch in (code or "") if ch.isdigit())
    login_code = (
        LoginCode.objects.select_for_update()
        .filter(destination=destination.address)
        .order_by("-created_at", "-id")
        .first()
    )
    now = timezone.now()
    if login_code is None or login_code.used_at is not None or login_code.expires_at <= now:
        return CodeExpired()
    if login_code.attempts >= settings.LANTOA_MEMBER_CODE_ATTEMPTS:
        return CodeLocked()
    member = Member.objects.select_related("unit", "user").get(pk=login_code.member_id)
    if not hmac.compare_digest(login_code.code_hash, _code_hash(destination.address, typed)):
        login_code.attempts += 1
        login_code.save(update_fields=["attempts"])
        if login_code.attempts < settings.LANTOA_MEMBER_CODE_ATTEMPTS:
            return CodeInvalid()
        audit_record(
            actor=actor,
            action=AuditAction.LOGIN_CODE_LOCK,
            target=login_code,
            unit_path=member.unit.path,
        )
        return CodeLocked()
    if member.status != MemberStatus.ACTIVE:
        return CodeExpired()
    login_code.used_at = now
    login_code.save(update_fields=["used_at"])
    user = member_account_ensure(actor=actor, member=member)
    audit_record(
        actor=user,
        action=AuditAction.MEMBER_SIGN_IN,
        target=member,
        unit_path=member.unit.path,
        data={"channel": login_code.channel},
    )
    return member


@transaction.atomic
def member_account_ensure(*, actor: AnyUser, member: Member) -> AbstractBaseUser:
    """The member's account, created (without a password) on first sign-in.
    Refuses an account that may enter the back office (`StaffAccount`):
    officers sign in with their password."""
    if member.user is None:
        user_model = get_user_model()
        user = user_model(username=f"doanvien-{member.public_id.hex[:16]}", email=member.email)
        user.set_unusable_password()
        user.save()
        member_user_link(actor=actor, member=member, user=user)
        if member.user_id != user.pk:  # another request linked an account first
            user.delete()
        else:
            audit_record(
                actor=actor,
                action=AuditAction.MEMBER_ACCOUNT_CREATE,
                target=member,
                unit_path=member.unit.path,
            )
    account = member.user
    if account is None or _is_staff(account):
        raise StaffAccount()
    return account
