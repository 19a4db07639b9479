"""The union's tree of units, its members and the roles people hold at units."""

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from lantoa.core.storage import private_storage
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
    # Active members attached to this unit itself (not below it). A subtree's
    # count is the sum over the subtree's units — a range scan over units, not
    # over a million members (selectors.member_count_in_subtree). Written only
    # by `active_member_counts_shift` (relative F() updates, in the writer's
    # transaction) and `services.member_counts_rebuild`; save() never writes
    # it, so a stale unit instance cannot overwrite it. Moving a unit changes
    # no counter: the counts travel with the units.
    active_member_count = models.PositiveIntegerField(default=0, editable=False)
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
            # No separate index for LIKE 'prefix%' on path: Django already adds
            # a varchar_pattern_ops one for the unique `path` on PostgreSQL
            # (org_unit_path_prefix duplicated it; dropped in 0007).
            # Scoped queries that join "units under this path" to rows by unit
            # id (roles, other apps' objects; members carry unit_path instead):
            # with the id in the index that side is an index-only scan.
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
        elif not self._state.adding and not kwargs.get("force_insert") and not args:
            # Every field but the member counter (see active_member_count).
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "active_member_count"
            ]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        return self.name


def unit_search_text(code: str, name: str, short_name: str) -> str:
    return search_key(f"{code} {name} {short_name}")[:400]


COUNTER_CHUNK = 2000


def active_member_counts_shift(deltas: Mapping[int, int]) -> None:
    """Add `deltas` ({unit id: change}) to the units' active-member counters.

    Relative updates (`count + n`), so concurrent writers compose; one UPDATE
    per distinct change and chunk of ids, so an import touching 50,000 units
    (mostly +1) costs a few dozen statements, not 50,000. Call it in the same
    transaction as the member writes it accounts for.
    """
    by_delta: dict[int, list[int]] = {}
    for unit_id, delta in deltas.items():
        if delta:
            by_delta.setdefault(delta, []).append(unit_id)
    for delta, unit_ids in by_delta.items():
        unit_ids.sort()  # the same lock order in every writer
        for start in range(0, len(unit_ids), COUNTER_CHUNK):
            OrgUnit.objects.filter(pk__in=unit_ids[start : start + COUNTER_CHUNK]).update(
                active_member_count=F("active_member_count") + delta
            )


def active_member_deltas(
    before: Iterable[tuple[int, str]], after: Iterable[tuple[int, str]]
) -> Counter[int]:
    """{unit id: change} between two lists of (unit id, status) of members."""
    deltas: Counter[int] = Counter()
    for unit_id, status in before:
        if status == MemberStatus.ACTIVE:
            deltas[unit_id] -= 1
    for unit_id, status in after:
        if status == MemberStatus.ACTIVE:
            deltas[unit_id] += 1
    return deltas


class Member(models.Model):
    """A union member (đoàn viên). Personal data is kept to what union work needs
    and is only ever read through `scoping`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="members"
    )
    # The unit's path, copied: a scope's members are then one contiguous range
    # of `org_member_scope_name`, read without visiting each of the scope's
    # thousands of units (search, counts, listings; bench/org.py). Derived
    # from `unit` on every write (save(), the importer, the demo loader) and
    # rewritten for the whole subtree by `services.unit_move`;
    # `services.member_counts_rebuild` repairs it after raw writes.
    unit_path = models.CharField(max_length=255, editable=False, default="")
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
            # A scope's members are one range of this index, in (unit path,
            # name) order: search filters names inside the index without
            # touching the table and a capped search stops after one page
            # (selectors.member_search_page, bench/org.py).
            models.Index(fields=["unit_path", "search_name", "id"], name="org_member_scope_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived from full_name on every save so the two can never drift.
        self.search_name = search_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "search_name"}  # type: ignore[misc]
        counted = update_fields is None or bool({"unit", "unit_id", "status"} & {*update_fields})  # type: ignore[misc]
        if not counted:
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit_path"}  # type: ignore[misc]
        # Every single-row write keeps the unit counters and `unit_path` exact:
        # the stored unit and status, and the unit's path, are read under row
        # locks (not taken from this possibly stale instance, nor from a unit
        # a concurrent move is rewriting), in the same transaction as the write.
        with transaction.atomic(savepoint=False):
            # Unit first, then member: the order unit moves and imports lock in.
            self.unit_path = (
                OrgUnit.objects.select_for_update()
                .filter(pk=self.unit_id)
                .values_list("path", flat=True)
                .get()
            )
            before = self._stored_unit_status(lock=True)
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            active_member_counts_shift(active_member_deltas(before, [(self.unit_id, self.status)]))

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        with transaction.atomic(savepoint=False):
            before = self._stored_unit_status(lock=True)
            result = super().delete(*args, **kwargs)  # type: ignore[arg-type]
            active_member_counts_shift(active_member_deltas(before, []))
        return result

    def _stored_unit_status(self, *, lock: bool) -> list[tuple[int, str]]:
        if self.pk is None:
            return []
        rows = Member.objects.filter(pk=self.pk)
        if lock:
            rows = rows.select_for_update()
        return list(rows.values_list("unit_id", "status"))


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

    file = models.FileField(
        _("tệp"),
        upload_to=member_import_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
    )
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
