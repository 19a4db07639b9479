"""Wagtail back office of the channels app (docs/subsystems/channel-publishing.md):
"Kênh truyền thông" → Kênh (accounts), Bài đăng (posts), Hàng đợi (the outbox).

Every listing and object comes from the policies in `viewsets.common` (so from
`org.scoping`), and every change goes through `channels.services`, which check
the scope again and write the audit log. Registration is in `wagtail_hooks.py`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.channels.viewsets.accounts import ChannelAccountViewSet
from lantoa.channels.viewsets.autopost import AutopostPageButton, AutopostViewSet
from lantoa.channels.viewsets.common import (
    ACCOUNTS,
    DELIVERIES,
    POSTS,
    account_permission_policy,
    delivery_permission_policy,
    post_permission_policy,
)
from lantoa.channels.viewsets.deliveries import DeliveryViewSet
from lantoa.channels.viewsets.posts import PostViewSet

__all__ = [
    "ACCOUNTS",
    "DELIVERIES",
    "POSTS",
    "AutopostPageButton",
    "AutopostViewSet",
    "ChannelAccountViewSet",
    "ChannelsMenuGroup",
    "DeliveryViewSet",
    "PostViewSet",
    "account_permission_policy",
    "delivery_permission_policy",
    "post_permission_policy",
]


class ChannelsMenuGroup(ViewSetGroup):
    """ "Kênh truyền thông" in the admin menu, for whoever manages some unit's content."""

    menu_label = _("Kênh truyền thông")
    menu_name = "social-channels"
    menu_icon = "globe"
    menu_order = 200
    items = (ChannelAccountViewSet, PostViewSet, DeliveryViewSet, AutopostViewSet)
