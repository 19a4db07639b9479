"""Worker side of staff accounts: the password-reset mail (docs/security.md).

The request only counts and enqueues (`org.services.password_reset_request`),
whatever the address; looking the address up, making the token and talking
SMTP happen here, in the worker, so the answer a visitor gets takes the same
work for a known and an unknown address. Never enqueues.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.mail import mail, mail_send
from lantoa.org.choices import OrgAction
from lantoa.org.scoping import role_units

SUBJECT_TEMPLATE = "wagtailadmin/account/password_reset/email_subject.txt"
BODY_TEMPLATE = "wagtailadmin/account/password_reset/email.txt"


def _reset_mail_context(user: AbstractBaseUser) -> dict[str, object]:
    """What Django's reset mail templates read; the link itself is built
    from the configured public URL (`WAGTAILADMIN_BASE_URL`), never from
    the Host header of the request that asked."""
    user_model = get_user_model()
    base_url = str(settings.WAGTAILADMIN_BASE_URL)
    protocol, _, domain = base_url.partition("://")
    return {
        "email": getattr(user, user_model.get_email_field_name()),
        "domain": domain.rstrip("/"),
        "site_name": domain.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),  # type: ignore[arg-type]
        "protocol": protocol,
    }


def password_reset_mail_send(*, actor: Actor, email: str) -> int:
    """Mail a reset link to each active account with a usable password at
    `email` (Django's own rule, `PasswordResetForm.get_users`), audit each;
    nothing for an unknown address. Returns how many mails went out."""
    users = list(PasswordResetForm().get_users(email))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            context = _reset_mail_context(user)
            subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
            body = render_to_string(BODY_TEMPLATE, context)
            sent += mail_send([mail(subject, body, [str(context["email"])])])
            units = role_units(user)
            audit_record(
                actor=actor,
                action=OrgAction.PASSWORD_RESET_SEND,
                target=user,
                unit_path=units[0].path if units else "",
                data={"user": user.get_username()},
            )
    return sent
