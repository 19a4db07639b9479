"""Registration only: the channels app's permission policies and admin screens
(classes live in the `channels.viewsets` package)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.viewsets import (
    AutopostPageButton,
    ChannelsMenuGroup,
    account_permission_policy,
    delivery_permission_policy,
    post_permission_policy,
)

# Policies first: Wagtail creates a fallback (Django model permissions) for a
# model the first time one is asked for, and refuses a registration after it.
register_permission_policy(ChannelAccount, account_permission_policy)
register_permission_policy(Post, post_permission_policy)
register_permission_policy(Delivery, delivery_permission_policy)


@hooks.register("register_admin_viewset")
def register_channels_admin() -> ChannelsMenuGroup:
    return ChannelsMenuGroup()


@hooks.register("register_page_header_buttons")
def autopost_page_button(page, user, view_name, next_url=None):  # type: ignore[no-untyped-def]
    yield AutopostPageButton(page=page, priority=80)
