"""Sending a release through the bulletin's mailing machinery: at its time,
never before its embargo, once, to the journalists who may receive it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from lantoa.bulletin.services.mailings import mailing_progress
from lantoa.press.actors import RELEASE_DISPATCH
from lantoa.press.choices import ReleaseKind, ReleaseState
from lantoa.press.services import (
    journalist_from_token,
    journalist_unsubscribe_token,
    release_schedule,
)
from lantoa.press.services.dispatch import mailing_source, release_dispatch, releases_dispatch_due
from lantoa.press.tests.factories import JournalistFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hà Nội


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    frozen = Clock(T0)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def test_nothing_leaves_before_the_embargo_even_when_scheduled_earlier(
    tree, people, clock, django_capture_on_commit_callbacks
):
    hoa = JournalistFactory(unit=tree.unit, full_name="Trần Thị Hoa", email="hoa@laodong.vn")
    JournalistFactory(unit=tree.unit, email="khongdongy@tuoitre.vn", consent=False)
    release = PressReleaseFactory(
        unit=tree.unit, approved=True, to=[hoa], embargo_until=T0 + dt.timedelta(hours=2)
    )
    release = release_schedule(
        actor=people.unit_officer, release=release, send_at=T0 + dt.timedelta(minutes=10)
    )
    assert release.due_at == T0 + dt.timedelta(hours=2)

    clock.now = T0 + dt.timedelta(minutes=11)
    assert releases_dispatch_due(actor=RELEASE_DISPATCH) == 0
    release_dispatch(actor=RELEASE_DISPATCH, release_id=release.pk)  # a task that ran early
    release.refresh_from_db()
    assert release.state == ReleaseState.SCHEDULED
    assert mail.outbox == []
    assert mailing_progress(source=mailing_source(release)) is None

    clock.now = T0 + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert releases_dispatch_due(actor=RELEASE_DISPATCH) == 1
    release.refresh_from_db()
    assert (release.state, release.sent_at) == (ReleaseState.SENT, T0 + dt.timedelta(hours=2))
    [message] = mail.outbox
    assert message.to == ['"Trần Thị Hoa" <hoa@laodong.vn>']
    assert message.subject == release.title
    [link] = re.findall(r"http://\S+/bao-chi/huy-nhan/(\S+)/", message.body)
    assert journalist_from_token(link) == hoa
    assert message.extra_headers["List-Unsubscribe"].endswith(f"/bao-chi/huy-nhan/{link}/>")
    progress = mailing_progress(source=mailing_source(release))
    assert (progress.state, progress.total, progress.sent) == ("sent", 1, 1)

    # Again: nothing more leaves.
    with django_capture_on_commit_callbacks(execute=True):
        release_dispatch(actor=RELEASE_DISPATCH, release_id=release.pk)
    assert len(mail.outbox) == 1


def test_an_invitation_says_when_and_where(tree, people, clock, django_capture_on_commit_callbacks):
    hoa = JournalistFactory(unit=tree.unit, email="hoa@laodong.vn")
    release = PressReleaseFactory(
        unit=tree.unit, approved=True, to=[hoa], kind=ReleaseKind.INVITATION,
        title="Lễ phát động Tháng Công nhân", event_at=T0 + dt.timedelta(days=3),
        event_place="Hội trường PV GAS, Vũng Tàu",
    )  # fmt: skip
    release_schedule(actor=people.unit_officer, release=release)
    with django_capture_on_commit_callbacks(execute=True):
        assert releases_dispatch_due(actor=RELEASE_DISPATCH) == 1
    [message] = mail.outbox
    assert message.subject == "Giấy mời: Lễ phát động Tháng Công nhân"
    assert "Thời gian: Chủ Nhật, 13/12/2026 08:00 (GMT+7)" in message.body
    assert "Địa điểm: Hội trường PV GAS, Vũng Tàu" in message.body


def test_a_journalist_unsubscribes_from_the_link(client, tree):
    hoa = JournalistFactory(unit=tree.unit, email="hoa@laodong.vn")
    url = reverse("press:unsubscribe", args=[journalist_unsubscribe_token(hoa)])
    assert "Xác nhận không nhận nữa" in client.get(url).content.decode()
    response = client.post(url)
    assert "sẽ không gửi thông cáo báo chí tới hoa@laodong.vn nữa" in response.content.decode()
    hoa.refresh_from_db()
    assert (hoa.consent, hoa.contactable) == (False, False)
    assert client.get(reverse("press:unsubscribe", args=["hong"])).status_code == 404
