"""Registration only: the photo contest's permission policies and admin
screens (classes live in `contests.viewsets` and `contests.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.contests.viewsets import POLICIES, ContestMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_contests_admin() -> ContestMenuGroup:
    return ContestMenuGroup()
