"""What other apps use from `bulletin` besides its selectors, services and
choices: the entities the read models count (analytics counts bulletins,
their subscribers and the issues sent, per unit).

Queries that carry rules go through `bulletin.selectors`; changes through
`bulletin.services`.
"""

from lantoa.bulletin.models import Bulletin, ExternalSubscriber, Issue

__all__ = ["Bulletin", "ExternalSubscriber", "Issue"]
