"""What the apps above the member area use from it: the home sections and
navigation links they register in `AppConfig.ready()`, and the view guard
that lets only signed-in members through (with the member it finds)."""

from lantoa.memberarea.access import member_of, member_required, sign_in_url
from lantoa.memberarea.sections import (
    NavLink,
    Section,
    SectionItem,
    register_home_section,
    register_nav_link,
)

__all__ = [
    "NavLink",
    "Section",
    "SectionItem",
    "member_of",
    "member_required",
    "register_home_section",
    "register_nav_link",
    "sign_in_url",
]
