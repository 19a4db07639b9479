"""Facts the channels announce to the apps above them
(lantoa/core/events.py; catalogue in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core import events

_MESSAGE = {
    "message_id": "the InboundMessage's id",
    "account_id": "the channel it reached",
    "unit_id": "the channel's unit",
}

INBOUND_MESSAGE_STORED = events.define(
    "channels.inbound_message_stored",
    label=_("Bình luận, tin nhắn mới đến kênh"),
    payload=_MESSAGE,
)
"""A comment, reply or message reached one of our channels for the first
time. Keyed `inbound_message:<id>`."""

INBOUND_MESSAGE_EDITED = events.define(
    "channels.inbound_message_edited",
    label=_("Bình luận, tin nhắn được sửa trên nền tảng"),
    payload=_MESSAGE,
)
"""A stored message's text changed on the platform (or came back after a
removal). Keyed `inbound_message:<id>:edited:<webhook event id>`."""

INBOUND_MESSAGE_REMOVED = events.define(
    "channels.inbound_message_removed",
    label=_("Bình luận, tin nhắn bị gỡ trên nền tảng"),
    payload=_MESSAGE,
)
"""A stored message was removed by its author (its text is gone). Keyed
`inbound_message:<id>:removed:<webhook event id>`."""


def inbound_message_key(message_id: int) -> str:
    return f"inbound_message:{message_id}"


POST_DELIVERED = events.define(
    "channels.post_delivered",
    label=_("Bài đăng đã lên kênh"),
    payload={
        "delivery_id": "the Delivery that went out",
        "post_id": "its Post",
        "account_id": "the channel it went out on",
        "unit_id": "the channel's unit",
    },
)
"""A delivery reached its platform (sent, found there after an uncertain
attempt, or confirmed by a person). Keyed `delivery:<id>:sent`."""


def post_delivered_key(delivery_id: int) -> str:
    return f"delivery:{delivery_id}:sent"


METRICS_PULLED = events.define(
    "channels.metrics_pulled",
    label=_("Đã lấy số liệu của kênh"),
    payload={
        "account_id": "the channel whose figures were read",
        "unit_id": "the channel's unit",
        "delivery_ids": "the deliveries that got a new snapshot",
        "followers": "true when the channel's follower count was read",
        "taken_at": "when (ISO 8601)",
    },
)
"""A channel's figures were read and stored as snapshots."""
