"""Faithful local fake servers for the social platforms Lantoa publishes to.

One module per platform (:mod:`.facebook`, :mod:`.zalo`, :mod:`.viber`, :mod:`.telegram`) on a shared base
(:mod:`.base`: loopback HTTP server in a daemon thread, post log, fault injection, ``/_fake/*`` pages).
Plain Python, standard library only, no Django. Use as context managers in tests::

    with FakeTelegram() as fake:
        bot = telegram.Bot(fake.DEFAULT_TOKEN, base_url=fake.base_url + "/bot")

or as processes: ``python -m lantoa.channels.fakes --all --base-port 8701``.
"""

from lantoa.channels.fakes.base import FakeServer
from lantoa.channels.fakes.facebook import FakeFacebook
from lantoa.channels.fakes.faults import FaultConfig
from lantoa.channels.fakes.postlog import count_posts, read_jsonl
from lantoa.channels.fakes.telegram import FakeTelegram
from lantoa.channels.fakes.viber import FakeViber
from lantoa.channels.fakes.zalo import FakeZalo

FAKES: dict[str, type[FakeServer]] = {
    "facebook": FakeFacebook,
    "zalo": FakeZalo,
    "viber": FakeViber,
    "telegram": FakeTelegram,
}

__all__ = [
    "FAKES",
    "FakeFacebook",
    "FakeServer",
    "FakeTelegram",
    "FakeViber",
    "FakeZalo",
    "FaultConfig",
    "count_posts",
    "read_jsonl",
]
