"""Which adapter serves which platform, and where each platform's API lives.

Tests may register a different adapter for a platform (`use_adapter`) instead
of patching import paths (STYLE.md §10).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from lantoa.channels.adapters.base import Adapter
from lantoa.channels.adapters.email import EmailAdapter
from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.adapters.telegram import TelegramAdapter
from lantoa.channels.adapters.viber import ViberAdapter
from lantoa.channels.adapters.zalo import ZaloAdapter

_ADAPTERS: dict[str, Adapter] = {
    adapter.platform: adapter
    for adapter in (
        FacebookAdapter(),
        ZaloAdapter(),
        ViberAdapter(),
        TelegramAdapter(),
        EmailAdapter(),
    )
}


def register(adapter: Adapter) -> None:
    _ADAPTERS[adapter.platform] = adapter


def adapter_for(platform: str) -> Adapter:
    try:
        return _ADAPTERS[platform]
    except KeyError:
        raise LookupError(f"No adapter for platform {platform!r}") from None


def supported_platforms() -> list[str]:
    return sorted(_ADAPTERS)


def base_url_for(platform: str) -> str:
    return str(settings.LANTOA_CHANNEL_API_URLS.get(platform, ""))


@contextmanager
def use_adapter(adapter: Adapter) -> Iterator[Adapter]:
    previous = _ADAPTERS.get(adapter.platform)
    _ADAPTERS[adapter.platform] = adapter
    try:
        yield adapter
    finally:
        if previous is None:
            del _ADAPTERS[adapter.platform]
        else:
            _ADAPTERS[adapter.platform] = previous
