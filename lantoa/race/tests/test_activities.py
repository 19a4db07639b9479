"""Uploads are stored, then checked by the task: valid, too fast,
teleporting, duplicate, overlapping, corrupted; the review queue and appeals;
the daily cap and the per-unit roll-up."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.core.models import AuditLogEntry
from lantoa.race.choices import ActivityStatus, AppealStatus, CheckCode
from lantoa.race.exceptions import AppealNotAllowed, SubmissionClosed, UploadInvalid
from lantoa.race.models import Activity, Registration, UnitResult
from lantoa.race.services import activities
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import race_approved, register, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(race, runner):
    return register(race, runner)


def _codes(activity):
    return [f["code"] for f in activity.findings]


def _unit_totals(race):
    return {
        r.unit_path: (r.registered, r.active, r.total_m)
        for r in UnitResult.objects.filter(race=race)
    }


def test_a_valid_gpx_counts_and_rolls_up_to_every_unit_above(
    entry, race, tree, morning, django_capture_on_commit_callbacks
):
    data = tf.gpx(tf.run(start=morning, km=5.2, pace_s=360))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity = activities.activity_upload(
            actor=entry.member.user,
            registration=entry,
            file=SimpleUploadedFile("sang.gpx", data),
            sport="run",
        )
    assert len(callbacks) == 1  # the processing task, after commit
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.ACCEPTED
    assert (activity.distance_m, activity.counted_m, activity.moving_s) == (5200, 5200, 1872)
    assert activity.findings == []
    entry.refresh_from_db()
    assert (entry.total_m, entry.activity_count) == (5200, 1)
    assert _unit_totals(race) == {
        tree.parent.path: (1, 1, 5200),
        tree.unit.path: (1, 1, 5200),
    }
    assert list(
        AuditLogEntry.objects.filter(
            target_id=str(activity.pk), action__startswith="race.activity_"
        )
        .order_by("id")
        .values_list("action", "actor_name")
    ) == [("race.activity_upload", ""), ("race.activity_process", "race.activity_process")]


@pytest.mark.parametrize("writer", [tf.fit, tf.tcx])
def test_fit_and_tcx_count_the_same(entry, morning, writer):
    activity = upload(entry, writer(tf.run(start=morning, km=3.5, pace_s=400)), name="x.fit")
    assert (activity.status, activity.counted_m) == (ActivityStatus.ACCEPTED, 3500)


def test_too_fast_is_not_counted_and_says_why(entry, morning):
    activity = upload(entry, tf.gpx(tf.run(start=morning, km=10, pace_s=120)))
    assert activity.status == ActivityStatus.REJECTED
    assert _codes(activity) == [CheckCode.TOO_FAST, CheckCode.SPLIT_TOO_FAST]
    assert activity.findings[0]["message"] == (
        "Tốc độ trung bình 2:00/km nhanh hơn mức cho phép 3:00/km."
    )
    entry.refresh_from_db()
    assert entry.total_m == 0


def test_a_teleporting_track_waits_for_review(entry, morning):
    points = tf.teleport(tf.run(start=morning, km=6, pace_s=360), at=200, km=3)
    activity = upload(entry, tf.gpx(points))
    assert activity.status == ActivityStatus.REVIEW
    assert CheckCode.TELEPORT in _codes(activity)
    teleport = next(f for f in activity.findings if f["code"] == CheckCode.TELEPORT)
    assert teleport["message"] == "Vị trí nhảy cóc 1 lần (lớn nhất 3,00 km trong 5 giây)."
    entry.refresh_from_db()
    assert entry.total_m == 0  # nothing counts before an officer decides


def test_the_same_file_twice_is_a_duplicate(entry, morning):
    data = tf.gpx(tf.run(start=morning, km=5, pace_s=360))
    upload(entry, data)
    second = upload(entry, data)
    assert second.status == ActivityStatus.REJECTED
    assert second.findings == [
        {"code": "duplicate_file", "severity": "reject", "message": "Tệp này đã được nộp trước đó."}
    ]
    entry.refresh_from_db()
    assert entry.total_m == 5000


def test_the_same_run_in_another_format_or_by_someone_else_is_a_duplicate(
    entry, race, tree, morning
):
    points = tf.run(start=morning, km=5, pace_s=360)
    upload(entry, tf.gpx(points))
    as_fit = upload(entry, tf.fit(points), name="same.fit")
    assert (as_fit.status, _codes(as_fit)) == (ActivityStatus.REJECTED, ["duplicate_track"])
    from lantoa.org.tests.factories import MemberFactory

    friend = register(race, MemberFactory(unit=tree.sibling))
    borrowed = upload(friend, tf.tcx(points), name="ban.tcx")
    assert borrowed.findings[0]["message"] == (
        "Hoạt động này đã được nộp bởi một vận động viên khác "
        "(cùng thời điểm, vị trí và quãng đường)."
    )


def test_overlapping_activities_count_once(entry, morning):
    upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    later = morning + dt.timedelta(minutes=10)
    overlapping = upload(
        entry, tf.gpx(tf.run(start=later, km=4, pace_s=360, origin=(10.40, 107.10)))
    )
    assert overlapping.status == ActivityStatus.REJECTED
    assert _codes(overlapping) == [CheckCode.OVERLAP]
    assert overlapping.findings[0]["message"].startswith(
        "Trùng thời gian với hoạt động bắt đầu lúc "
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"PK\x03\x04 not an activity",
            "Tệp không phải GPX, FIT hay TCX. Hãy xuất hoạt động từ ứng dụng chạy bộ "
            "(Strava, Garmin Connect, …) dưới dạng GPX, FIT hoặc TCX rồi nộp lại.",
        ),
        (b"<?xml version='1.0'?><gpx><trk><trkseg><trkpt", "Tệp GPX bị hỏng: nội dung XML"),
    ],
)
def test_a_corrupted_file_fails_with_a_clear_message(entry, data, message):
    activity = upload(entry, data)
    assert activity.status == ActivityStatus.FAILED
    assert activity.message.startswith(message)
    assert activity.findings == []


def test_refusals_before_anything_is_stored(entry, race):
    with pytest.raises(UploadInvalid, match=r"Chỉ nhận tệp \.gpx, \.fit hoặc \.tcx\."):
        upload(entry, b"x", name="anh.jpg")
    with pytest.raises(UploadInvalid, match=r"Tệp rỗng\."):
        upload(entry, b"", name="a.gpx")
    race.submission_deadline = race.submission_deadline.replace(year=2000)
    race.save(update_fields=["submission_deadline"])
    with pytest.raises(SubmissionClosed):
        upload(entry, b"<gpx/>")
    assert Activity.objects.count() == 0
    assert AuditLogEntry.objects.filter(action="race.activity_upload").count() == 0


def test_only_the_member_or_the_organisers_upload(entry, people, morning):
    from lantoa.core.exceptions import PermissionDenied

    data = tf.gpx(tf.run(start=morning, km=5, pace_s=360))
    with pytest.raises(PermissionDenied):
        upload(entry, data, actor=people.unit_officer)  # officer below the organiser
    with pytest.raises(PermissionDenied):
        upload(entry, data, actor=people.outsider)
    assert upload(entry, data, actor=people.officer).status == ActivityStatus.ACCEPTED


def test_the_daily_cap_counts_the_first_kilometres_of_the_day(tree, runner, morning):
    race = race_approved(tree.parent, title="Giải có giới hạn", daily_cap_km="8.00")
    entry = register(race, runner)
    first = upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    evening = morning + dt.timedelta(hours=12)
    second = upload(entry, tf.gpx(tf.run(start=evening, km=6, pace_s=360)))
    assert (first.counted_m, second.counted_m) == (5000, 3000)
    assert second.findings[-1] == {
        "code": "daily_cap",
        "severity": "note",
        "message": "Giới hạn 8,00 km mỗi ngày: chỉ tính 3,00 km của hoạt động này.",
    }
    entry.refresh_from_db()
    assert entry.total_m == 8000
    assert UnitResult.objects.get(race=race, unit=tree.unit).total_m == 8000


def test_activities_per_day_and_treadmill_rules(tree, runner, morning):
    race = race_approved(tree.parent, title="Giải một lần mỗi ngày", max_activities_per_day=1)
    entry = register(race, runner)
    upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    evening = morning + dt.timedelta(hours=12)
    second = upload(entry, tf.gpx(tf.run(start=evening, km=5, pace_s=360)))
    assert (second.status, _codes(second)) == (ActivityStatus.REJECTED, ["per_day"])
    next_day = morning - dt.timedelta(days=1)
    treadmill = upload(
        entry,
        tf.fit(tf.indoor(tf.run(start=next_day, km=5, pace_s=360)), sub_sport="treadmill"),
        name="may.fit",
    )
    assert (treadmill.status, _codes(treadmill)) == (ActivityStatus.REJECTED, ["treadmill"])


def test_review_queue_approve_and_reject(entry, people, morning):
    from lantoa.core.exceptions import PermissionDenied

    held = upload(entry, tf.gpx(tf.teleport(tf.run(start=morning, km=6, pace_s=360), at=100, km=2)))
    assert held.status == ActivityStatus.REVIEW
    with pytest.raises(PermissionDenied):
        activities.activity_approve(actor=people.unit_officer, activity=held)
    activities.activity_approve(actor=people.officer, activity=held, note="GPS chập chờn ở hầm")
    held.refresh_from_db()
    entry.refresh_from_db()
    assert (held.status, held.reviewed_by, entry.total_m) == (
        ActivityStatus.ACCEPTED,
        people.officer,
        held.distance_m,
    )
    other = upload(
        entry,
        tf.gpx(
            tf.teleport(tf.run(start=morning - dt.timedelta(days=1), km=4, pace_s=360), at=50, km=2)
        ),
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        activities.activity_reject(actor=people.officer, activity=other, note=" ")
    activities.activity_reject(actor=people.officer, activity=other, note="Đi xe máy đoạn giữa")
    other.refresh_from_db()
    assert (other.status, other.review_note) == (ActivityStatus.REJECTED, "Đi xe máy đoạn giữa")


def test_an_appeal_upheld_makes_the_activity_count(entry, people, morning):
    rejected = upload(entry, tf.gpx(tf.run(start=morning, km=6, pace_s=170)))
    assert rejected.status == ActivityStatus.REJECTED
    with pytest.raises(AppealNotAllowed):
        activities.appeal_create(actor=people.officer, activity=rejected, text="x")
    appeal = activities.appeal_create(
        actor=entry.member.user, activity=rejected, text="Tôi chạy xuống dốc cả quãng."
    )
    with pytest.raises(AppealNotAllowed):
        activities.appeal_create(actor=entry.member.user, activity=rejected, text="lần nữa")
    activities.appeal_uphold(actor=people.officer, appeal=appeal, note="Đúng là đường dốc")
    appeal.refresh_from_db()
    rejected.refresh_from_db()
    entry.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert (rejected.status, entry.total_m) == (ActivityStatus.ACCEPTED, 6000)


def test_a_dismissed_appeal_changes_nothing(entry, people, morning):
    rejected = upload(entry, tf.gpx(tf.run(start=morning, km=6, pace_s=170)))
    appeal = activities.appeal_create(
        actor=entry.member.user, activity=rejected, text="Xin xem lại"
    )
    activities.appeal_dismiss(actor=people.officer, appeal=appeal, note="Tốc độ không thực tế")
    rejected.refresh_from_db()
    entry.refresh_from_db()
    assert (rejected.status, entry.total_m) == (ActivityStatus.REJECTED, 0)


def test_manual_entries_only_where_allowed_and_always_reviewed(tree, runner, morning, entry):
    from lantoa.race.exceptions import ManualNotAllowed

    with pytest.raises(ManualNotAllowed):
        activities.activity_manual_create(
            actor=runner.user,
            registration=entry,
            sport="run",
            started_at=morning,
            distance_km="5",
            duration=dt.timedelta(minutes=30),
        )
    race = race_approved(tree.parent, title="Giải nhận nhập tay", allow_manual=True)
    manual_entry = register(race, runner)
    activity = activities.activity_manual_create(
        actor=runner.user,
        registration=manual_entry,
        sport="run",
        started_at=morning,
        distance_km="5",
        duration=dt.timedelta(minutes=30),
    )
    from lantoa.race.tasks import activity_process_task

    activity_process_task.call(activity_id=activity.pk)
    activity.refresh_from_db()
    assert (activity.status, _codes(activity)) == (ActivityStatus.REVIEW, ["manual"])


def test_processing_twice_changes_nothing(entry, morning):
    from lantoa.race.actors import ACTIVITY_PROCESS
    from lantoa.race.processing import activity_process

    activity = upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    assert activity_process(actor=ACTIVITY_PROCESS, activity_id=activity.pk) is None
    assert Registration.objects.get(pk=entry.pk).total_m == 5000
