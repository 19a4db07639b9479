"""Pacing against the platforms' sliding windows, on an injected clock (the
local-memory cache, as in development)."""

import itertools
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.channels.services.pacing import pace_try, pace_try_all


def _key() -> str:
    return f"test:{uuid.uuid4().hex}"


def test_one_per_second_refuses_two_calls_across_a_boundary():
    key = _key()
    # 20 ms apart, on either side of a whole second: the platform sees both
    # within its sliding second, so only the first may go.
    assert pace_try(key, 1, 1.0, 1_000_000.99) == 0.0
    assert pace_try(key, 1, 1.0, 1_000_001.01) > 0.9
    # A second and a fifth later (the margin for jitter) the next one goes.
    assert pace_try(key, 1, 1.0, 1_000_002.19) == 0.0


def test_a_call_refused_by_one_limit_takes_nothing_from_the_other():
    chat, bot = _key(), _key()
    now = 1_000_000.0
    assert pace_try_all([(chat, 1, 1.0), (bot, 30, 1.0)], now) == 0.0
    # The chat refuses the next call: the bot's window keeps its share ...
    for n in range(10):
        assert pace_try_all([(chat, 1, 1.0), (bot, 30, 1.0)], now + n / 1000) > 0
    # ... so three more calls to other chats go in the same window (4 in all).
    others = [pace_try_all([(_key(), 1, 1.0), (bot, 30, 1.0)], now + 0.01) for _ in range(4)]
    assert others == [0.0, 0.0, 0.0, others[3]]
    assert others[3] > 0


def _max_in_any_interval(times: list[float], seconds: float) -> int:
    times = sorted(times)
    most = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] > seconds:  # closed interval [t - seconds, t]
            start += 1
        most = max(most, end - start + 1)
    return most


@settings(max_examples=60, deadline=None)
@given(
    count=st.sampled_from([1, 2, 3, 5, 6, 7, 10, 20, 30, 60]),
    seconds=st.sampled_from([1.0, 3.0, 60.0]),
    gaps=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=300),
    offset=st.integers(min_value=0, max_value=10_000),
)
def test_no_sliding_interval_holds_more_than_the_rate(count, seconds, gaps, offset):
    """Calls tried at arbitrary moments (a few milliseconds apart, often at the
    same one): those allowed never number more than `count` in any closed
    `seconds`-long interval, wherever it starts."""
    key = _key()
    clock = 1_000_000.0 + offset / 1000
    allowed = []
    for gap in gaps:
        clock += gap / 1000
        if pace_try(key, count, seconds, clock) == 0.0:
            allowed.append(clock)
    assert allowed  # the first call always goes
    assert _max_in_any_interval(allowed, seconds) <= count


def test_the_wait_given_is_the_wait_needed():
    key = _key()
    now = 1_000_000.0
    assert pace_try(key, 1, 1.0, now) == 0.0
    wait = pace_try(key, 1, 1.0, now + 0.3)
    assert pace_try(key, 1, 1.0, now + 0.3 + wait - 0.002) > 0
    assert pace_try(key, 1, 1.0, now + 0.3 + wait) == 0.0
    # A busy 30/s key lets calls through again at the next window.
    bot = _key()
    tried = [pace_try(bot, 30, 1.0, now + n / 1000) for n in itertools.repeat(0, 10)]
    assert tried.count(0.0) == 4
    assert pace_try(bot, 30, 1.0, now + max(tried)) == 0.0
