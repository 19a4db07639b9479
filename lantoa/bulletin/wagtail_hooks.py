"""Registration only: the bulletin's permission policies and admin screens
(classes live in `bulletin.viewsets` and `bulletin.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.bulletin.models import Bulletin, Issue, Suppression
from lantoa.bulletin.viewsets import (
    BulletinMenuGroup,
    bulletin_permission_policy,
    issue_permission_policy,
    suppression_permission_policy,
)

register_permission_policy(Issue, issue_permission_policy)
register_permission_policy(Bulletin, bulletin_permission_policy)
register_permission_policy(Suppression, suppression_permission_policy)


@hooks.register("register_admin_viewset")
def register_bulletin_admin() -> BulletinMenuGroup:
    return BulletinMenuGroup()
