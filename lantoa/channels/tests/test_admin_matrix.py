"""The channels back office's scope, as a matrix over the org `tree`: every
screen of every channel, post and delivery answers 200 inside the subtree of
the unit where the role is held and 404 outside it; refused writes change
nothing; listings show the subtree only and stay flat in queries."""

import pytest
from django.urls import reverse

from lantoa.channels.choices import AccountState, DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services import posts
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.channels.tests.test_admin import (
    ACCOUNTS,
    DELIVERIES,
    POSTS,
    TOKEN,
    html,
    officer_of,
    url,
)
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import UserFactory

tree = org_conftest.tree  # the org tests' unit tree fixture (root … sibling, uncle)

# One channel, post and delivery at each unit of the org `tree`; a role held at
# `holder`. Every screen of every object answers 200 inside the holder's subtree
# and 404 outside it (the object does not exist for them); a user without a
# role is sent to the login.

TARGETS = ("unit", "child", "grandchild", "sibling", "parent")
PAGES = {
    "account_inspect": lambda o: url(f"{ACCOUNTS}:inspect", o["account"].pk),
    "account_reconnect": lambda o: url(f"{ACCOUNTS}:reconnect", o["account"].pk),
    "account_pause": lambda o: url(f"{ACCOUNTS}:pause", o["account"].pk),
    "account_resume": lambda o: url(f"{ACCOUNTS}:resume", o["account"].pk),
    "post_inspect": lambda o: url(f"{POSTS}:inspect", o["post"].pk),
    "post_edit": lambda o: url(f"{POSTS}:edit", o["post"].pk),
    "delivery_inspect": lambda o: url(f"{DELIVERIES}:inspect", o["delivery"].pk),
    "delivery_change": lambda o: url(f"{DELIVERIES}:change", o["delivery"].pk),
    "delivery_retry": lambda o: url(f"{DELIVERIES}:retry", o["delivery"].pk),
    "delivery_cancel": lambda o: url(f"{DELIVERIES}:cancel", o["delivery"].pk),
    "delivery_resolve": lambda o: url(f"{DELIVERIES}:resolve", o["delivery"].pk),
    "delivery_delete_remote": lambda o: url(f"{DELIVERIES}:delete_remote", o["delivery"].pk),
}
# Which targets lie in the subtree of the unit where the role is held.
VISIBLE = {
    "unit": {"unit", "child", "grandchild"},
    "sibling": {"sibling"},
    "parent": set(TARGETS),
}


@pytest.fixture
def world(tree):
    objects = {}
    for target in TARGETS:
        unit = getattr(tree, target)
        account = ChannelAccountFactory(unit=unit, name=f"Kênh-{target}")
        post = posts.post_create(actor=SYSTEM, unit=unit, text=f"Bài-của-{target}")
        (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[account])
        objects[target] = {"account": account, "post": post, "delivery": delivery}
    return objects


def answer(response):
    if response.status_code == 302:
        if response["Location"].startswith(reverse("wagtailadmin_login")):
            return "login"
        return f"302 → {response['Location']}"
    return response.status_code


@pytest.mark.parametrize("holder", ["unit", "sibling", "parent"])
@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMINISTRATOR])
def test_every_screen_of_every_object_is_scoped(client, tree, world, holder, role):
    client.force_login(officer_of(getattr(tree, holder), role))
    actual = {
        (page, target): answer(client.get(make_url(world[target])))
        for page, make_url in PAGES.items()
        for target in TARGETS
    }
    expected = {
        (page, target): 200 if target in VISIBLE[holder] else 404
        for page in PAGES
        for target in TARGETS
    }
    assert actual == expected


def test_a_user_without_a_role_reaches_no_screen(client, tree, world):
    client.force_login(UserFactory())
    answers = {answer(client.get(make_url(world["unit"]))) for make_url in PAGES.values()}
    assert answers == {"login"}


@pytest.mark.parametrize(
    ("index", "marker"),
    [(ACCOUNTS, "Kênh-"), (POSTS, "Bài-của-"), (DELIVERIES, "Bài-của-")],
)
def test_listings_show_the_subtree_only(client, tree, world, index, marker):
    client.force_login(officer_of(tree.unit))
    page = html(client.get(url(f"{index}:index")))
    shown = {target for target in TARGETS if f"{marker}{target}" in page}
    assert shown == VISIBLE["unit"]


def test_a_unit_filter_outside_the_scope_lists_nothing(client, tree, world):
    client.force_login(officer_of(tree.unit))
    response = client.get(url(f"{DELIVERIES}:index"), {"unit": tree.sibling.code})
    assert response.status_code == 200
    assert "Bài-của-" not in html(response)


def test_a_siblings_officer_changes_nothing(client, tree, world, fake_telegram):
    """Every write, posted straight at the URL of another unit's object, is
    404 and leaves rows and audit log as they were."""
    client.force_login(officer_of(tree.sibling))
    target = world["unit"]
    Delivery.objects.filter(pk=target["delivery"].pk).update(status=DeliveryStatus.FAILED)
    audit_before = AuditLogEntry.objects.count()
    writes = [
        (url(f"{ACCOUNTS}:pause", target["account"].pk), {}),
        (url(f"{ACCOUNTS}:reconnect", target["account"].pk), {"token": TOKEN}),
        (url(f"{POSTS}:inspect", target["post"].pk), {"channels": [target["account"].pk]}),
        (url(f"{POSTS}:edit", target["post"].pk), {"text": "Sửa trộm"}),
        (url(f"{DELIVERIES}:retry", target["delivery"].pk), {}),
        (url(f"{DELIVERIES}:cancel", target["delivery"].pk), {}),
        (url(f"{DELIVERIES}:resolve", target["delivery"].pk), {"was_posted": "1"}),
        (url(f"{DELIVERIES}:change", target["delivery"].pk), {"text": "Sửa trộm"}),
        (url(f"{DELIVERIES}:delete_remote", target["delivery"].pk), {}),
    ]
    assert [client.post(u, data).status_code for u, data in writes] == [404] * len(writes)

    account = ChannelAccount.objects.get(pk=target["account"].pk)
    delivery = Delivery.objects.get(pk=target["delivery"].pk)
    assert (account.state, account.credentials_encrypted) == (
        AccountState.ACTIVE,
        target["account"].credentials_encrypted,
    )
    assert (delivery.status, delivery.text_override) == (DeliveryStatus.FAILED, "")
    assert Post.objects.get(pk=target["post"].pk).text == "Bài-của-unit"
    assert Delivery.objects.filter(post=target["post"]).count() == 1
    assert AuditLogEntry.objects.count() == audit_before
    # Composing for the other unit is refused on the form, and stores nothing.
    response = client.post(
        url(f"{POSTS}:add"), {"unit": tree.unit.code, "text": "Đăng hộ", "link": ""}
    )
    assert response.context["form"].errors["unit"] == [
        "Không có đơn vị mã «KVT» trong phạm vi của bạn."
    ]
    assert Post.objects.filter(text="Đăng hộ").count() == 0


# ---- listings stay flat in queries ---------------------------------------------------------


@pytest.mark.parametrize("index", [ACCOUNTS, POSTS, DELIVERIES])
def test_listing_queries_do_not_grow_with_rows(client, tree, world, index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer_of(tree.unit))
    index_url = url(f"{index}:index")
    client.get(index_url)  # warm: session, admin profile

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(index_url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(4):
        account = ChannelAccountFactory(unit=tree.child, name=f"Thêm-{n}")
        post = posts.post_create(actor=SYSTEM, unit=tree.child, text=f"Thêm-{n}")
        posts.post_schedule(actor=SYSTEM, post=post, accounts=[account])
    assert count() == before
