from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class UnitKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Tổng Liên đoàn")
    INDUSTRY_UNION = "industry_union", _("Công đoàn ngành")
    DIRECT_UNION = "direct_union", _("Công đoàn trực thuộc")
    GRASSROOTS_UNION = "grassroots_union", _("Công đoàn cơ sở")
    UNION_GROUP = "union_group", _("Tổ công đoàn")


# The units that count wherever Lantoa counts "đơn vị" (coverage, a campaign's
# participating units, the units a directive goes to): every level except
# trade-union groups (tổ công đoàn), working groups inside a grassroots union
# with no communication organs of their own. Their members still add up.
COUNTED_UNIT_KINDS = frozenset(
    {
        UnitKind.CONFEDERATION,
        UnitKind.INDUSTRY_UNION,
        UnitKind.DIRECT_UNION,
        UnitKind.GRASSROOTS_UNION,
    }
)


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")
    UNKNOWN = "", _("Không rõ")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    SUSPENDED = "suspended", _("Tạm dừng sinh hoạt")
    LEFT = "left", _("Đã ra khỏi tổ chức")


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ tuyên giáo")
    APPROVER = "approver", _("Người duyệt")
    ADMINISTRATOR = "administrator", _("Quản trị")


class Perm(models.TextChoices):
    """What a role allows over a unit's whole subtree (see `scoping.py`)."""

    UNIT_VIEW = "unit.view", _("Xem đơn vị")
    UNIT_CHANGE = "unit.change", _("Sửa, thêm, chuyển đơn vị")
    MEMBER_VIEW = "member.view", _("Xem đoàn viên")
    MEMBER_CHANGE = "member.change", _("Sửa, nhập đoàn viên")
    ROLE_VIEW = "role.view", _("Xem phân quyền")
    ROLE_CHANGE = "role.change", _("Phân quyền")
    CONTENT_EDIT = "content.edit", _("Soạn và quản lý nội dung")
    CONTENT_APPROVE = "content.approve", _("Duyệt nội dung")
    AUDIT_VIEW = "audit.view", _("Xem nhật ký thay đổi")


@audit_actions
class OrgAction(models.TextChoices):
    """What the audit log records for the organisation."""

    UNIT_CREATE = "org.unit_create", _("Tạo đơn vị")
    UNIT_UPDATE = "org.unit_update", _("Sửa đơn vị")
    UNIT_MOVE = "org.unit_move", _("Chuyển đơn vị sang đơn vị cấp trên khác")
    MEMBER_CREATE = "org.member_create", _("Thêm đoàn viên")
    MEMBER_UPDATE = "org.member_update", _("Sửa thông tin đoàn viên")
    MEMBER_DELETE = "org.member_delete", _("Xóa đoàn viên")
    MEMBER_IMPORT = "org.member_import", _("Nhập danh sách đoàn viên")
    MEMBER_EXPORT = "org.member_export", _("Xuất danh sách đoàn viên")
    ROLE_ASSIGN = "org.role_assign", _("Giao vai trò")
    ROLE_REVOKE = "org.role_revoke", _("Thu hồi vai trò")
    MEMBER_USER_LINK = "org.member_user_link", _("Gắn tài khoản đăng nhập cho đoàn viên")
    PASSWORD_RESET_SEND = "org.password_reset_send", _("Gửi thư đặt lại mật khẩu")
