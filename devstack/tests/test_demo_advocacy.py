import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from devstack.demo.advocacy import RELEASE_TITLE, AdvocacyDemoLoader
from lantoa.advocacy import selectors
from lantoa.advocacy.models import Ambassador, Click, ShareKit
from lantoa.org.tests.factories import MemberFactory
from lantoa.press.choices import ReleaseState
from lantoa.press.models import Clipping, PressRelease
from lantoa.press.selectors import coverage_of

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_advocacy")
    assert not ShareKit.objects.exists()


def test_ambassadors_with_clicks_and_a_sent_release_with_clippings(
    settings, tree, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    MemberFactory(unit=tree.sibling, email="doanvien.khicamau@example.com")
    for n in range(12):
        MemberFactory(unit=[tree.unit, tree.child, tree.sibling, tree.uncle][n % 4])
    with django_capture_on_commit_callbacks(execute=True):
        counts = AdvocacyDemoLoader(ambassadors=8).load()

    assert counts["ShareKit"] == 3
    assert Ambassador.objects.count() == 9
    assert Ambassador.objects.filter(member__email="doanvien.khicamau@example.com").exists()
    assert Click.objects.count() == counts["Click"] > 0
    today = timezone.localdate()
    board = selectors.unit_board(tree.root, today - dt.timedelta(days=30), today)
    assert sum(r.clicks for r in board) > 0
    release = PressRelease.objects.get(title=RELEASE_TITLE)
    assert release.state == ReleaseState.SENT
    assert sorted(m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox) == [
        "ducanh@laodong.example.vn",
        "quan.tm@nld.example.vn",
        "thao.le@petrotimes.example.vn",
        "thuha@laodong.example.vn",
    ]
    coverage = coverage_of(Clipping.objects.filter(release=release))
    assert (coverage.count, coverage.reach) == (3, 1_750_000)
    # Deterministic and idempotent.
    assert AdvocacyDemoLoader(ambassadors=8).load() == {}
    assert Click.objects.count() == counts["Click"]
