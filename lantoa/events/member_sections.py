"""Events' part of the member home and navigation (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import (
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)
from lantoa.org.public import Member


def events_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.events import selectors

    events = selectors.events_for_member(member)
    if not events:
        return None
    joined = selectors.member_registration_ids(member, events)
    items = [
        SectionItem(
            title=event.title,
            url=reverse("events:detail", args=[event.public_id]),
            detail=f"{selectors.when_line(event)} · {event.unit.name}",
            badge="Đã đăng ký" if event.pk in joined else "",
        )
        for event in events[:5]
    ]
    return Section(
        key="events.upcoming",
        title="Sự kiện",
        items=items,
        more_url=reverse("events:list"),
        more_label="Tất cả sự kiện",
    )


def register() -> None:
    register_home_section("events.upcoming", events_section, order=15)
    register_nav_link("events.events", "Sự kiện", "events:list", order=15)
