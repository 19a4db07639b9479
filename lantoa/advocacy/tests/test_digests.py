"""The digest: at most as often as the ambassador chose, only with news."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lantoa.advocacy import digests, services
from lantoa.advocacy.actors import DIGEST
from lantoa.advocacy.models import Ambassador
from lantoa.advocacy.tests.factories import ambassador, kit_published

pytestmark = pytest.mark.django_db


def age(a: Ambassador, days: int) -> None:
    Ambassador.objects.filter(pk=a.pk).update(joined_at=timezone.now() - dt.timedelta(days=days))


def test_weekly_digest_once_a_week_with_new_kits(tree, django_capture_on_commit_callbacks):
    lan = ambassador(tree.unit)
    age(lan, 8)
    kit_published(tree.parent)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(actor=DIGEST) == 1
    [message] = mail.outbox
    assert message.to == [lan.member.email]
    assert "Bảo dưỡng tổng thể hoàn thành sớm 5 ngày" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(actor=DIGEST) == 0
    assert digests.digests_send(actor=DIGEST, now=timezone.now() + dt.timedelta(days=6)) == 0


def test_monthly_and_never(tree):
    monthly = ambassador(tree.unit, name="A", digest="monthly")
    never = ambassador(tree.unit, name="B", digest="never")
    age(monthly, 8)
    age(never, 60)
    kit_published(tree.parent)
    assert digests.digests_send(actor=DIGEST) == 0
    assert digests.digests_send(actor=DIGEST, now=timezone.now() + dt.timedelta(days=23)) == 1


def test_nothing_new_means_no_message(tree):
    lan = ambassador(tree.unit)
    age(lan, 8)
    assert digests.digests_send(actor=DIGEST) == 0
    lan.refresh_from_db()
    assert lan.digest_sent_at is not None  # the week is counted from now on
    services.ambassador_leave(actor=lan.member.user, ambassador=lan)
