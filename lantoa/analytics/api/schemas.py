"""Input and output shapes of the analytics API (one schema per operation,
STYLE.md §14). Units are named by public UUID; percentages are numbers in
[0, 100] or null when there is nothing to divide by."""

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class CoverageIn(Schema):
    unit: UUID | None = Field(
        None, description="Đơn vị (public_id); mặc định: đơn vị cao nhất trong phạm vi."
    )
    first: str | None = Field(
        None, description="Tháng đầu kỳ, dạng NNNN-TT.", pattern=r"^\d{4}-\d{1,2}$"
    )
    last: str | None = Field(
        None, description="Tháng cuối kỳ, dạng NNNN-TT.", pattern=r"^\d{4}-\d{1,2}$"
    )


class CoverageUnitOut(Schema):
    public_id: UUID
    code: str
    name: str
    kind: str
    is_active: bool


class CoverageFiguresOut(Schema):
    units: int
    units_social: int
    units_site: int
    units_bulletin: int
    all_units: int
    members: int
    channels: int
    channels_active: int
    social_live: int
    stale_channels: int
    followers: int
    followers_channels: int
    bulletin_subscribers: int
    bulletin_recipients: int
    pct_social: float | None
    pct_site: float | None
    pct_bulletin: float | None


class OutputFiguresOut(Schema):
    articles: int
    posts_sent: int
    deliveries_sent: int
    reach: int
    issues_sent: int
    issue_recipients: int
    events_held: int
    attendees: int
    programme_sessions: int
    session_participants: int


class ComplianceFiguresOut(Schema):
    tasks: int
    done: int
    done_on_time: int
    late: int
    open: int
    pct_done: float | None
    pct_on_time: float | None


class CoverageBranchOut(Schema):
    unit: CoverageUnitOut
    coverage: CoverageFiguresOut
    output: OutputFiguresOut
    compliance: ComplianceFiguresOut


class CoverageKindOut(Schema):
    kind: str
    label: str
    counted: bool
    coverage: CoverageFiguresOut
    compliance: ComplianceFiguresOut


class CoveragePlatformOut(Schema):
    platform: str
    label: str
    channels: int
    active: int
    live: int
    stale: int
    followers: int


class CoverageMonthOut(Schema):
    month: dt.date
    output: OutputFiguresOut


class CoveragePeriodOut(Schema):
    first: dt.date
    last: dt.date


class CoverageOut(Schema):
    unit: CoverageUnitOut
    period: CoveragePeriodOut
    refreshed_at: dt.datetime | None
    coverage: CoverageFiguresOut
    output: OutputFiguresOut
    compliance: ComplianceFiguresOut
    own: CoverageBranchOut
    children: list[CoverageBranchOut]
    kinds: list[CoverageKindOut]
    platforms: list[CoveragePlatformOut]
    months: list[CoverageMonthOut]
