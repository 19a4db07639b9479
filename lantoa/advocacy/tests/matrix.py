"""Advocacy's admin screens in the generated permission matrix (lantoa/tests/security/)."""

from lantoa.advocacy import services
from lantoa.advocacy.models import ShareKit
from lantoa.advocacy.tests.factories import DEFAULT_TEXTS, kit_published
from lantoa.core.actors import SYSTEM
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import Screen, posted


def draft_at(unit, ctx):
    return services.kit_save(
        actor=SYSTEM,
        kit=ShareKit(unit=unit, title=f"Tin {unit.code}", url="https://pvgas.vn/tin/1/"),
        texts=DEFAULT_TEXTS,
    )


def published_at(unit, ctx):
    return kit_published(unit, title=f"Tin {unit.code}")


def unit_at(unit, ctx):
    return unit


SCREENS = [
    Screen("advocacy_kits:edit", "edit", draft_at),
    Screen("advocacy_kits:detail", "view", published_at),
    posted("advocacy_kits:action", draft_at, "action", "publish", perm=Perm.CONTENT_APPROVE),
    posted("advocacy_kits:action", published_at, "action", "close"),
    # The unit's rules: only its approvers (and those above) see and change them.
    Screen(
        "advocacy_policy",
        "view",
        unit_at,
        view_perm=Perm.CONTENT_APPROVE,
        perm=Perm.CONTENT_APPROVE,
    ),
]
