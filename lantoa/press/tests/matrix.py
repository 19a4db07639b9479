"""Press screens in the generated permission matrix (lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.org.choices import Perm
from lantoa.press.models import FeedItem
from lantoa.press.tests.factories import (
    ClippingFactory,
    JournalistFactory,
    OutletFactory,
    PressReleaseFactory,
)
from lantoa.tests.security.matrix import Screen, posted


def outlet_at(unit, ctx):
    return OutletFactory(unit=unit)


def journalist_at(unit, ctx):
    return JournalistFactory(unit=unit)


def draft_at(unit, ctx):
    return PressReleaseFactory(unit=unit, to=[JournalistFactory(unit=unit)])


def submitted_at(unit, ctx):
    return PressReleaseFactory(unit=unit, submitted=True, to=[JournalistFactory(unit=unit)])


def clipping_at(unit, ctx):
    return ClippingFactory(unit=unit)


def feed_item_at(unit, ctx):
    return FeedItem.objects.create(
        outlet=OutletFactory(unit=unit),
        guid=f"tin-{unit.code}",
        url=f"https://baolaodong.vn/{unit.code.lower()}.html",
        title="Công nhân khí hoàn thành bảo dưỡng",
        published_at=timezone.now() - dt.timedelta(hours=1),
    )


SCREENS = [
    Screen("press_outlets:edit", "edit", outlet_at),
    Screen("press_journalists:edit", "edit", journalist_at),
    Screen("press_releases:edit", "edit", draft_at),
    Screen("press_releases:detail", "view", draft_at),
    posted("press_releases:action", draft_at, "action", "submit"),
    posted("press_releases:action", submitted_at, "action", "approve", perm=Perm.CONTENT_APPROVE),
    Screen("press_clippings:edit", "edit", clipping_at),
    Screen("press_clippings:delete", "delete", clipping_at),
    Screen("press_inbox:log", "view", feed_item_at),
    Screen(
        "press_inbox:log",
        "state",
        feed_item_at,
        "POST",
        data=lambda obj: {"tone": "positive"},
        label="press_inbox:log[log]",
    ),
    Screen("press_inbox:dismiss", "state", feed_item_at, "POST"),
]
