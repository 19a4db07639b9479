"""Thin task wrappers of the organisation (STYLE.md §7)."""

from django_tasks import task

from lantoa.org.accounts import password_reset_mail_send
from lantoa.org.actors import PASSWORD_RESET


@task()
def password_reset_mail_task(*, email: str) -> int:
    """Look `email` up and mail a reset link if it is an account's; run for
    every accepted request, known address or not."""
    return password_reset_mail_send(actor=PASSWORD_RESET, email=email)
