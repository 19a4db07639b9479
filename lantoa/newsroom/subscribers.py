"""The newsroom's handlers of domain events (subscribed in
`NewsroomConfig.ready()`): each calls one service as the actor it is given."""

from lantoa.core.actors import SystemActor
from lantoa.core.events import Event
from lantoa.newsroom.services import article_share_on_channels


def article_share(event: Event, actor: SystemActor) -> None:
    """A published article goes out on its unit's auto-post channels (once:
    the post is unique per article)."""
    article_share_on_channels(actor=actor, article_id=event.payload["article_id"])
