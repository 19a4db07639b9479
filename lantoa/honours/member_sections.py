"""The member's honours on the member home (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import Section, SectionItem, register_home_section
from lantoa.org.public import Member


def honours_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.honours.selectors import member_honours

    honours = member_honours(member)
    if not honours:
        return None
    return Section(
        key="honours.mine",
        title="Tôn vinh, khen thưởng",
        items=[
            SectionItem(
                title=h.round_title,
                url=reverse("honours:certificate", args=[h.public_id]),
                detail=f"{h.organiser_name} · {h.awarded_at:%d/%m/%Y}",
                badge="Chứng nhận",
            )
            for h in honours[:5]
        ],
        more_url=reverse("honours:mine"),
        more_label="Hồ sơ tôn vinh của tôi",
    )


def register() -> None:
    register_home_section("honours.mine", honours_section, order=60)
