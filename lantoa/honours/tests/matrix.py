"""The honours admin screens in the generated permission matrix
(lantoa/tests/security/)."""

from lantoa.org.choices import Perm
from lantoa.org.tests.factories import MemberFactory
from lantoa.tests.security.matrix import Screen, posted


def round_at(unit, ctx):
    from lantoa.honours.tests.factories import round_open

    return round_open(unit, title=f"Tôn vinh {unit.code}")


def pending_round_at(unit, ctx):
    import datetime as dt

    from django.utils import timezone

    from lantoa.core.actors import SYSTEM
    from lantoa.honours.services import rounds

    created = rounds.round_create(
        actor=SYSTEM,
        unit=unit,
        title=f"Đợt chờ duyệt {unit.code}",
        nominations_close_on=timezone.localdate() + dt.timedelta(days=7),
    )
    return rounds.round_submit(actor=SYSTEM, round_=created)


def nomination_at(unit, ctx):
    from lantoa.honours.tests.factories import nominate

    return nominate(round_at(unit, ctx), unit, MemberFactory(unit=unit), submit=False)


SCREENS = [
    Screen("honours_rounds:detail", "view", round_at),
    posted(
        "honours_rounds:action", pending_round_at, "action", "approve", perm=Perm.CONTENT_APPROVE
    ),
    posted("honours_rounds:action", round_at, "action", "close"),
    Screen("honours_nominations:decide", "view", nomination_at),
    posted("honours_nominations:decide", nomination_at, "decision", "submit"),
]
