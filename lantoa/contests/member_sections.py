"""The photo contest's part of the member home and navigation (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import (
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)
from lantoa.org.public import Member


def contests_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.contests.selectors import contests_for_member, jury_rounds_for

    items = [
        SectionItem(
            title=f"Chấm thi: {jr.round.contest.title}",
            url=reverse("contests:jury", args=[jr.round.public_id]),
            detail=f"{jr.round.title} · đã chấm {jr.scored}/{jr.entries} ảnh",
            badge="Giám khảo",
        )
        for jr in jury_rounds_for(request.user)
    ]
    for contest in contests_for_member(member)[:5]:
        items.append(
            SectionItem(
                title=contest.title,
                url=reverse("contests:detail", args=[contest.public_id]),
                detail=f"{contest.unit.name} · gửi ảnh đến {contest.entries_close_on:%d/%m/%Y}",
            )
        )
    if not items:
        return None
    return Section(
        key="contests.open",
        title="Cuộc thi ảnh",
        items=items,
        more_url=reverse("contests:list"),
        more_label="Tất cả cuộc thi ảnh",
    )


def register() -> None:
    register_home_section("contests.open", contests_section, order=25)
    register_nav_link("contests.contests", "Cuộc thi ảnh", "contests:list", order=25)
