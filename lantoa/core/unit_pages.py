"""Where a unit's public pages are, for the apps that cannot import the app
that owns them (a lower layer asks, a higher one answers; the pattern of the
member area's section registry).

- `register_link(kind, label, provider)`: `provider(units)` returns
  {unit id: absolute path} for the units that have such a page ("site": the
  unit's news site, owned by newsroom; "bulletin": its bulletin archive, owned
  by bulletin). `unit_links(units)` gathers them for the unit directory.
- `register_chrome(provider)`: `provider(unit)` returns the header of the
  unit's news site (name, home address, menu) for pages another app serves
  about the unit (the bulletin archive), so that they carry the union's name
  and the site's navigation. `unit_chrome(unit)` asks it.

Providers are registered in the owning app's `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

LinkProvider = Callable[[list[Any]], dict[int, str]]
ChromeProvider = Callable[[Any], "UnitChrome | None"]


@dataclass(frozen=True)
class UnitLink:
    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class UnitChrome:
    """The masthead and menu of a unit's news site."""

    site_name: str
    home_url: str
    tagline: str = ""
    menu: list[tuple[str, str]] = field(default_factory=list)
    # The site's stylesheet (a static path), for the masthead and menu.
    stylesheet: str = ""


_LINKS: dict[str, tuple[Any, LinkProvider]] = {}
_CHROME: list[ChromeProvider] = []


def register_link(kind: str, label: Any, provider: LinkProvider) -> None:
    """`label` may be lazy (it is read at render time, in the reader's language)."""
    _LINKS[kind] = (label, provider)


def register_chrome(provider: ChromeProvider) -> None:
    if provider not in _CHROME:
        _CHROME.append(provider)


def unit_links(units: Iterable[Any]) -> dict[int, list[UnitLink]]:
    """{unit id: its public pages}, one query or so per kind of page."""
    units = list(units)
    found: dict[int, list[UnitLink]] = {}
    for kind, (label, provider) in _LINKS.items():
        for unit_id, url in provider(units).items():
            found.setdefault(unit_id, []).append(UnitLink(kind, str(label), url))
    return found


def unit_link(kind: str, unit: Any) -> str:
    """The address of one unit's page of that kind, or ""."""
    entry = _LINKS.get(kind)
    return entry[1]([unit]).get(unit.pk, "") if entry else ""


def unit_chrome(unit: Any) -> UnitChrome | None:
    for provider in _CHROME:
        chrome = provider(unit)
        if chrome is not None:
            return chrome
    return None
