"""Notification e-mail sent by the task worker, after the transaction commits.

A service never talks SMTP itself: a slow or absent mail server must not fail
a request, a sweep or a demo load after their data is committed. Messages are
queued as plain data; the worker sends them and a failure stays visible in
the task results. Bulk mail (the bulletin) has its own sender.
"""

from collections.abc import Callable, Iterable, Sequence
from email.header import Header
from email.message import Message
from functools import partial
from typing import Any, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import translation


class FoldedSubjectEmail(EmailMultiAlternatives):
    """A message whose non-ASCII Subject is folded as RFC 2047 means: the first
    encoded word on the Subject line itself. Django's own folding starts the
    value on a continuation line, which mail clients decode with a leading space."""

    def message(self, **kwargs: Any) -> Any:
        msg = super().message(**kwargs)
        subject = str(self.subject)
        if not subject.isascii():
            del msg["Subject"]
            # Past Django's header guard (it would re-fold the value as a string).
            Message.__setitem__(msg, "Subject", Header(subject, "utf-8", header_name="Subject"))
        return msg


class Mail(TypedDict):
    subject: str
    body: str
    to: list[str]
    html: str


def mail(subject: str, body: str, to: Sequence[str], *, html: str = "") -> Mail:
    return {"subject": subject, "body": body, "to": list(to), "html": html}


def mail_after_commit(messages: Sequence[Mail]) -> None:
    """Queue `messages` for the worker once the current transaction commits."""
    from lantoa.core.tasks import mail_send_task  # the task module imports this one

    batch = [m for m in messages if m["to"]]
    if batch:
        transaction.on_commit(partial(mail_send_task.enqueue, messages=batch))


def mail_send(messages: Sequence[Mail]) -> int:
    """Send `messages` over one connection; returns how many went out."""
    built = []
    for message in messages:
        email = FoldedSubjectEmail(
            subject=message["subject"],
            body=message["body"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=message["to"],
        )
        if message["html"]:
            email.attach_alternative(message["html"], "text/html")
        built.append(email)
    return get_connection().send_messages(built) or 0


def recipient_language(user: Any) -> str:
    """The language to write to `user` in: their own choice in the admin
    profile, else the site's (Vietnamese). Never the language of whoever
    caused the message (Wagtail's notices fall back to that one)."""
    from wagtail.users.models import UserProfile

    chosen = UserProfile.get_for_user(user).preferred_language if user.pk else ""
    return chosen or settings.LANGUAGE_CODE


def mail_to_users(
    users: Iterable[Any], compose: Callable[[Any], tuple[str, str]], *, exclude: Any = None
) -> list[Mail]:
    """One message per user with an e-mail address (not `exclude`), each
    composed by `compose(user) -> (subject, body)` in that user's language."""
    messages = []
    for user in users:
        if not user.email or (exclude is not None and user.pk == getattr(exclude, "pk", None)):
            continue
        with translation.override(recipient_language(user)):
            subject, body = compose(user)
        messages.append(mail(subject, body, [user.email]))
    return messages
