"""Press relations' writes (the app's public surface with `selectors`)."""

from lantoa.press.services.clippings import clipping_delete, clipping_save, clipping_url
from lantoa.press.services.contacts import (
    journalist_from_token,
    journalist_save,
    journalist_unsubscribe,
    journalist_unsubscribe_token,
    outlet_save,
)
from lantoa.press.services.feeds import (
    feed_item_dismiss,
    feed_item_log,
    outlet_feed_read,
    outlets_feeds_read,
)
from lantoa.press.services.releases import (
    ReleaseWrongState,
    release_approve,
    release_cancel,
    release_return,
    release_save,
    release_schedule,
    release_set_recipients,
    release_submit,
)

__all__ = [
    "ReleaseWrongState",
    "clipping_delete",
    "clipping_save",
    "clipping_url",
    "feed_item_dismiss",
    "feed_item_log",
    "journalist_from_token",
    "journalist_save",
    "journalist_unsubscribe",
    "journalist_unsubscribe_token",
    "outlet_feed_read",
    "outlet_save",
    "outlets_feeds_read",
    "release_approve",
    "release_cancel",
    "release_return",
    "release_save",
    "release_schedule",
    "release_set_recipients",
    "release_submit",
]
