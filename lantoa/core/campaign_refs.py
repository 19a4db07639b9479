"""The campaigns work may be tied to (a press release, a clipping, a share
kit, an honour round). Campaigns sit above the content apps, which never
import them; the campaigns app registers its providers in its
`AppConfig.ready()`:

    register_campaign_choices(provider)        # provider(actor) -> [(public_id, title)]
    register_campaign_choices_at(provider)     # provider(unit_path) -> [(public_id, title)]

The first lists what an officer may pick; the second what a unit may be tied
to (a campaign addressed to it, or run inside its subtree), which a service
checks before it stores a reference.
"""

import uuid
from collections.abc import Callable

from lantoa.core.actors import Actor

CampaignChoices = Callable[[Actor], list[tuple[uuid.UUID, str]]]
CampaignChoicesAt = Callable[[str], list[tuple[uuid.UUID, str]]]

_PROVIDERS: list[CampaignChoices] = []
_PROVIDERS_AT: list[CampaignChoicesAt] = []


def register_campaign_choices(provider: CampaignChoices) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_campaign_choices_at(provider: CampaignChoicesAt) -> None:
    if provider not in _PROVIDERS_AT:
        _PROVIDERS_AT.append(provider)


def _sorted(pairs: list[tuple[uuid.UUID, str]]) -> list[tuple[uuid.UUID, str]]:
    found: dict[uuid.UUID, str] = {}
    for public_id, title in pairs:
        found.setdefault(public_id, title)
    return sorted(found.items(), key=lambda item: item[1])


def campaign_choices(actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(public id, title) of the campaigns `actor` may tie press work to."""
    return _sorted([pair for provider in _PROVIDERS for pair in provider(actor)])


def campaign_choices_at(unit_path: str) -> list[tuple[uuid.UUID, str]]:
    """(public id, title) of the campaigns the unit at `unit_path` sees."""
    return _sorted([pair for provider in _PROVIDERS_AT for pair in provider(unit_path)])


def campaign_visible_at(unit_path: str, public_id: uuid.UUID) -> bool:
    """Whether the unit at `unit_path` sees the campaign (nothing is visible
    when no campaigns app is installed)."""
    return any(public_id == pk for pk, _title in campaign_choices_at(unit_path))


def campaign_title(actor: Actor, public_id: uuid.UUID | None) -> str:
    return dict(campaign_choices(actor)).get(public_id, "") if public_id else ""  # type: ignore[arg-type]
