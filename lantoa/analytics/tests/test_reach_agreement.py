"""One definition of a post's reach: campaign progress, the coverage
dashboard (rebuilt or refreshed) and a channel's totals read the same figure,
including when the newest snapshot carries no reach (the platform did not say:
unknown, not zero)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lantoa.analytics.periods import Period, month_start
from lantoa.analytics.selectors import dashboard_for
from lantoa.analytics.services.refresh import analytics_refresh, months_changed_by_deliveries
from lantoa.analytics.tests.factories import DeliveryFactory, MetricSnapshotFactory
from lantoa.campaigns.choices import ItemKind
from lantoa.campaigns.models import CampaignItem
from lantoa.campaigns.selectors import campaign_progress
from lantoa.campaigns.tests.factories import CampaignFactory
from lantoa.channels.selectors import channel_totals
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def _figures(tree, account, since):
    campaign = CampaignFactory(unit=tree.root)
    viewer = RoleAssignmentFactory(unit=tree.root, role=Role.OFFICER).user
    for delivery in account.deliveries.all():
        CampaignItem.objects.create(
            campaign=campaign,
            unit=tree.unit,
            kind=ItemKind.POST,
            content_type=ContentType.objects.get_for_model(delivery.post),
            object_id=delivery.post_id,
        )
    this_month = month_start(timezone.localdate())
    dashboard = dashboard_for(tree.root, Period(this_month, this_month))
    return (
        campaign_progress(campaign, viewer=viewer).reach_channels,
        dashboard.output.reach,
        channel_totals(account, since).reach,
    )


@pytest.mark.parametrize("refresh", ["rebuild", "incremental"])
def test_campaign_progress_and_dashboard_agree_on_a_post_whose_newest_reach_is_empty(tree, refresh):
    now = timezone.now()
    account = ChannelAccountFactory(unit=tree.unit)
    if refresh == "incremental":
        analytics_refresh(full=True)
    quiet = DeliveryFactory(account=account, sent_at=now - dt.timedelta(minutes=30))
    MetricSnapshotFactory(delivery=quiet, reach=400, taken_at=now - dt.timedelta(minutes=20))
    MetricSnapshotFactory(delivery=quiet, reach=None, reactions=7, taken_at=now)
    plain = DeliveryFactory(account=account, sent_at=now - dt.timedelta(minutes=30))
    MetricSnapshotFactory(delivery=plain, reach=50, taken_at=now - dt.timedelta(minutes=20))
    MetricSnapshotFactory(delivery=plain, reach=90, taken_at=now)
    never = DeliveryFactory(account=account, sent_at=now - dt.timedelta(minutes=30))
    MetricSnapshotFactory(delivery=never, reach=None, taken_at=now)
    # What analytics does on hearing the deliveries go out and their figures pulled.
    months_changed_by_deliveries([quiet.pk, plain.pk, never.pk])
    analytics_refresh(full=refresh == "rebuild")

    assert _figures(tree, account, now - dt.timedelta(hours=1)) == (490, 490, 490)
