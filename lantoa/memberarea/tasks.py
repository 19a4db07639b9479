"""Thin task wrappers of the member area (STYLE.md §7)."""

from django_tasks import task

from lantoa.memberarea.sms import SmsError, sms_backend


@task()
def login_code_sms_send_task(*, phone: str, text: str) -> str:
    """Send one sign-in code by SMS. A code lives for minutes, so a failure is
    not retried later: the member asks for a new code."""
    try:
        return sms_backend().send(phone=phone, text=text)
    except SmsError as exc:
        return f"failed: {exc}"
