"""Input and output shapes of the listening API.

Objects are named by their public UUID only. Nothing about an opinion's author
leaves the server, not even the pseudonymous reference (data minimisation). One schema per
operation (STYLE.md §14), even where two look alike.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from lantoa.core.api.fields import BodyIn, IsoDateTime
from lantoa.core.api.pagination import PageOut
from lantoa.listening.choices import (
    AlertKind,
    AlertState,
    LabelTask,
    OpinionSource,
    Sentiment,
    Toxicity,
    TriageStatus,
)

TOPIC_MAX_LENGTH = 100

# ---- opinions ----------------------------------------------------------------------


class OpinionListIn(Schema):
    unit: UUID | None = Field(
        None, description="Chỉ ý kiến của đơn vị này và các đơn vị cấp dưới (public_id)."
    )
    sentiment: Sentiment | None = None
    toxicity: Toxicity | None = None
    source: OpinionSource | None = None
    status: TriageStatus | None = None
    topic: str = Field(
        "",
        max_length=TOPIC_MAX_LENGTH,
        description="Từ khoá chủ đề; có dấu hay không dấu, hoa hay thường đều được.",
    )
    since: IsoDateTime | None = Field(None, description="Từ thời điểm này (gồm cả nó).")
    until: IsoDateTime | None = Field(None, description="Trước thời điểm này.")
    hide_duplicates: bool = Field(False, description="Bỏ các ý kiến trùng lặp với ý kiến khác.")


class OpinionUnitOut(Schema):
    public_id: UUID
    code: str
    name: str


class SpanOut(Schema):
    start: int
    end: int
    text: str = ""
    score: float | None = None


class EvidenceOut(Schema):
    start: int
    end: int
    text: str = ""
    label: str
    confidence: float | None = None


class OpinionAnalysisOut(Schema):
    sentiment: Sentiment | None = Field(
        description="negative, neutral, positive, hoặc mixed (các câu trái chiều ngang nhau); "
        "null khi chưa phân tích hoặc không có nội dung."
    )
    sentiment_confidence: float | None
    sentiment_uncertain: bool = Field(
        description="Độ tin cậy (đã hiệu chỉnh) dưới ngưỡng: «chưa chắc chắn»."
    )
    has_content: bool = Field(
        description="false: văn bản trống hoặc vô nghĩa, không gán nhãn («không có nội dung»)."
    )
    sentiment_evidence: list[EvidenceOut] = Field(
        description="Các câu quyết định sắc thái (vị trí ký tự trong text)."
    )
    toxicity: Toxicity | None
    toxicity_confidence: float | None
    spans: list[SpanOut] = Field(description="Đoạn bị cho là xúc phạm (vị trí ký tự trong text).")
    labels_corrected: bool = Field(description="Cán bộ đã hiệu chỉnh nhãn.")
    model_version: str
    analysed_at: datetime | None
    analysis_error: str


def _analysis(obj: Any) -> dict[str, Any]:
    spans = [s for s in obj.spans or [] if isinstance(s, dict) and "start" in s and "end" in s]
    return {
        "sentiment": obj.sentiment or None,
        "sentiment_confidence": obj.sentiment_confidence,
        "sentiment_uncertain": obj.sentiment_uncertain,
        "has_content": not obj.has_no_content,
        "sentiment_evidence": [
            e
            for e in obj.sentiment_evidence or []
            if isinstance(e, dict) and {"start", "end", "label"} <= e.keys()
        ],
        "toxicity": obj.toxicity or None,
        "toxicity_confidence": obj.toxicity_confidence,
        "spans": spans,
        "labels_corrected": obj.labels_corrected,
        "model_version": obj.model_version,
        "analysed_at": obj.analysed_at,
        "analysis_error": obj.analysis_error,
    }


class OpinionOut(Schema):
    public_id: UUID
    unit: OpinionUnitOut
    source: OpinionSource
    text: str
    language: str
    received_at: datetime
    source_url: str
    edited_at_source: datetime | None = Field(
        description="Tác giả sửa trên nền tảng lúc này; `text` là bản mới nhất."
    )
    removed_at_source: datetime | None = Field(
        description="Tác giả gỡ trên nền tảng lúc này; `text` là bản Lantoa đã nhận."
    )
    analysis: OpinionAnalysisOut
    duplicate_of: UUID | None = Field(description="public_id của ý kiến gốc khi trùng lặp.")
    status: TriageStatus
    assignee: str | None = Field(description="Tên đăng nhập của người được giao.")
    handled_at: datetime | None

    @staticmethod
    def resolve_analysis(obj: Any) -> dict[str, Any]:
        return _analysis(obj)

    @staticmethod
    def resolve_duplicate_of(obj: Any) -> UUID | None:
        return obj.duplicate_of.public_id if obj.duplicate_of_id else None  # type: ignore[no-any-return]

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.get_username() if obj.assignee_id else None  # type: ignore[no-any-return]


class OpinionPageOut(PageOut):
    items: list[OpinionOut]


class CorrectionOut(Schema):
    task: LabelTask
    label: str
    model_label: str
    model_version: str
    corrected_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_corrected_by(obj: Any) -> str | None:
        return obj.corrected_by.get_username() if obj.corrected_by_id else None  # type: ignore[no-any-return]


class TextVersionOut(Schema):
    text: str
    replaced_at: datetime


class OpinionDetailOut(OpinionOut):
    note: str
    corrections: list[CorrectionOut]
    text_history: list[TextVersionOut] = Field(
        description="Các bản trước khi tác giả sửa trên nền tảng, cũ nhất trước."
    )

    @staticmethod
    def resolve_corrections(obj: Any) -> list[Any]:
        return list(obj.corrections.select_related("corrected_by"))


class LabelCorrectionIn(BodyIn):
    task: LabelTask = Field(description="sentiment hoặc toxicity.")
    label: str = Field(
        max_length=16,
        description="sentiment: negative, neutral, positive, mixed; toxicity: clean, offensive, hate.",
    )


class LabelCorrectionOut(Schema):
    opinion_id: UUID
    task: LabelTask
    label: str
    model_label: str
    model_version: str
    created_at: datetime

    @staticmethod
    def resolve_opinion_id(obj: Any) -> UUID:
        return obj.opinion.public_id  # type: ignore[no-any-return]


# ---- trends ----------------------------------------------------------------------------


class TrendsIn(Schema):
    unit: UUID | None = Field(
        None, description="Đơn vị (cả nhánh dưới nó); mặc định là đơn vị cao nhất của bạn."
    )
    since: IsoDateTime | None = Field(None, description="Mặc định: 30 ngày trước `until`.")
    until: IsoDateTime | None = Field(None, description="Mặc định: bây giờ.")


class TrendPointOut(Schema):
    day: date
    total: int | None = Field(description="null khi dưới cỡ tối thiểu để báo cáo.")
    negative: int | None
    positive: int | None
    negative_share: float | None


class TrendChildOut(Schema):
    unit: OpinionUnitOut
    total: int | None
    negative_share: float | None
    toxic: int | None


class TrendTotalsOut(Schema):
    total: int | None
    negative: int | None
    neutral: int | None
    positive: int | None
    unanalysed: int | None
    toxic: int | None


class TrendsOut(Schema):
    unit: OpinionUnitOut
    since: datetime
    until: datetime
    min_reporting_size: int = Field(
        description="Số liệu dưới ngưỡng này được trả về null để không ai bị nhận ra."
    )
    totals: TrendTotalsOut
    points: list[TrendPointOut]
    children: list[TrendChildOut]


# ---- alerts ----------------------------------------------------------------------------


class AlertListIn(Schema):
    state: AlertState | None = None


class AlertOut(Schema):
    public_id: UUID
    unit: OpinionUnitOut
    kind: AlertKind
    state: AlertState
    window_start: datetime
    window_end: datetime
    count: int
    negative_count: int
    baseline_mean: float
    baseline_negative_share: float
    top_keywords: list[Any]
    created_at: datetime
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    escalated_to: OpinionUnitOut | None


class AlertPageOut(PageOut):
    items: list[AlertOut]
