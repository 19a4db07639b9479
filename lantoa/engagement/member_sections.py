"""Quizzes and surveys on the member home and navigation (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import (
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)
from lantoa.org.public import Member


def open_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.engagement.selectors import quizzes_for_member, surveys_for_member

    items = [
        SectionItem(
            title=q.title,
            url=reverse("engagement:quiz", args=[q.public_id]),
            detail=f"Thi tìm hiểu · {q.unit.name} · hạn {q.closes_at:%d/%m/%Y}",
            badge="Đang mở",
        )
        for q in quizzes_for_member(member)[:3]
    ] + [
        SectionItem(
            title=s.title,
            url=reverse("engagement:survey", args=[s.public_id]),
            detail=f"{s.get_kind_display()} · {s.unit.name}",
            badge="Ẩn danh" if s.anonymous else "",
        )
        for s in surveys_for_member(member)[:3]
    ]
    if not items:
        return None
    return Section(
        key="engagement.open",
        title="Thi tìm hiểu và khảo sát",
        items=items,
        more_url=reverse("engagement:list"),
        more_label="Tất cả",
    )


def register() -> None:
    register_home_section("engagement.open", open_section, order=15)
    register_nav_link("engagement.list", "Thi và khảo sát", "engagement:list", order=25)
