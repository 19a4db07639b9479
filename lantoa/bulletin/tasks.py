"""Thin task wrappers: load by id, call one service (STYLE.md §7).

All on the default queue, which `make run`'s worker processes.
"""

from django_tasks import task

from lantoa.bulletin.models import Issue
from lantoa.bulletin.services import mailings, pdf, sending


@task()
def issue_prepare_task(*, issue_id: int) -> None:
    sending.issue_prepare_recipients(issue_id=issue_id)


@task()
def issue_send_lane_task(*, issue_id: int) -> None:
    sending.issue_send_lane(issue_id=issue_id)


@task()
def issue_test_send_task(*, issue_id: int, email: str, name: str) -> None:
    sending.issue_test_send_deliver(issue_id=issue_id, email=email, name=name)


@task()
def issue_pdf_render_task(*, issue_id: int) -> None:
    issue = (
        Issue.objects.select_related("bulletin__unit", "cover_image").filter(pk=issue_id).first()
    )
    if issue is not None:  # deleted since: nothing to render
        pdf.issue_pdf_store(issue)


@task()
def mailing_send_lane_task(*, mailing_id: int) -> None:
    mailings.mailing_send_lane(mailing_id=mailing_id)


@task()
def send_sweep_task() -> None:
    sending.issues_send_recover()
    mailings.mailings_send_recover()
