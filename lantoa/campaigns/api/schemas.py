"""Input and output shapes of the campaigns API. Objects are named by their
public UUID only; one schema per operation (STYLE.md §14)."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema

from lantoa.campaigns.choices import (
    CalendarChannel,
    CalendarState,
    DirectiveStatus,
    PhaseKind,
    RequiredAction,
    TargetMode,
    TaskState,
)
from lantoa.core.api.fields import (
    BodyIn,
    IsoDate,
    IsoDateTime,
    ItemCount,
    Participants,
    Percent,
    Reach,
    Switch,
    WebAddress,
)
from lantoa.core.api.pagination import PageOut
from lantoa.core.urls_check import SPACES
from lantoa.org.choices import UnitKind


class UnitRefOut(Schema):
    public_id: UUID
    code: str
    name: str


# ---- campaigns -------------------------------------------------------------------


class CampaignListIn(Schema):
    active_on: IsoDate | None = Field(None, description="Chỉ chiến dịch diễn ra vào ngày này.")


class PhaseOut(Schema):
    kind: PhaseKind
    name: str
    starts_on: date
    ends_on: date
    description: str


class CampaignOut(Schema):
    public_id: UUID
    unit: UnitRefOut
    target_unit: UnitRefOut | None
    name: str
    description: str
    starts_on: date
    ends_on: date
    key_messages: list[str]
    hashtags: list[str]
    phases: list[PhaseOut]
    goal_articles: int | None
    goal_posts: int | None
    goal_reach: int | None
    goal_participants: int | None
    goal_unit_share: int | None


class CampaignPageOut(PageOut):
    items: list[CampaignOut]


class PhaseIn(BodyIn):
    kind: PhaseKind
    name: str = Field("", max_length=200)
    starts_on: IsoDate
    ends_on: IsoDate
    description: str = Field("", max_length=20_000)


KeyMessage = Annotated[str, Field(min_length=1, max_length=500)]
HASHTAG_PATTERN = rf"^#?[^#{SPACES}]{{1,60}}$"  # no `\s`: see core/urls_check.py
Hashtag = Annotated[str, Field(pattern=HASHTAG_PATTERN, description="Một hashtag, không dấu cách.")]


class CampaignCreateIn(BodyIn):
    unit: UUID = Field(description="Đơn vị chủ trì (public_id).")
    target_unit: UUID | None = Field(
        None, description="Phạm vi triển khai; mặc định: đơn vị chủ trì."
    )
    name: str = Field(min_length=1, max_length=255)
    description: str = Field("", max_length=20_000)
    starts_on: IsoDate
    ends_on: IsoDate
    key_messages: list[KeyMessage] = Field([], max_length=20)
    hashtags: list[Hashtag] = Field(
        [], max_length=8, description="Tối đa 8 hashtag (cả chuỗi ≤ 500 ký tự)."
    )
    phases: list[PhaseIn] = Field([], max_length=20)
    goal_articles: ItemCount | None = None
    goal_posts: ItemCount | None = None
    goal_reach: Reach | None = None
    goal_participants: Participants | None = None
    goal_unit_share: Percent | None = None


class CampaignCreateOut(CampaignOut):
    pass


class GoalOut(Schema):
    goal: int | None
    actual: int
    percent: float | None


class CampaignProgressOut(Schema):
    articles: GoalOut
    posts: GoalOut
    reach: GoalOut
    participants: GoalOut
    unit_share: GoalOut
    bulletin_issues: int
    units_total: int
    units_taking_part: int
    reach_channels: int
    reach_reported: int
    whole: bool = Field(
        description="False when only the caller's units are counted (not the whole target)"
    )
    honours: GoalOut = Field(
        description="Members honoured in the campaign's honour rounds, for the units counted"
    )


# ---- directives -----------------------------------------------------------------


class DirectiveListIn(Schema):
    status: DirectiveStatus | None = None


class DirectiveOut(Schema):
    public_id: UUID
    sender_unit: UnitRefOut
    campaign_id: UUID | None
    title: str
    instructions: str
    status: DirectiveStatus
    due_at: datetime
    required_actions: list[RequiredAction]
    target_mode: TargetMode
    task_count: int
    sent_at: datetime | None


class DirectivePageOut(PageOut):
    items: list[DirectiveOut]


class DirectiveCreateIn(BodyIn):
    sender_unit: UUID
    campaign: UUID | None = None
    title: str = Field(min_length=1, max_length=255)
    instructions: str = Field(min_length=1, max_length=20_000)
    due_at: IsoDateTime
    required_actions: list[RequiredAction] = Field(min_length=1, max_length=10)
    site_title: str = Field("", max_length=255)
    site_lead: str = Field("", max_length=600)
    site_body: str = Field("", max_length=100_000, description="HTML đơn giản (p, b, i, ul, a).")
    post_text: str = Field("", max_length=10_000)
    platform_texts: dict[str, Annotated[str, Field(max_length=10_000)]] = Field(
        {}, max_length=10, description="Nội dung riêng theo nền tảng."
    )
    link: WebAddress = ""
    target_mode: TargetMode = TargetMode.ALL
    target_kinds: list[UnitKind] = Field([], max_length=10)
    chosen_units: list[UUID] = Field([], max_length=2000)
    include_subtrees: Switch = False
    send: Switch = Field(False, description="Gửi ngay sau khi tạo.")


class ComplianceOut(Schema):
    total: int
    new: int
    acknowledged: int
    done: int
    done_late: int
    late: int
    adopted: int
    done_pct: float


class LevelOut(Schema):
    relative_level: int
    counts: ComplianceOut


class BranchOut(Schema):
    unit: UnitRefOut
    own: bool
    counts: ComplianceOut


class DirectiveComplianceIn(Schema):
    unit: UUID | None = Field(None, description="Tính từ đơn vị này (mặc định: đơn vị gửi).")


class DirectiveComplianceOut(Schema):
    unit: UnitRefOut
    overall: ComplianceOut
    by_level: list[LevelOut]
    by_branch: list[BranchOut]


# ---- tasks ------------------------------------------------------------------------


class TaskListIn(Schema):
    state: TaskState | None = None
    directive: UUID | None = None


class TaskOut(Schema):
    public_id: UUID
    directive_id: UUID
    directive_title: str
    unit: UnitRefOut
    state: TaskState
    due_at: datetime
    acknowledged_at: datetime | None
    adopted_at: datetime | None
    done_at: datetime | None


class TaskPageOut(PageOut):
    items: list[TaskOut]


class AdoptOut(Schema):
    task: TaskOut
    created: bool
    article_edit_url: str | None = Field(
        description="Trang sửa tin bài nháp của đơn vị trong trang quản trị."
    )
    post_ids: list[UUID]
    notes: list[str]


class ProofIn(BodyIn):
    action: RequiredAction
    url: WebAddress = ""
    reach: Reach | None = None
    participants: Participants | None = None
    note: str = Field("", max_length=20_000)


class ProofOut(Schema):
    submitted_at: datetime
    action: RequiredAction
    task: TaskOut


# ---- calendar ----------------------------------------------------------------------


class CalendarIn(Schema):
    start: IsoDate
    end: IsoDate = Field(description="Ngày cuối (tính cả ngày này); tối đa 62 ngày sau start.")
    campaign: UUID | None = None
    unit: UUID | None = None
    channel: CalendarChannel | None = None
    state: CalendarState | None = None


class CalendarEntryOut(Schema):
    kind: str
    state: CalendarState
    at: datetime
    title: str
    channel: CalendarChannel
    unit: UnitRefOut
    detail: str
    assignee: str
    overdue: bool


class CalendarOut(Schema):
    entries: list[CalendarEntryOut]
    truncated: bool
