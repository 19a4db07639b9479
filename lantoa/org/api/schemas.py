"""Input and output shapes of the org API.

Objects are identified by their public UUID only: integer keys never leave the
server. One schema per operation (STYLE.md §14), even where two look alike.
"""

from datetime import date
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from lantoa.core.api.pagination import PageOut
from lantoa.org.choices import Gender, MemberStatus, Role, UnitKind

MAX_TREE_DEPTH = 10
SEARCH_MAX_LENGTH = 100

# ---- units -------------------------------------------------------------------


class UnitListIn(Schema):
    kind: UnitKind | None = Field(None, description="Chỉ các đơn vị thuộc cấp này.")
    parent: UUID | None = Field(
        None, description="Chỉ các đơn vị con trực tiếp của đơn vị này (public_id)."
    )
    is_active: bool | None = None
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        description="Tìm trong mã, tên, tên viết tắt; không phân biệt dấu và hoa thường.",
    )


class UnitOut(Schema):
    public_id: UUID
    code: str
    name: str
    short_name: str
    kind: UnitKind
    depth: int
    parent_id: UUID | None = Field(
        description="public_id của đơn vị cha; null khi đơn vị cha nằm ngoài phạm vi được xem."
    )
    is_active: bool
    children_count: int

    @staticmethod
    def resolve_parent_id(obj: Any) -> UUID | None:
        parent_id: UUID | None = obj.parent_public_id  # annotated by the selector
        return parent_id

    @staticmethod
    def resolve_children_count(obj: Any) -> int:
        return int(obj.numchild)


class UnitPageOut(PageOut):
    items: list[UnitOut]


class UnitDetailOut(Schema):
    public_id: UUID
    code: str
    name: str
    short_name: str
    slug: str
    kind: UnitKind
    depth: int
    parent_id: UUID | None = Field(
        description="public_id của đơn vị cha; null khi đơn vị cha nằm ngoài phạm vi được xem."
    )
    is_active: bool
    children_count: int
    email: str
    phone: str
    address: str
    website: str

    @staticmethod
    def resolve_parent_id(obj: Any) -> UUID | None:
        parent_id: UUID | None = obj.parent_public_id
        return parent_id

    @staticmethod
    def resolve_children_count(obj: Any) -> int:
        return int(obj.numchild)


class UnitTreeIn(Schema):
    max_depth: int = Field(
        3,
        ge=1,
        le=MAX_TREE_DEPTH,
        description="Số tầng trả về, tính từ mỗi đơn vị gốc trong phạm vi (1 = chỉ gốc).",
    )


class UnitTreeNodeOut(Schema):
    public_id: UUID
    code: str
    name: str
    short_name: str
    kind: UnitKind
    depth: int
    is_active: bool
    children_count: int = Field(
        description="Số đơn vị con trực tiếp, kể cả khi chúng nằm ngoài max_depth."
    )
    children: list["UnitTreeNodeOut"]


UnitTreeNodeOut.model_rebuild()


class UnitTreeOut(Schema):
    max_depth: int
    roots: list[UnitTreeNodeOut]


class UnitSubtreeIn(Schema):
    max_depth: int = Field(
        3,
        ge=1,
        le=MAX_TREE_DEPTH,
        description="Số tầng trả về, tính từ đơn vị được hỏi (1 = chỉ đơn vị đó).",
    )


class UnitSubtreeNodeOut(Schema):
    public_id: UUID
    code: str
    name: str
    short_name: str
    kind: UnitKind
    depth: int
    is_active: bool
    children_count: int
    member_count: int = Field(
        description="Đoàn viên đang sinh hoạt trong toàn bộ nhánh của đơn vị này (cộng dồn)."
    )
    own_member_count: int = Field(
        description="Đoàn viên đang sinh hoạt thuộc trực tiếp đơn vị này."
    )
    children: list["UnitSubtreeNodeOut"]


UnitSubtreeNodeOut.model_rebuild()


# ---- members -----------------------------------------------------------------


class MemberListIn(Schema):
    unit: UUID | None = Field(
        None, description="Chỉ đoàn viên của đơn vị này và các đơn vị cấp dưới (public_id)."
    )
    status: MemberStatus | None = None
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        description="Tìm theo họ tên, không cần dấu: «nguyen van» tìm thấy «Nguyễn Văn An».",
    )


class MemberUnitOut(Schema):
    public_id: UUID
    code: str


class MemberOut(Schema):
    public_id: UUID
    full_name: str
    gender: Gender
    date_of_birth: date | None
    employee_code: str
    phone: str
    email: str
    unit: MemberUnitOut
    join_date: date | None
    status: MemberStatus


class MemberPageOut(PageOut):
    count_exact: bool = Field(
        True,
        description=(
            "Sai khi tìm kiếm có hơn 1.000 kết quả: khi đó `count` là 1.000 (hiển thị "
            "«hơn 1.000 kết quả») và danh sách xếp theo đơn vị rồi theo tên."
        ),
    )
    items: list[MemberOut]


class MemberDetailUnitOut(Schema):
    public_id: UUID
    code: str
    name: str


class MemberDetailOut(Schema):
    public_id: UUID
    full_name: str
    gender: Gender
    date_of_birth: date | None
    employee_code: str
    phone: str
    email: str
    unit: MemberDetailUnitOut
    join_date: date | None
    status: MemberStatus


# ---- the caller --------------------------------------------------------------


class MeRoleOut(Schema):
    unit_id: UUID = Field(description="public_id của đơn vị nơi giữ vai trò.")
    unit_code: str
    unit_name: str
    role: Role
    permissions: list[str] = Field(description="Quyền mà vai trò này cho trên cả nhánh đơn vị.")


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    is_superuser: bool
    member_id: UUID | None = Field(
        description="public_id hồ sơ đoàn viên của chính người gọi, nếu có."
    )
    roles: list[MeRoleOut]
    permissions: list[str] = Field(description="Mọi quyền người gọi có ở ít nhất một đơn vị.")
