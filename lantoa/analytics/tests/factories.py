"""Factories for the analytics tests: the channel rows the channels app's
factories do not cover (deliveries, metric snapshots)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import Delivery, MetricSnapshot
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory


class DeliveryFactory(DjangoModelFactory):
    """A delivery already on the platform, unless told otherwise."""

    class Meta:
        model = Delivery

    account = factory.SubFactory(ChannelAccountFactory)
    post = factory.SubFactory(PostFactory, unit=factory.SelfAttribute("..account.unit"))
    status = DeliveryStatus.SENT
    marker = factory.Sequence(lambda n: f"an{n:010d}")
    sent_at = factory.LazyFunction(timezone.now)


class MetricSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = MetricSnapshot

    delivery = factory.SubFactory(DeliveryFactory)
    account = factory.SelfAttribute("delivery.account")
    taken_at = factory.LazyFunction(timezone.now)
    reach = 100
