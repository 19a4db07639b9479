"""What other apps use from `channels` besides its selectors, services and
choices: the entities they hold a key to and annotate with (an incident's
report keeps the tipline message it came from, a tipline its channel, a
response the post it went out as) and the deliveries the read models count.

Queries go through `channels.selectors`; changes through `channels.services`.
"""

from lantoa.channels.models import ChannelAccount, Delivery, InboundMessage, Post

__all__ = ["ChannelAccount", "Delivery", "InboundMessage", "Post"]
