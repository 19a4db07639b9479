from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    CONFEDERATION = "confederation", _("Tổng Liên đoàn")
    INDUSTRY_UNION = "industry_union", _("Công đoàn ngành")
    DIRECT_UNION = "direct_union", _("Công đoàn trực thuộc")
    GRASSROOTS_UNION = "grassroots_union", _("Công đoàn cơ sở")
    UNION_GROUP = "union_group", _("Tổ công đoàn")


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
