"""What the member home shows, contributed by the apps above the member area.

The member area sits just above `org` and knows no event, contest or share
kit. An app that has something for members registers a section provider in
its `AppConfig.ready()`:

    register_home_section("engagement.races", races_section, order=20)

A provider receives the request and the signed-in `Member` and returns a
`Section` (or None when it has nothing for this member). Bottom navigation
links are registered the same way with `register_nav_link`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from lantoa.org.public import Member


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str = ""
    detail: str = ""
    badge: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[SectionItem] = field(default_factory=list)
    empty_text: str = ""
    more_url: str = ""
    more_label: str = ""


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str
    url_name: str
    order: int

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SectionProvider = Callable[[HttpRequest, Member], Section | None]

_SECTIONS: dict[str, tuple[int, SectionProvider]] = {}
_NAV: dict[str, NavLink] = {}


def register_home_section(key: str, provider: SectionProvider, *, order: int = 100) -> None:
    """Add (or replace, by `key`) a section of the member home."""
    _SECTIONS[key] = (order, provider)


def register_nav_link(key: str, label: str, url_name: str, *, order: int = 100) -> None:
    """Add (or replace, by `key`) a link of the member area's navigation."""
    _NAV[key] = NavLink(key, label, url_name, order)


def home_sections(request: HttpRequest, member: Member) -> list[Section]:
    """The sections for `member`, in their registered order."""
    sections = []
    for _order, provider in sorted(_SECTIONS.values(), key=lambda entry: entry[0]):
        section = provider(request, member)
        if section is not None:
            sections.append(section)
    return sections


def nav_links() -> list[NavLink]:
    return sorted(_NAV.values(), key=lambda link: (link.order, link.key))


def _profile_section(request: HttpRequest, member: Member) -> Section:
    unit = member.unit
    return Section(
        key="memberarea.profile",
        title="Hồ sơ của tôi",
        items=[
            SectionItem(title=member.full_name, detail=f"Mã nhân viên {member.employee_code}"),
            SectionItem(title=unit.name, detail="Đơn vị sinh hoạt"),
        ],
    )


def register_own_sections() -> None:
    register_home_section("memberarea.profile", _profile_section, order=1000)
    register_nav_link("memberarea.home", "Trang của tôi", "memberarea:home", order=0)
