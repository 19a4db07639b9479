"""The campaigns an officer may tie work to (a press release, a clipping, a
share kit). Campaigns sit above the content apps, which never import them;
the campaigns app registers a provider in its `AppConfig.ready()`:

    register_campaign_choices(provider)   # provider(actor) -> [(public_id, title)]
"""

import uuid
from collections.abc import Callable

from lantoa.core.actors import Actor

CampaignChoices = Callable[[Actor], list[tuple[uuid.UUID, str]]]

_PROVIDERS: list[CampaignChoices] = []


def register_campaign_choices(provider: CampaignChoices) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def campaign_choices(actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(public id, title) of the campaigns `actor` may tie press work to."""
    found: dict[uuid.UUID, str] = {}
    for provider in _PROVIDERS:
        for public_id, title in provider(actor):
            found.setdefault(public_id, title)
    return sorted(found.items(), key=lambda item: item[1])


def campaign_title(actor: Actor, public_id: uuid.UUID | None) -> str:
    return dict(campaign_choices(actor)).get(public_id, "") if public_id else ""  # type: ignore[arg-type]
