"""Precomputed per-unit facts, the only tables analytics writes
(docs/subsystems/analytics.md).

Every row holds one unit's *own* figures, never its subtree's: a roll-up is
computed when it is read, by summing the facts of the units whose path starts
with the unit's path. So a roll-up at a unit is by construction its own facts
plus its children's roll-ups, and moving a subtree (org.services.unit_move)
moves its figures at once: facts point at units by key, and the paths they are
grouped by are read from the tree at query time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.channels.choices import Platform
from lantoa.org.public import OrgUnit


class UnitFacts(models.Model):
    """The current state of one unit's communication (one row per unit)."""

    unit = models.OneToOneField(
        OrgUnit, primary_key=True, on_delete=models.CASCADE, related_name="analytics_facts"
    )
    # Counted by the daily rebuild: the member table is the largest of all.
    members = models.PositiveIntegerField(_("đoàn viên"), db_default=0)
    channels = models.PositiveIntegerField(_("kênh"), db_default=0)
    channels_active = models.PositiveIntegerField(_("kênh đang kết nối"), db_default=0)
    # Active social channels that posted within STALE_DAYS (or are newer).
    social_live = models.PositiveIntegerField(_("kênh MXH đang hoạt động"), db_default=0)
    stale_channels = models.PositiveIntegerField(_("kênh lâu không đăng bài"), db_default=0)
    followers = models.PositiveBigIntegerField(_("người theo dõi"), db_default=0)
    followers_channels = models.PositiveIntegerField(_("kênh có số người theo dõi"), db_default=0)
    has_site = models.BooleanField(_("có trang thông tin"), db_default=False)
    has_bulletin = models.BooleanField(_("có bản tin"), db_default=False)
    bulletin_subscribers = models.PositiveIntegerField(_("người đăng ký bản tin"), db_default=0)
    bulletin_recipients = models.PositiveIntegerField(
        _("người nhận số bản tin gần nhất"), db_default=0
    )

    class Meta:
        verbose_name = _("số liệu đơn vị")
        verbose_name_plural = _("số liệu đơn vị")

    def __str__(self) -> str:
        return f"facts of unit {self.unit_id}"


class UnitPlatformFacts(models.Model):
    """One unit's channels on one platform."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(_("nền tảng"), max_length=32, choices=Platform.choices)
    channels = models.PositiveIntegerField(db_default=0)
    active = models.PositiveIntegerField(db_default=0)
    live = models.PositiveIntegerField(db_default=0)
    stale = models.PositiveIntegerField(db_default=0)
    followers = models.PositiveBigIntegerField(db_default=0)
    followers_channels = models.PositiveIntegerField(db_default=0)

    class Meta:
        verbose_name = _("số liệu kênh theo nền tảng")
        verbose_name_plural = _("số liệu kênh theo nền tảng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "platform"], name="analytics_platform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.platform}"


class UnitMonthFacts(models.Model):
    """One unit's output in one calendar month (local time); a month with no
    output has no row."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("tháng"))  # the first day of the month
    articles = models.PositiveIntegerField(_("tin bài"), db_default=0)
    posts_sent = models.PositiveIntegerField(_("bài đăng"), db_default=0)
    deliveries_sent = models.PositiveIntegerField(_("lượt đăng trên kênh"), db_default=0)
    reach = models.PositiveBigIntegerField(_("lượt tiếp cận"), db_default=0)
    issues_sent = models.PositiveIntegerField(_("số bản tin"), db_default=0)
    issue_recipients = models.PositiveBigIntegerField(_("lượt nhận bản tin"), db_default=0)
    # Events and programmes (the events app): approved events the unit
    # organised starting this month, its members checked in at events this
    # month, the programme sessions it held this month and their participants.
    events_held = models.PositiveIntegerField(_("sự kiện tổ chức"), db_default=0)
    attendees = models.PositiveIntegerField(_("lượt điểm danh tại sự kiện"), db_default=0)
    programme_sessions = models.PositiveIntegerField(_("buổi sinh hoạt chương trình"), db_default=0)
    session_participants = models.PositiveBigIntegerField(
        _("lượt người tham gia chương trình"), db_default=0
    )
    # Directive tasks of the unit due this month, as of the last refresh.
    tasks = models.PositiveIntegerField(_("nhiệm vụ theo định hướng"), db_default=0)
    tasks_done = models.PositiveIntegerField(_("đã hoàn thành"), db_default=0)
    tasks_on_time = models.PositiveIntegerField(_("hoàn thành đúng hạn"), db_default=0)
    tasks_late = models.PositiveIntegerField(_("quá hạn chưa hoàn thành"), db_default=0)
    tasks_open = models.PositiveIntegerField(_("chưa đến hạn"), db_default=0)

    class Meta:
        verbose_name = _("sản lượng tháng của đơn vị")
        verbose_name_plural = _("sản lượng tháng của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="analytics_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class RefreshState(models.Model):
    """Where the last refresh stopped reading (a single row, id 1).

    `marks` holds, per append-mostly source table, {"mark": the largest
    primary key when the last refresh started, "prev": the one before,
    "seen": how many rows between the two that refresh could see}. A refresh
    reads the rows after "mark" and, when the rows between "prev" and "mark"
    are no longer "seen" in number (one committed late, or was deleted),
    those again: re-reading is harmless, facts are recomputed, never
    incremented."""

    marks = models.JSONField(default=dict)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    last_dirty_units = models.PositiveIntegerField(default=0)
    last_seconds = models.FloatField(default=0)
    # The top-level roll-up cache (see services/rollup_cache.py): valid while
    # no org.unit_* audit entry is newer than this one.
    cache_audit_mark = models.BigIntegerField(default=0)
    cache_from = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("trạng thái cập nhật số liệu")
        verbose_name_plural = _("trạng thái cập nhật số liệu")

    def __str__(self) -> str:
        return f"refreshed {self.finished_at}"


class MarkedMonth(models.Model):
    """A unit-month marked for the refresh, by plain ids: the source rows belong
    to other apps."""

    unit_id = models.BigIntegerField()
    month = models.DateField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class MarkedUnit(models.Model):
    """A unit marked for the refresh, by plain id."""

    unit_id = models.BigIntegerField(primary_key=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.unit_id)


class ChangedMonth(MarkedMonth):
    """A unit-month whose monthly facts a domain event changed (a delivery
    went out, figures were pulled, an article was published or unpublished,
    directive tasks were sent, done or overdue): written by analytics'
    subscribers (subscribers.py), taken by the next refresh. Plain ids: the
    source rows belong to other apps."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "month"], name="analytics_changed_unique")
        ]


class ChangedUnit(MarkedUnit):
    """A unit whose state facts a domain event changed (its channels'
    followers were read), taken by the next refresh."""


class DirtyUnit(MarkedUnit):
    """A unit whose state facts (channels, site, bulletin) must be
    recomputed, filled and emptied within one refresh transaction."""


class DirtyMonth(MarkedMonth):
    """A unit-month whose facts must be recomputed, filled and emptied within
    one refresh transaction."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "month"], name="analytics_dirty_unique")
        ]


# The signed figures the cache rows and the refresh's deltas share, by kind.


class MonthFigures(models.Model):
    """A unit-month's output and directive tasks (the fields of UnitMonthFacts)."""

    articles = models.BigIntegerField(db_default=0)
    posts_sent = models.BigIntegerField(db_default=0)
    deliveries_sent = models.BigIntegerField(db_default=0)
    reach = models.BigIntegerField(db_default=0)
    issues_sent = models.BigIntegerField(db_default=0)
    issue_recipients = models.BigIntegerField(db_default=0)
    events_held = models.BigIntegerField(db_default=0)
    attendees = models.BigIntegerField(db_default=0)
    programme_sessions = models.BigIntegerField(db_default=0)
    session_participants = models.BigIntegerField(db_default=0)
    tasks = models.BigIntegerField(db_default=0)
    tasks_done = models.BigIntegerField(db_default=0)
    tasks_on_time = models.BigIntegerField(db_default=0)
    tasks_late = models.BigIntegerField(db_default=0)
    tasks_open = models.BigIntegerField(db_default=0)

    class Meta:
        abstract = True


class CoverageFigures(models.Model):
    """What the coverage queries count of units' state facts."""

    units_social = models.BigIntegerField(db_default=0)
    units_site = models.BigIntegerField(db_default=0)
    units_bulletin = models.BigIntegerField(db_default=0)
    members = models.BigIntegerField(db_default=0)
    channels = models.BigIntegerField(db_default=0)
    channels_active = models.BigIntegerField(db_default=0)
    social_live = models.BigIntegerField(db_default=0)
    stale_channels = models.BigIntegerField(db_default=0)
    followers = models.BigIntegerField(db_default=0)
    followers_channels = models.BigIntegerField(db_default=0)
    bulletin_subscribers = models.BigIntegerField(db_default=0)
    bulletin_recipients = models.BigIntegerField(db_default=0)

    class Meta:
        abstract = True


class PlatformFigures(models.Model):
    """Channels on one platform (the fields of UnitPlatformFacts)."""

    platform = models.CharField(max_length=32)
    channels = models.BigIntegerField(db_default=0)
    active = models.BigIntegerField(db_default=0)
    live = models.BigIntegerField(db_default=0)
    stale = models.BigIntegerField(db_default=0)
    followers = models.BigIntegerField(db_default=0)

    class Meta:
        abstract = True


class DeltaOfUnit(models.Model):
    """A change of one unit's facts within one refresh: the unit is read, not
    guarded (the rows are emptied in the same transaction)."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        abstract = True


# ---- the top-level roll-up cache ----------------------------------------------------------
# What the grouped roll-up queries of the dashboard return for the units at
# the top of the tree (depth <= rollup_cache.CACHE_DEPTH), whose subtrees
# hold up to every unit: kept by the refresh instead of computed per view.
# `branch` is a child of `top` holding its whole subtree's figures, or `top`
# itself holding its own. Signed columns: refreshes add changes, which may be
# negative, to these rows in place.


class BranchCoverage(CoverageFigures):
    top = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    units = models.BigIntegerField(db_default=0)  # active units, every kind

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["top", "branch", "kind"], name="analytics_branch_cov_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.top_id}/{self.branch_id}/{self.kind}"


class BranchMonth(MonthFigures):
    top = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["top", "month"])]
        # Refreshes add the changes of a few units to these rows in place
        # (signed columns: a change may be negative).
        constraints = [
            models.UniqueConstraint(
                fields=["top", "branch", "kind", "month"], name="analytics_branch_month_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.top_id}/{self.branch_id}/{self.kind}/{self.month:%Y-%m}"


class BranchPlatform(PlatformFigures):
    top = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["top", "platform"], name="analytics_branch_platform_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.top_id}/{self.platform}"


class MonthDelta(DeltaOfUnit, MonthFigures):
    """The change of one unit-month of facts within one refresh (old row
    negated, new row as is), summed into the top-level cache and emptied in
    the same transaction."""

    month = models.DateField()

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class CoverageDelta(DeltaOfUnit, CoverageFigures):
    """The change of one unit's state facts within one refresh (old values
    negated, new ones as they are), counted as the coverage queries count
    them; summed into the cache and emptied in the same transaction."""

    def __str__(self) -> str:
        return str(self.unit_id)


class PlatformDelta(DeltaOfUnit, PlatformFigures):
    """The change of one unit's channels on one platform within one refresh."""

    def __str__(self) -> str:
        return f"{self.unit_id} {self.platform}"
