"""Registration only: the honours app's permission policies and admin
screens (classes live in `honours.viewsets` and `honours.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.honours.viewsets import POLICIES, HonoursMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_honours_admin() -> HonoursMenuGroup:
    return HonoursMenuGroup()
