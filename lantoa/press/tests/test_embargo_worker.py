"""The embargo with a real worker on a frozen clock: a release scheduled ten
minutes from now with an embargo two hours away is looked at by the worker
at ten minutes, and nothing leaves; a release without embargo scheduled at
the same time does leave. At two hours the embargoed one leaves, once.

The clock is a file both this test and the `db_worker` it starts read
(`clock.py`, `worker_settings.py`): the test moves time, nobody sleeps."""

import datetime as dt

import pytest
from django.db import close_old_connections
from django_tasks_db.models import DBTaskResult

from devstack.smtp_sink import SinkHandler, SmtpSink
from lantoa.core.testing_processes import kill, start_worker, wait_for, worker_env
from lantoa.press.choices import ReleaseState
from lantoa.press.models import PressRelease
from lantoa.press.services import release_schedule
from lantoa.press.tests.clock import FileClock
from lantoa.press.tests.factories import JournalistFactory, PressReleaseFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
T0 = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)


def state(release) -> str:
    close_old_connections()
    return PressRelease.objects.get(pk=release.pk).state


def finished_dispatches(release) -> int:
    close_old_connections()
    return sum(
        1
        for r in DBTaskResult.objects.filter(
            task_path="lantoa.press.tasks.release_dispatch_task", status="SUCCESSFUL"
        )
        if r.args_kwargs["kwargs"] == {"release_id": release.pk}
    )


def test_a_real_worker_sends_nothing_before_the_embargo(
    settings, tmp_path, tree, people, monkeypatch
):
    from django.utils import timezone

    settings.TASKS = DB_TASKS
    clock = FileClock(tmp_path / "clock", T0)
    monkeypatch.setattr(timezone, "now", clock)

    hoa = JournalistFactory(unit=tree.unit, email="hoa@laodong.vn")
    nam = JournalistFactory(unit=tree.unit, email="nam@nangluong.vn")
    embargoed = PressReleaseFactory(
        unit=tree.unit, approved=True, to=[hoa], title="Kết quả thương lượng tập thể 2026",
        embargo_until=T0 + dt.timedelta(hours=2),
    )  # fmt: skip
    plain = PressReleaseFactory(unit=tree.unit, approved=True, to=[nam], title="Lịch hội thao")
    ten = T0 + dt.timedelta(minutes=10)
    release_schedule(actor=people.unit_officer, release=embargoed, send_at=ten)
    release_schedule(actor=people.unit_officer, release=plain, send_at=ten)

    handler = SinkHandler(tmp_path / "mail")
    with SmtpSink(handler=handler) as sink:
        env = worker_env(
            {
                "DJANGO_SETTINGS_MODULE": "lantoa.press.tests.worker_settings",
                "EMAIL_URL": sink.url,
                "LANTOA_TEST_CLOCK_FILE": str(clock.path),
                "LANTOA_BULLETIN_MAX_PER_SECOND": "0",
            }
        )
        log = tmp_path / "worker.log"
        worker = start_worker(env, log)
        try:
            clock.advance(minutes=11)
            try:
                wait_for(lambda: handler.received_by_recipient["nam@nangluong.vn"] == 1, 120,
                         "the release without embargo")  # fmt: skip
                wait_for(lambda: finished_dispatches(embargoed) == 1, 60,
                         "the worker to look at the embargoed release")  # fmt: skip
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{log.read_text()[-3000:]}") from None
            # Looked at, ten minutes after its send time: still waiting.
            assert state(embargoed) == ReleaseState.SCHEDULED
            assert handler.received_by_recipient["hoa@laodong.vn"] == 0

            clock.set(T0 + dt.timedelta(hours=2))
            wait_for(lambda: handler.received_by_recipient["hoa@laodong.vn"] == 1, 120,
                     "the embargoed release at its time")  # fmt: skip
            assert state(embargoed) == ReleaseState.SENT
        finally:
            kill(worker)

    close_old_connections()
    sent = PressRelease.objects.get(pk=embargoed.pk)
    assert sent.sent_at == T0 + dt.timedelta(hours=2)
    assert handler.stats()["stored_by_recipient"] == {"nam@nangluong.vn": 1, "hoa@laodong.vn": 1}
