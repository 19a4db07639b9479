"""The union's tree of units, its members and the roles people hold at units."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from lantoa.core.text import search_key
from lantoa.org.choices import Gender, MemberStatus, Role, UnitKind


class OrgUnit(MP_Node):
    """One union unit. A materialised path makes "this unit and everything
    below it" a single indexed prefix match, at any depth."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("cấp"), max_length=32, choices=UnitKind.choices)
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=128, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True, allow_unicode=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Code, name and short name folded (no marks, lower case): "vung tau" finds
    # "Vũng Tàu" with a plain (trigram-indexed) LIKE. Derived in save(); bulk
    # writers set it with `unit_search_text`.
    search_text = models.CharField(max_length=400, editable=False, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [
            # LIKE 'prefix%' uses a b-tree only with pattern ops on PostgreSQL
            # under a non-C collation; SQLite ignores the opclass.
            models.Index(
                fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            # Scoped member queries join "units under this path" to members by
            # unit id: with the id in the index that side is an index-only scan
            # (bench/org.py: member counts of a 3,000-unit subtree 60 → 25 ms).
            models.Index(
                fields=["path", "id"],
                name="org_unit_path_id",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = unit_search_text(self.code, self.name, self.short_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        return self.name


def unit_search_text(code: str, name: str, short_name: str) -> str:
    return search_key(f"{code} {name} {short_name}")[:400]


class Member(models.Model):
    """A union member (đoàn viên). Personal data is kept to what union work needs
    and is only ever read through `scoping`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("họ và tên"), max_length=128)
    search_name = models.CharField(max_length=128, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    employee_code = models.CharField(_("mã nhân viên"), max_length=32, unique=True)
    phone = models.CharField(_("điện thoại"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    join_date = models.DateField(_("ngày vào công đoàn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        ordering = ["search_name", "id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # Name search within a scope probes each unit of the scope and
            # filters names inside the index, without touching the table
            # (bench/org.py; see selectors.member_search_page).
            models.Index(fields=["unit", "search_name", "id"], name="org_member_unit_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived from full_name on every save so the two can never drift.
        self.search_name = search_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "search_name"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class RoleAssignment(models.Model):
    """A user holds `role` at `unit`, and so over the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="unit_roles",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="org_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


def member_import_upload_to(instance: "MemberImport", filename: str) -> str:
    """A random name: member lists are personal data and their names often say
    whose ("DS doan vien PV GAS.xlsx"); the original name is kept in the row."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"member-imports/{uuid.uuid4().hex}.{suffix[:8]}"


class MemberImport(models.Model):
    """One uploaded member list and what became of it ("store first, process
    after"): the file is stored, then a task validates it (dry run) and, once
    confirmed, imports it (lantoa/org/importing/)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xử lý")
        VALIDATING = "validating", _("Đang kiểm tra")
        READY = "ready", _("Đã kiểm tra, chờ xác nhận")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được")

    file = models.FileField(_("tệp"), upload_to=member_import_upload_to, max_length=255, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị mặc định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dry_run = models.BooleanField(_("chạy thử trước"), default=True)
    skip_invalid = models.BooleanField(_("bỏ qua các dòng lỗi"), default=False)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    invalid_count = models.PositiveIntegerField(_("dòng lỗi"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    errors = models.JSONField(_("lỗi theo dòng"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập đoàn viên")
        verbose_name_plural = _("lần nhập đoàn viên")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (
            self.Status.PENDING,
            self.Status.VALIDATING,
            self.Status.IMPORTING,
        ) or (self.status == self.Status.READY and self.confirmed_at is not None)

    @property
    def can_confirm(self) -> bool:
        """A clean dry run with something to write, not yet confirmed."""
        return (
            self.status == self.Status.READY
            and self.confirmed_at is None
            and self.created_count + self.updated_count > 0
        )
