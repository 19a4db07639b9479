"""Input and output shapes of the jury API. A juror sees a photo's title,
story, place and address, never its author, unit or credit (STYLE.md §14:
one schema per operation)."""

from uuid import UUID

from ninja import Field, Schema

from lantoa.core.api.fields import BodyIn


class JuryRoundOut(Schema):
    public_id: UUID
    contest_title: str
    number: int
    title: str
    blind: bool
    score_max: int
    entries: int = Field(description="Ảnh giám khảo được chấm (không gồm ảnh của đơn vị mình).")
    scored: int


class JuryEntryListIn(Schema):
    round: UUID = Field(description="Vòng chấm (public_id).")


class JuryEntryOut(Schema):
    public_id: UUID
    title: str
    description: str
    location: str
    image_url: str
    my_score: int | None
    my_note: str


class ScoreIn(BodyIn):
    round: UUID
    entry: UUID
    score: int = Field(ge=0, le=100)
    note: str = Field("", max_length=2000)


class ScoreOut(Schema):
    entry: UUID
    score: int
    note: str
