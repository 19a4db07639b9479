"""Notification e-mail sent by the task worker, after the transaction commits.

A service never talks SMTP itself: a slow or absent mail server must not fail
a request, a sweep or a demo load after their data is committed. Messages are
queued as plain data; the worker sends them and a failure stays visible in
the task results. Bulk mail (the bulletin) has its own sender.
"""

from collections.abc import Sequence
from functools import partial
from typing import TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction


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
        email = EmailMultiAlternatives(
            subject=message["subject"],
            body=message["body"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=message["to"],
        )
        if message["html"]:
            email.attach_alternative(message["html"], "text/html")
        built.append(email)
    return get_connection().send_messages(built) or 0
