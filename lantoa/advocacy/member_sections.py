"""Advocacy's part of the member home and navigation (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import (
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)
from lantoa.org.public import Member


def kits_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.advocacy.selectors import kits_for_member

    kits = list(kits_for_member(member)[:3])
    if not kits:
        return None
    return Section(
        key="advocacy.kits",
        title="Tin để chia sẻ",
        items=[
            SectionItem(
                title=k.title,
                url=reverse("advocacy:kit", args=[k.public_id]),
                detail=k.unit.name,
            )
            for k in kits
        ],
        more_url=reverse("advocacy:kits"),
        more_label="Tất cả tin để chia sẻ",
    )


def register() -> None:
    register_home_section("advocacy.kits", kits_section, order=30)
    register_nav_link("advocacy.kits", "Lan tỏa", "advocacy:kits", order=30)
