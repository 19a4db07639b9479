"""Relaying an event down the tree: when an event whose organiser asked for
it is approved (`events.event_approved`), a draft directive of the
organising unit is prepared with the event's share texts and page, for the
unit's officers to check and its approvers to send."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lantoa.campaigns.choices import RequiredAction, TargetMode
from lantoa.campaigns.models import Directive
from lantoa.campaigns.services.directives import directive_create
from lantoa.channels.choices import Platform
from lantoa.core.actors import Actor
from lantoa.events.choices import ShareChannel
from lantoa.events.selectors import event_relay

PLATFORM_OF = {
    ShareChannel.FACEBOOK: Platform.FACEBOOK_PAGE,
    ShareChannel.ZALO: Platform.ZALO_OA,
    ShareChannel.VIBER: Platform.VIBER_CHANNEL,
    ShareChannel.TELEGRAM: Platform.TELEGRAM_CHANNEL,
}
DUE_BEFORE_START = timedelta(days=1)
"""Lower units relay the event at the latest a day before it starts."""


@transaction.atomic
def directive_draft_for_event(*, actor: Actor, event_id: int) -> Directive | None:
    """A draft directive of the event's organiser asking every unit below to
    share the event on its channels (nothing when the event is no longer
    approved, or starts too soon for a relay). Audited as a directive
    creation; sending stays the unit's approvers' decision."""
    relay = event_relay(event_id)
    if relay is None:
        return None
    due_at = relay.starts_at - DUE_BEFORE_START
    if due_at <= timezone.now():
        return None
    texts = {str(PLATFORM_OF[ShareChannel(channel)]): text for channel, text in relay.texts.items()}
    return directive_create(
        actor=actor,
        sender_unit=relay.unit,
        title=f"Lan tỏa sự kiện: {relay.title}"[:255],
        instructions=(
            f"Đề nghị các đơn vị đăng lại thông tin sự kiện «{relay.title}» ({relay.when}) "
            "trên kênh mạng xã hội của đơn vị, kèm đường dẫn trang sự kiện, để đoàn viên "
            "đăng ký tham dự và gửi câu hỏi."
        ),
        due_at=due_at,
        required_actions=[RequiredAction.PUBLISH_SOCIAL],
        post_text=texts.get(str(Platform.FACEBOOK_PAGE), relay.title),
        platform_texts=texts,
        link=relay.page_url,
        target_mode=TargetMode.ALL,
    )
