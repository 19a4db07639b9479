"""The events app's domain events (lantoa/core/events.py): what analytics
and campaigns above hear of participation, attendance and published events."""

from django.utils.translation import gettext_lazy as _

from lantoa.core import events

SESSION_REPORTED = events.define(
    "events.session_reported",
    label=_("Đơn vị báo cáo buổi sinh hoạt của chương trình"),
    payload={
        "session_id": "id of the ProgrammeSession",
        "programme_id": "id of its Programme",
        "unit_id": "the reporting unit",
        "held_on": "ISO date the session was held",
        "participants": "how many took part",
    },
)
EVENT_APPROVED = events.define(
    "events.event_approved",
    label=_("Sự kiện đã được duyệt và công bố"),
    payload={
        "event_id": "id of the Event",
        "unit_id": "the organising unit",
        "page_id": "its public page on the unit's site (None without a site)",
        "relay_down": "whether the organiser wants lower units to relay it",
    },
)
EVENT_CANCELLED = events.define(
    "events.event_cancelled",
    label=_("Sự kiện đã duyệt bị hủy"),
    payload={
        "event_id": "id of the Event",
        "unit_id": "the organising unit",
    },
)
ATTENDANCE_RECORDED = events.define(
    "events.attendance_recorded",
    label=_("Đoàn viên được điểm danh tại sự kiện"),
    payload={
        "registration_id": "id of the Registration",
        "event_id": "id of the Event",
        "unit_id": "the member's unit when they registered",
    },
)
REPORT_PUBLISHED = events.define(
    "events.report_published",
    label=_("Bản ghi và tóm tắt sự kiện đã được đăng"),
    payload={
        "event_id": "id of the Event",
        "unit_id": "the organising unit",
        "page_id": "its public page on the unit's site (None without a site)",
    },
)
