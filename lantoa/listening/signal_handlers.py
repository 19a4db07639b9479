"""Receivers of other apps' signals (connected in ListeningConfig.ready)."""

from functools import partial
from typing import Any

from django.db import transaction

from lantoa.channels.models import InboundMessage


def inbound_message_saved(
    sender: type[InboundMessage], instance: InboundMessage, created: bool, **kwargs: Any
) -> None:
    """A stored comment or message changed on the platform (edited, removed):
    its opinion, if it has one, follows after commit. New messages are left to
    the intake job; a save that names its fields and leaves the text alone
    (hidden by a moderator, say) queues nothing."""
    if created or kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "text" not in update_fields:
        return
    from lantoa.listening import tasks

    transaction.on_commit(
        partial(tasks.opinion_sync_from_message_task.enqueue, message_id=instance.pk)
    )
