"""The channels' screens and operations in the generated permission matrix
(lantoa/tests/security/)."""

import itertools

from django.apps import apps
from wagtail.models import Page

from lantoa.channels.choices import DeliveryStatus, PostStatus
from lantoa.channels.models import Delivery
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import Screen

_markers = itertools.count(1)


def account_at(unit, ctx):
    return ChannelAccountFactory(unit=unit)


def post_at(unit, ctx):
    return PostFactory(unit=unit)


def submitted_post_at(unit, ctx):
    return PostFactory(unit=unit, status=PostStatus.SUBMITTED)


def delivery_at(unit, ctx, status=DeliveryStatus.FAILED):
    return Delivery.objects.create(
        post=PostFactory(unit=unit),
        account=ChannelAccountFactory(unit=unit),
        status=status,
        marker=f"matrix{next(_markers)}",
    )


def queued_delivery_at(unit, ctx):
    return delivery_at(unit, ctx, DeliveryStatus.SCHEDULED)


def article_at(unit, ctx):
    # An article of the newsroom (a higher layer: by name, not by import).
    article = apps.get_model("newsroom", "ArticlePage")(
        title=f"Tin của {unit.name}",
        slug=f"tin-{unit.slug}-{next(_markers)}",
        lead="Công đoàn chăm lo đời sống người lao động.",
        unit=unit,
    )
    return Page.get_first_root_node().add_child(instance=article)


def public_id(obj):
    return [obj.public_id]


SCREENS = [
    Screen("channels_accounts:inspect", "view", account_at),
    Screen("channels_accounts:reconnect", "edit", account_at, "POST"),
    Screen("channels_accounts:settings", "edit", account_at, "POST"),
    Screen("channels_accounts:pause", "state", account_at, "POST"),
    Screen("channels_accounts:resume", "state", account_at, "POST"),
    Screen("channels_posts:inspect", "view", post_at),
    Screen("channels_posts:edit", "edit", post_at, "POST"),
    Screen("channels_posts:metrics_refresh", "state", post_at, "POST"),
    Screen("channels_deliveries:inspect", "view", delivery_at),
    Screen("channels_deliveries:change", "edit", queued_delivery_at, "POST"),
    Screen("channels_deliveries:retry", "state", delivery_at, "POST"),
    Screen("channels_deliveries:cancel", "state", queued_delivery_at, "POST"),
    Screen("channels_deliveries:resolve", "state", delivery_at, "POST"),
    Screen("channels_deliveries:delete_remote", "state", delivery_at, "POST"),
    Screen("channels_autopost:article", "edit", article_at, "POST"),
    Screen("api-v1:_retry", "state", delivery_at, "POST", args=public_id),
    Screen("api-v1:_cancel", "state", queued_delivery_at, "POST", args=public_id),
    Screen(
        "api-v1:post_approve",
        "state",
        submitted_post_at,
        "POST",
        args=public_id,
        data=lambda post: {"comment": ""},
        json=True,
        perm=Perm.CONTENT_APPROVE,
    ),
    Screen(
        "api-v1:post_request_changes",
        "state",
        submitted_post_at,
        "POST",
        args=public_id,
        data=lambda post: {"comment": "Sửa lại"},
        json=True,
        perm=Perm.CONTENT_APPROVE,
    ),
]
