"""The photo contest's named system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

BURST_WATCH = system_actor("contests.burst_watch", _("Theo dõi bình chọn dồn dập"))
"""Who records a burst of votes on one entry (noticed while counting a vote)."""

VOTES_DRAIN = system_actor("contests.votes_drain", _("Ghi phiếu bình chọn vào CSDL"))
"""Who moves the queued public votes into the database (the periodic job)."""
