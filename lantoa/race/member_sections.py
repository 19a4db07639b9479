"""The race's part of the member home and navigation (memberarea.sections)."""

from django.http import HttpRequest
from django.urls import reverse

from lantoa.memberarea.public import (
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)
from lantoa.org.public import Member


def races_section(request: HttpRequest, member: Member) -> Section | None:
    from lantoa.race.models import Registration
    from lantoa.race.selectors import races_for_member

    races = races_for_member(member)
    if not races:
        return None
    joined = dict(
        Registration.objects.filter(member=member, race__in=races).values_list("race_id", "total_m")
    )
    items = []
    for race in races[:5]:
        if race.pk in joined:
            detail = f"Đã đăng ký · {joined[race.pk] / 1000:.2f} km".replace(".", ",")
            badge = ""
        else:
            detail = f"{race.starts_on:%d/%m} – {race.ends_on:%d/%m/%Y} · {race.unit.name}"
            badge = "Mở đăng ký"
        items.append(
            SectionItem(
                title=race.title,
                url=reverse("race:detail", args=[race.public_id]),
                detail=detail,
                badge=badge,
            )
        )
    return Section(
        key="race.open",
        title="Giải chạy",
        items=items,
        more_url=reverse("race:list"),
        more_label="Tất cả giải chạy",
    )


def register() -> None:
    register_home_section("race.open", races_section, order=20)
    register_nav_link("race.races", "Giải chạy", "race:list", order=20)
