"""Faithful local fake servers for the social platforms Lantoa publishes to.

One module per platform (:mod:`.facebook`, :mod:`.zalo`, :mod:`.viber`, :mod:`.telegram`) on a shared base
(:mod:`.base`: loopback HTTP server in a daemon thread, post log, fault injection, ``/_fake/*`` pages).
Plain Python, standard library only, no Django. Use as context managers in tests::

    with FakeTelegram() as fake:
        bot = telegram.Bot(fake.DEFAULT_TOKEN, base_url=fake.base_url + "/bot")

or as processes: ``python -m devstack.fakes --all --base-port 8701``.
"""

from devstack.fakes.base import FakeServer
from devstack.fakes.esms import FakeEsms
from devstack.fakes.facebook import FakeFacebook
from devstack.fakes.faults import FaultConfig
from devstack.fakes.postlog import count_posts, read_jsonl
from devstack.fakes.telegram import FakeTelegram
from devstack.fakes.viber import FakeViber
from devstack.fakes.zalo import FakeZalo

FAKES: dict[str, type[FakeServer]] = {
    "facebook": FakeFacebook,
    "zalo": FakeZalo,
    "viber": FakeViber,
    "telegram": FakeTelegram,
    "esms": FakeEsms,
}

__all__ = [
    "FAKES",
    "FakeEsms",
    "FakeFacebook",
    "FakeServer",
    "FakeTelegram",
    "FakeViber",
    "FakeZalo",
    "FaultConfig",
    "count_posts",
    "read_jsonl",
]
