"""Who gets a unit's bulletin: computed from the tree, exceptions stored."""

from lantoa.bulletin.choices import SubscriberState, SuppressionReason
from lantoa.bulletin.models import MemberOptOut, Suppression
from lantoa.bulletin.selectors import (
    bulletins_of_member,
    member_recipients,
    recipient_count,
    subscriber_recipients,
)
from lantoa.bulletin.tests.factories import BulletinFactory, ExternalSubscriberFactory
from lantoa.org.choices import MemberStatus
from lantoa.org.tests.factories import MemberFactory


def test_members_of_the_subtree_are_subscribed_by_default(tree, bulletin):
    inside = [
        MemberFactory(unit=tree.parent, email="a@pvgas.vn"),
        MemberFactory(unit=tree.unit, email="b@pvgas.vn"),
        MemberFactory(unit=tree.grandchild, email="c@pvgas.vn"),
        MemberFactory(unit=tree.sibling, email="d@pvgas.vn"),
    ]
    MemberFactory(unit=tree.uncle, email="e@bsr.vn")  # another branch
    MemberFactory(unit=tree.root, email="f@dkvn.vn")  # above the bulletin's unit
    MemberFactory(unit=tree.unit, email="")  # no address
    MemberFactory(unit=tree.unit, email="g@pvgas.vn", status=MemberStatus.LEFT)

    assert set(member_recipients(bulletin)) == set(inside)


def test_opt_outs_and_suppressions_are_left_out(tree, bulletin):
    keep = MemberFactory(unit=tree.unit, email="keep@pvgas.vn")
    opted = MemberFactory(unit=tree.unit, email="out@pvgas.vn")
    MemberFactory(unit=tree.unit, email="Bounce@PVGAS.vn")
    MemberOptOut.objects.create(member=opted, bulletin=bulletin)
    Suppression.objects.create(email="bounce@pvgas.vn", reason=SuppressionReason.HARD_BOUNCE)
    # An opt-out of another bulletin changes nothing here.
    other = BulletinFactory(unit=tree.unit)
    MemberOptOut.objects.create(member=keep, bulletin=other)

    assert list(member_recipients(bulletin)) == [keep]
    assert list(member_recipients(other)) == [opted]


def test_external_readers_count_once_confirmed(bulletin):
    confirmed = ExternalSubscriberFactory(bulletin=bulletin)
    ExternalSubscriberFactory(bulletin=bulletin, state=SubscriberState.PENDING)
    ExternalSubscriberFactory(bulletin=bulletin, state=SubscriberState.UNSUBSCRIBED)
    suppressed = ExternalSubscriberFactory(bulletin=bulletin, email="spam@example.org")
    Suppression.objects.create(email=suppressed.email, reason=SuppressionReason.COMPLAINT)

    assert list(subscriber_recipients(bulletin)) == [confirmed]
    assert recipient_count(bulletin) == 1


def test_recipients_are_one_query(tree, bulletin, django_assert_num_queries):
    for _ in range(5):
        MemberFactory(unit=tree.unit)
    with django_assert_num_queries(1):
        assert len(list(member_recipients(bulletin))) == 5


def test_a_member_gets_the_bulletins_of_their_unit_and_its_ancestors(tree, bulletin):
    root_bulletin = BulletinFactory(unit=tree.root)
    unit_bulletin = BulletinFactory(unit=tree.unit)
    BulletinFactory(unit=tree.uncle)
    BulletinFactory(unit=tree.child)  # below the member's unit
    member = MemberFactory(unit=tree.unit)

    assert list(bulletins_of_member(member).order_by("unit__path")) == [
        root_bulletin,
        bulletin,
        unit_bulletin,
    ]
