"""Registration only: the race's permission policies and admin screens
(classes live in `race.viewsets` and `race.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.race.viewsets import POLICIES, RaceMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_race_admin() -> RaceMenuGroup:
    return RaceMenuGroup()
