"""Input and output shapes of the channels API.

Objects are named by their public UUID only. A channel's credentials have no
field here at all, so no answer can carry them. One schema per operation
(STYLE.md §14), even where two look alike.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from lantoa.channels.choices import AccountState, DeliveryStatus, Platform, PostSource, PostStatus
from lantoa.core.api.errors import ErrorOut
from lantoa.core.api.fields import BodyIn, UnitLocalDateTime, WebAddress
from lantoa.core.api.pagination import PageOut

MAX_TEXT = 100_000  # the longest any platform accepts (e-mail); each channel checks its own
MAX_CHANNELS = 200
# What a channel may refuse a post for (`adapters.base.Problem.code`).
PROBLEM_CODES = (
    "text_too_long",
    "title_too_long",
    "caption_too_long",
    "too_many_images",
    "image_too_large",
    "image_type",
    "video_not_supported",
    "one_video_only",
    "video_too_large",
    "cover_missing",
    "cover_unreachable",
    "credentials_unreadable",
)

# ---- channels ------------------------------------------------------------------


class ChannelListIn(Schema):
    platform: Platform | None = None
    state: AccountState | None = None
    unit: UUID | None = Field(
        None, description="Chỉ kênh của đơn vị này và các đơn vị cấp dưới (public_id)."
    )


class ChannelUnitOut(Schema):
    public_id: UUID
    code: str


class ChannelOut(Schema):
    public_id: UUID
    unit: ChannelUnitOut
    platform: Platform
    name: str
    external_id: str
    state: AccountState
    followers: int | None
    last_success_at: datetime | None
    last_error: str
    last_error_at: datetime | None


class ChannelPageOut(PageOut):
    items: list[ChannelOut]


# ---- posts -----------------------------------------------------------------------


class PostListIn(Schema):
    unit: UUID | None = Field(
        None, description="Chỉ bài của đơn vị này và các đơn vị cấp dưới (public_id)."
    )
    source: PostSource | None = None
    status: PostStatus | None = Field(
        None, description="Trạng thái duyệt; `submitted`: các bài đang chờ duyệt."
    )


class PostDeliveryOut(Schema):
    public_id: UUID
    channel_id: UUID
    platform: Platform
    status: DeliveryStatus

    @staticmethod
    def resolve_channel_id(obj: Any) -> UUID:
        channel_id: UUID = obj.account.public_id
        return channel_id

    @staticmethod
    def resolve_platform(obj: Any) -> str:
        return str(obj.account.platform)


class PostOut(Schema):
    public_id: UUID
    unit_id: UUID
    source: PostSource
    status: PostStatus
    review_comment: str
    text: str
    link: str
    created_at: datetime
    deliveries: list[PostDeliveryOut]

    @staticmethod
    def resolve_unit_id(obj: Any) -> UUID:
        unit_id: UUID = obj.unit.public_id
        return unit_id

    @staticmethod
    def resolve_deliveries(obj: Any) -> list[Any]:
        return list(obj.deliveries.all())


class PostPageOut(PageOut):
    items: list[PostOut]


class PostCreateIn(BodyIn):
    unit: UUID = Field(description="Đơn vị đăng bài (public_id).")
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    link: WebAddress = ""
    channels: list[UUID] = Field(
        min_length=1,
        max_length=MAX_CHANNELS,
        description="Các kênh (public_id) của đơn vị, đơn vị cấp dưới hoặc cấp trên.",
    )
    scheduled_at: UnitLocalDateTime | None = Field(
        None,
        description="Hẹn giờ đăng (ISO 8601). Không ghi múi giờ thì hiểu theo giờ của đơn vị "
        "(Asia/Ho_Chi_Minh). Bỏ trống hoặc thời điểm đã qua: đăng ngay.",
    )


class PostCreateDeliveryOut(Schema):
    public_id: UUID
    channel_id: UUID
    status: DeliveryStatus
    scheduled_at: datetime | None

    @staticmethod
    def resolve_channel_id(obj: Any) -> UUID:
        channel_id: UUID = obj.account.public_id
        return channel_id


class PostCreateOut(Schema):
    public_id: UUID
    unit_id: UUID
    status: PostStatus = Field(
        description="`approved`: đã xếp lịch gửi (người gọi là người duyệt của đơn vị); "
        "`submitted`: đang chờ người duyệt, chưa có lượt gửi nào."
    )
    text: str
    link: str
    deliveries: list[PostCreateDeliveryOut]


class PostReviewIn(Schema):
    comment: str = Field("", max_length=2000, description="Ý kiến của người duyệt.")


class PostChangesIn(Schema):
    comment: str = Field(min_length=1, max_length=2000, description="Cần sửa gì (bắt buộc).")


class PostReviewOut(Schema):
    public_id: UUID
    status: PostStatus
    review_comment: str
    deliveries: list[PostCreateDeliveryOut]

    @staticmethod
    def resolve_deliveries(obj: Any) -> list[Any]:
        return list(obj.deliveries.select_related("account").order_by("id"))


class ChannelProblemOut(Schema):
    channel_id: UUID
    channel: str
    messages: list[str] = Field(description="Lý do, bằng tiếng Việt, cho người đọc.")
    codes: list[str] = Field(
        description="Mã ổn định của từng lý do, cùng thứ tự với `messages`: "
        + ", ".join(f"`{c}`" for c in PROBLEM_CODES)
        + "."
    )


class PostRejectedOut(ErrorOut):
    problems: list[ChannelProblemOut] = Field(
        description="Từng kênh sẽ từ chối bài, kèm lý do (tiếng Việt)."
    )


# ---- deliveries ----------------------------------------------------------------------


class DeliveryListIn(Schema):
    status: DeliveryStatus | None = None
    channel: UUID | None = Field(None, description="Chỉ các lượt gửi lên kênh này (public_id).")


class DeliveryOut(Schema):
    public_id: UUID
    post_id: UUID
    channel_id: UUID
    platform: Platform
    status: DeliveryStatus
    scheduled_at: datetime | None
    sent_at: datetime | None
    attempt_count: int
    external_url: str
    last_error: str
    last_error_code: str
    created_at: datetime

    @staticmethod
    def resolve_post_id(obj: Any) -> UUID:
        post_id: UUID = obj.post.public_id
        return post_id

    @staticmethod
    def resolve_channel_id(obj: Any) -> UUID:
        channel_id: UUID = obj.account.public_id
        return channel_id

    @staticmethod
    def resolve_platform(obj: Any) -> str:
        return str(obj.account.platform)


class DeliveryPageOut(PageOut):
    items: list[DeliveryOut]


class DeliveryActionOut(Schema):
    public_id: UUID
    status: DeliveryStatus
    next_attempt_at: datetime | None
