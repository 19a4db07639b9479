"""Thin task wrappers of the shared kernel (STYLE.md §7)."""

from django_tasks import task

from lantoa.core.mail import Mail, mail_send


@task()
def mail_send_task(*, messages: list[Mail]) -> int:
    return mail_send(messages)
