import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from devstack.demo.channels import WAITING_POST, ChannelDemoLoader, page_id
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform, PostStatus
from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot, Post
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_channels")
    assert not ChannelAccount.objects.exists()


def test_counted_units_get_channels_with_posts_and_figures_idempotently(settings, tree):
    settings.DEBUG = True
    counts = ChannelDemoLoader().load()

    facebook = ChannelAccount.objects.filter(platform=Platform.FACEBOOK_PAGE)
    # Every counted unit of the small tree (trade-union groups have no channel of their own).
    assert sorted(facebook.values_list("unit__code", flat=True)) == sorted(
        ["DKVN", "PVGAS", "KVT", "KCM", "BSR"]
    )
    assert facebook.get(unit=tree.parent).external_id == page_id(tree.parent)
    telegram = ChannelAccount.objects.get(platform=Platform.TELEGRAM_CHANNEL)
    assert telegram.unit == tree.root
    # The industry union and its direct unions that are connected have sent posts
    # with three readings each (3 h, 24 h, 72 h after sending).
    sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
    posting = {d.post.unit.code for d in sent.select_related("post__unit")}
    active = set(
        facebook.filter(state=AccountState.ACTIVE, unit__depth__lte=2).values_list(
            "unit__code", flat=True
        )
    )
    assert posting == active
    assert sent.count() == 14 * len(posting)
    assert MetricSnapshot.objects.filter(reach__isnull=False).count() == 3 * sent.count()
    assert counts["bài đã đăng"] == sent.count()

    assert ChannelDemoLoader().load() == {}
    assert ChannelAccount.objects.count() == 6
    assert Delivery.objects.count() == sent.count()


def test_pv_gas_has_a_post_waiting_for_its_approver(
    settings, tree, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    officer = UserFactory(username="tuyengiao.pvgas")
    RoleAssignmentFactory(user=officer, unit=tree.parent, role=Role.OFFICER)
    approver = UserFactory(username="duyet.pvgas", email="duyet.pvgas@example.com")
    RoleAssignmentFactory(user=approver, unit=tree.parent, role=Role.APPROVER)

    with django_capture_on_commit_callbacks(execute=True):
        ChannelDemoLoader().load()

    post = Post.objects.get(text=WAITING_POST)
    assert (post.unit, post.status, post.submitted_by) == (
        tree.parent,
        PostStatus.SUBMITTED,
        officer,
    )
    assert not post.deliveries.exists()
    assert [m.to for m in mail.outbox] == [["duyet.pvgas@example.com"]]


def test_a_demo_accounts_grassroots_union_has_sent_posts(settings, tree):
    settings.DEBUG = True
    officer = UserFactory(username="tuyengiao.khicamau")
    RoleAssignmentFactory(user=officer, unit=tree.sibling, role=Role.OFFICER)

    ChannelDemoLoader().load()

    sent = Delivery.objects.filter(status=DeliveryStatus.SENT, post__unit=tree.sibling)
    assert sent.count() == 14
