"""Properties of the track checks (hypothesis): runs at an honest pace are
never called too fast nor teleporting, whatever their sampling; a jump is
always caught; splits add up; slowing a run never makes it too fast."""

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lantoa.race.checks import Rules, evaluate, jumps, km_splits, measure, samples_of
from lantoa.race.choices import CheckCode, Severity
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tracks import Point, Track

START = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)
RULES = Rules(
    sports=frozenset({"run", "walk"}),
    min_pace_s=180,
    max_pace_s=1200,
    min_distance_m=1000,
    allow_treadmill=False,
    window_start=START - dt.timedelta(days=1),
    window_end=START + dt.timedelta(days=30),
)

paces = st.floats(min_value=200, max_value=1100)  # inside the window, with margin
intervals = st.floats(min_value=1, max_value=30)
distances = st.floats(min_value=1.2, max_value=15)
bearings = st.floats(min_value=0, max_value=359)
latitudes = st.floats(min_value=-60, max_value=60)


def _track(points: list[tf.P]) -> Track:
    return Track("gpx", [Point(p.t, p.lat, p.lon, p.dist) for p in points], sport="run")


def _codes(track: Track) -> set[str]:
    return {f.code for f in evaluate(track, measure(track), RULES, sport="run")}


@settings(max_examples=40, deadline=None)
@given(pace=paces, every=intervals, km=distances, bearing=bearings, lat=latitudes)
def test_an_honest_run_passes_every_track_check(pace, every, km, bearing, lat):
    points = tf.run(
        start=START, km=km, pace_s=pace, every_s=every, origin=(lat, 106.7), bearing_deg=bearing
    )
    findings = evaluate(_track(points), measure(_track(points)), RULES, sport="run")
    assert [f for f in findings if f.severity != Severity.NOTE] == []


@settings(max_examples=40, deadline=None)
@given(
    pace=paces,
    every=intervals,
    km=distances,
    jump_km=st.floats(min_value=0.5, max_value=50),
    where=st.floats(min_value=0.05, max_value=0.95),
)
def test_a_jump_is_always_caught_as_teleporting(pace, every, km, jump_km, where):
    points = tf.run(start=START, km=km, pace_s=pace, every_s=every)
    at = max(1, int(len(points) * where))
    # The jump happens between two consecutive samples, `every` seconds apart:
    # at least 500 m in ≤ 30 s is ≥ 16.7 m/s, beyond 2 × (1000 m / 180 s).
    moved = tf.teleport(points, at=at, km=jump_km)
    found = jumps(_track(moved).points, speed_mps=RULES.teleport_speed_mps)
    assert [j.index for j in found] == [at]
    assert CheckCode.TELEPORT in _codes(_track(moved))


@settings(max_examples=40, deadline=None)
@given(pace=st.floats(min_value=60, max_value=2000), every=intervals, km=distances)
def test_full_kilometres_are_timed_exactly(pace, every, km):
    assume(abs(km - round(km)) > 0.01)
    points = tf.run(start=START, km=km, pace_s=pace, every_s=every)
    splits = km_splits(samples_of(_track(points).points, indoor=False))
    assert len(splits) == int(km)
    assert all(abs(s - pace) < 0.5 for s in splits)


@settings(max_examples=40, deadline=None)
@given(
    pace=st.floats(min_value=100, max_value=1100),
    slower=st.floats(min_value=1.0, max_value=3.0),
    every=intervals,
    km=distances,
)
def test_slowing_a_run_down_never_makes_it_too_fast(pace, slower, every, km):
    fast = _codes(_track(tf.run(start=START, km=km, pace_s=pace, every_s=every)))
    slow = _codes(_track(tf.run(start=START, km=km, pace_s=pace * slower, every_s=every)))
    too_fast = {CheckCode.TOO_FAST, CheckCode.SPLIT_TOO_FAST}
    assert not (slow & too_fast) or (fast & too_fast)


@settings(max_examples=40, deadline=None)
@given(pace=st.floats(min_value=60, max_value=170), every=intervals, km=distances)
def test_a_run_faster_than_the_window_is_refused(pace, every, km):
    track = _track(tf.run(start=START, km=km, pace_s=pace, every_s=every))
    findings = evaluate(track, measure(track), RULES, sport="run")
    assert (CheckCode.TOO_FAST, Severity.REJECT) in {(f.code, f.severity) for f in findings}
