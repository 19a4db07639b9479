"""Reading GPX, FIT and TCX files made by the tests; broken files → a clear message."""

import datetime as dt

import pytest

from lantoa.race.checks import km_splits, measure
from lantoa.race.choices import Sport
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tracks import TrackError, track_read

START = dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.UTC)


@pytest.fixture
def points():
    return tf.run(start=START, km=5.2, pace_s=360)


@pytest.mark.parametrize("writer", [tf.gpx, tf.tcx, tf.fit])
def test_the_three_formats_read_to_the_same_track(writer, points):
    track = track_read(writer(points))
    measured = measure(track)
    assert track.sport == Sport.RUN
    assert track.indoor is False
    assert len(track.points) == 376
    assert round(measured.distance_m) == 5200
    assert measured.started_at == START
    assert [round(s) for s in km_splits(measured.samples)] == [360] * 5


def test_a_treadmill_fit_file_is_indoor_and_measured_by_the_device(points):
    track = track_read(tf.fit(tf.indoor(points), sub_sport="treadmill"))
    assert track.indoor is True
    assert round(measure(track).distance_m) == 5200


def test_the_sport_written_in_the_file_is_read(points):
    assert track_read(tf.fit(points, sport="cycling")).sport == Sport.CYCLE
    assert track_read(tf.tcx(points, sport="Biking")).sport == Sport.CYCLE
    assert track_read(tf.gpx(points, sport="walking")).sport == Sport.WALK
    other = track_read(tf.gpx(points, sport="kayaking"))
    assert (other.sport, other.sport_name) == (None, "kayaking")


def _message(data: bytes) -> str:
    with pytest.raises(TrackError) as caught:
        track_read(data)
    return caught.value.message


def test_corrupted_files_are_refused_with_a_clear_message(points):
    fit = tf.fit(points)
    assert _message(b"\x00\x01garbage" * 50) == (
        "Tệp không phải GPX, FIT hay TCX. Hãy xuất hoạt động từ ứng dụng chạy bộ "
        "(Strava, Garmin Connect, …) dưới dạng GPX, FIT hoặc TCX rồi nộp lại."
    )
    # One flipped byte in the middle of a FIT file: its CRC no longer matches.
    flipped = bytearray(fit)
    flipped[len(fit) // 2] ^= 0xFF
    assert _message(bytes(flipped)) == (
        "Tệp FIT bị hỏng (sai mã kiểm tra CRC): hãy tải lại tệp gốc từ thiết bị."
    )
    assert _message(fit[: len(fit) // 2]).startswith("Tệp FIT bị hỏng hoặc bị cắt cụt:")
    gpx = tf.gpx(points)
    assert _message(gpx[: len(gpx) // 2]).startswith("Tệp GPX bị hỏng: nội dung XML không đọc được")
    tcx = tf.tcx(points)
    assert _message(tcx[: len(tcx) // 3]).startswith("Tệp TCX bị hỏng: nội dung XML không đọc được")


def test_a_gpx_route_without_times_is_refused(points):
    timeless = tf.gpx(points).replace(b"<time>", b"<!--").replace(b"</time>", b"-->")
    assert _message(timeless) == (
        "Tệp GPX không có thời gian ở các điểm ghi (có thể là lộ trình vẽ tay): "
        "hãy xuất hoạt động đã ghi từ ứng dụng."
    )


def test_xml_with_entities_never_reaches_the_parser(points):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx><trk><name>&b;</name></trk></gpx>'
    )
    assert _message(bomb) == "Tệp GPX chứa khai báo XML không được phép (DTD, thực thể)."


def test_a_file_with_one_point_is_refused(points):
    assert _message(tf.gpx(points[:1])) == (
        "Tệp GPX không có đủ điểm ghi kèm thời gian: không tính được quãng đường."
    )
