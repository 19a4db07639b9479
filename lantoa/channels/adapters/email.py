"""An e-mail list as a channel: one message to the list address through
Django's e-mail backend (`EMAIL_URL`). The Message-ID carries the marker."""

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from lantoa.channels.adapters.base import (
    Account,
    AccountInfo,
    Adapter,
    ChannelError,
    ErrorKind,
    Limits,
    PublishResult,
    RenderedPost,
)
from lantoa.channels.choices import Platform


class EmailAdapter(Adapter):
    platform = Platform.EMAIL_LIST
    limits = Limits(
        max_text=100_000,
        max_images=10,
        supports_video=False,
        max_image_bytes=5 * 2**20,
        max_video_bytes=0,
        can_delete=False,
        can_find_by_marker=False,
    )

    def verify(self, account: Account) -> AccountInfo:
        try:
            validate_email(account.external_id)
        except Exception as exc:
            raise ChannelError(
                ErrorKind.PERMANENT, "Địa chỉ danh sách e-mail không hợp lệ."
            ) from exc
        return AccountInfo(external_id=account.external_id, name=account.external_id)

    def publish(self, account: Account, post: RenderedPost) -> PublishResult:
        subject = post.text.strip().splitlines()[0][:120] if post.text.strip() else "Lantoa"
        marker = post.extra.get("marker", "")
        message_id = f"<{marker}@lantoa>" if marker else None
        message = EmailMessage(
            subject=subject,
            body=post.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[account.external_id],
            headers={"Message-ID": message_id} if message_id else None,
        )
        for item in post.media:
            message.attach(item.name, item.path.read_bytes(), item.content_type)
        try:
            message.send(fail_silently=False)
        except OSError as exc:
            raise ChannelError(
                ErrorKind.TRANSIENT, f"Máy chủ e-mail không nhận thư: {exc}"
            ) from exc
        return PublishResult(external_id=message_id or subject)

    def verify_webhook(
        self, account: Account | None, headers: Mapping[str, str], body: bytes
    ) -> bool:
        return False
