"""The unit's approval of posts: nothing reaches a channel before an approver
of the post's unit approved it, in the admin and in the API."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lantoa.channels.actors import OUTBOX_SWEEP as SYSTEM
from lantoa.channels.choices import DeliveryStatus, PostStatus
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services import posts, review
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.api.testing import bearer_headers
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import UserFactory, staff_user

tree = org_conftest.tree


def person(unit, role, email, **names):
    return staff_user(unit, role, email=email, **names)


@pytest.fixture
def officer(tree):
    return person(tree.unit, Role.OFFICER, "soan@vungtau.example.vn", first_name="Hương")


@pytest.fixture
def approver(tree):
    return person(tree.unit, Role.APPROVER, "duyet@vungtau.example.vn", first_name="Hà")


@pytest.fixture
def site_admin(db):
    return UserFactory(email="admin@lantoa.example.vn", is_superuser=True, is_staff=True)


@pytest.fixture
def channel(tree):
    return ChannelAccountFactory(unit=tree.unit, name="Telegram Khí Vũng Tàu")


def draft(officer, tree, text="Hội thao công nhân Khí Vũng Tàu 2026"):
    return posts.post_create(actor=officer, unit=tree.unit, text=text)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


# -- services -----------------------------------------------------------------------


def test_an_officer_cannot_send_a_post_that_nobody_approved(officer, tree, channel):
    post = draft(officer, tree)

    with pytest.raises(posts.PostNotApproved):
        posts.post_schedule(actor=officer, post=post, accounts=[channel])

    assert Delivery.objects.count() == 0
    assert Post.objects.get().status == PostStatus.DRAFT
    assert not AuditLogEntry.objects.filter(action="channels.post_schedule").exists()


def test_a_submission_asks_the_units_approvers_in_vietnamese(
    officer, approver, site_admin, tree, channel, django_capture_on_commit_callbacks, settings
):
    post = draft(officer, tree)
    at = timezone.now() + dt.timedelta(days=2)
    # The officer's browser is in English: the approver is still written to in Vietnamese.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        review.post_submit(actor=officer, post=post, accounts=[channel], at=at)

    post.refresh_from_db()
    assert (post.status, post.requested_channels, post.requested_at) == (
        PostStatus.SUBMITTED,
        [channel.pk],
        at,
    )
    assert (post.submitted_by, Delivery.objects.count()) == (officer, 0)
    (notice,) = mail.outbox
    assert notice.to == ["duyet@vungtau.example.vn"]  # the unit's approver, not the site admin
    assert notice.subject == (
        "[Lantoa] Chờ duyệt: bài đăng «Hội thao công nhân Khí Vũng Tàu 2026» của CĐCS Khí Vũng Tàu"
    )
    assert "đề nghị đăng lên 1 kênh" in notice.body
    assert "«Duyệt và đăng» hoặc «Yêu cầu sửa»" in notice.body
    url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/kenh-truyen-thong/bai-dang/inspect/{post.pk}/"
    assert url in notice.body
    assert AuditLogEntry.objects.get(action="channels.post_submit").actor == officer


def test_with_no_approver_at_the_unit_the_nearest_approvers_above_are_asked(
    officer, tree, channel, django_capture_on_commit_callbacks
):
    person(tree.parent, Role.APPROVER, "duyet@pvgas.example.vn")
    person(tree.root, Role.APPROVER, "duyet@dkvn.example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel])
    assert [m.to for m in mail.outbox] == [["duyet@pvgas.example.vn"]]


def test_approving_queues_the_channels_and_time_asked_for_and_tells_the_author(
    officer, approver, tree, channel, django_capture_on_commit_callbacks
):
    at = timezone.now() + dt.timedelta(days=1)
    post = review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel], at=at)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        post, deliveries = review.post_approve(actor=approver, post=post, comment="Tốt")

    (delivery,) = deliveries
    assert (delivery.account, delivery.status, delivery.scheduled_at) == (
        channel,
        DeliveryStatus.SCHEDULED,
        at,
    )
    assert (post.status, post.reviewed_by, post.review_comment) == (
        PostStatus.APPROVED,
        approver,
        "Tốt",
    )
    (notice,) = mail.outbox
    assert notice.to == ["soan@vungtau.example.vn"]
    assert notice.subject == "[Lantoa] Đã duyệt: bài đăng «Hội thao công nhân Khí Vũng Tàu 2026»"
    assert "Ý kiến của người duyệt: Tốt" in notice.body


def test_changes_requested_go_back_to_the_author_with_the_comment(
    officer, approver, tree, channel, django_capture_on_commit_callbacks
):
    post = review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel])
    mail.outbox.clear()
    with pytest.raises(InvalidInput, match="Ghi rõ cần sửa gì"):
        review.post_request_changes(actor=approver, post=post, comment="  ")

    with django_capture_on_commit_callbacks(execute=True):
        review.post_request_changes(actor=approver, post=post, comment="Thêm ảnh hội thao.")

    post.refresh_from_db()
    assert (post.status, post.review_comment) == (
        PostStatus.CHANGES_REQUESTED,
        "Thêm ảnh hội thao.",
    )
    (notice,) = mail.outbox
    assert notice.subject == (
        "[Lantoa] Yêu cầu sửa: bài đăng «Hội thao công nhân Khí Vũng Tàu 2026»"
    )
    assert "Ý kiến của người duyệt: Thêm ảnh hội thao." in notice.body
    assert Delivery.objects.count() == 0
    # The author edits and submits again.
    posts.post_update(actor=officer, post=post, text="Hội thao (có ảnh)")
    assert review.post_submit(actor=officer, post=post, accounts=[channel]).status == (
        PostStatus.SUBMITTED
    )


def test_only_an_approver_of_the_unit_decides(officer, tree, channel):
    post = review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel])
    sibling_approver = person(tree.sibling, Role.APPROVER, "duyet@camau.example.vn")
    for actor in (officer, sibling_approver):
        with pytest.raises(PermissionDenied):
            review.post_approve(actor=actor, post=post)
    assert Post.objects.get().status == PostStatus.SUBMITTED
    assert Delivery.objects.count() == 0


def test_an_approvers_own_post_goes_straight_out(approver, tree, channel):
    post = posts.post_create(actor=approver, unit=tree.unit, text="Thông báo khẩn")
    (delivery,) = posts.post_schedule(actor=approver, post=post, accounts=[channel])
    post.refresh_from_db()
    assert (post.status, post.reviewed_by, delivery.status) == (
        PostStatus.APPROVED,
        approver,
        DeliveryStatus.QUEUED,
    )
    assert AuditLogEntry.objects.get(action="channels.post_approve").data["without_submission"]


def test_an_approved_post_edited_by_an_officer_needs_approving_again(officer, approver, tree):
    post = review.post_submit(
        actor=officer,
        post=draft(officer, tree),
        accounts=[ChannelAccountFactory(unit=tree.unit)],
    )
    post = Post.objects.get(pk=post.pk)
    post.status = PostStatus.APPROVED  # approved, but not yet queued
    post.save(update_fields=["status"])
    posts.post_update(actor=officer, post=post, text="Nội dung khác")
    assert Post.objects.get().status == PostStatus.DRAFT


def test_a_system_actor_sharing_an_approved_article_approves_its_post(tree, channel):
    post = posts.post_create(actor=SYSTEM, unit=tree.unit, text="Tin từ website")
    posts.post_schedule(actor=SYSTEM, post=post, accounts=[channel])
    assert Post.objects.get().status == PostStatus.APPROVED


# -- admin ----------------------------------------------------------------------------


def inspect(post):
    return reverse("channels_posts:inspect", args=[post.pk])


def test_the_officer_sees_submit_and_the_approver_approve(client, officer, approver, tree, channel):
    post = draft(officer, tree)
    client.force_login(officer)
    page = client.get(inspect(post)).content.decode()
    assert 'value="submit">Gửi duyệt</button>' in page
    assert "Duyệt và đăng" not in page

    client.post(inspect(post), {"channels": [channel.pk], "action": "submit"})
    assert Post.objects.get().status == PostStatus.SUBMITTED
    assert Delivery.objects.count() == 0
    page = client.get(inspect(post)).content.decode()
    assert "Bài đăng đang chờ người duyệt của đơn vị." in page

    client.force_login(approver)
    page = client.get(inspect(post)).content.decode()
    assert 'value="approve">Duyệt và đăng</button>' in page
    assert 'value="request_changes">Yêu cầu sửa</button>' in page
    response = client.post(inspect(post), {"channels": [channel.pk], "action": "approve"})
    assert response.status_code == 302
    assert Delivery.objects.get().account == channel
    assert Post.objects.get().status == PostStatus.APPROVED


def test_the_approver_requests_changes_from_the_admin(client, officer, approver, tree, channel):
    post = review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel])
    client.force_login(approver)
    response = client.post(inspect(post), {"action": "request_changes", "comment": ""})
    assert "Ghi rõ cần sửa gì để người soạn biết." in response.content.decode()
    assert Post.objects.get().status == PostStatus.SUBMITTED

    client.post(inspect(post), {"action": "request_changes", "comment": "Sửa tiêu đề"})
    assert Post.objects.get().status == PostStatus.CHANGES_REQUESTED


def test_the_post_list_filters_what_waits_for_approval(client, officer, approver, tree, channel):
    review.post_submit(actor=officer, post=draft(officer, tree, "Chờ duyệt A"), accounts=[channel])
    draft(officer, tree, "Nháp B")
    client.force_login(approver)
    page = client.get(reverse("channels_posts:index"), {"status": "submitted"}).content.decode()
    assert "Chờ duyệt A" in page
    assert "Nháp B" not in page


# -- API ---------------------------------------------------------------------------------


def api_post(client, user, url, payload):
    return client.post(url, payload, content_type="application/json", headers=bearer_headers(user))


def test_in_the_api_an_officers_post_waits_for_approval(
    client, officer, approver, tree, channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(
            client,
            officer,
            "/api/v1/posts/",
            {
                "unit": str(tree.unit.public_id),
                "text": "Qua API",
                "channels": [str(channel.public_id)],
            },
        )
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["deliveries"]) == ("submitted", [])
    assert [m.to for m in mail.outbox] == [["duyet@vungtau.example.vn"]]
    post = Post.objects.get()

    url = f"/api/v1/posts/{post.public_id}/approve"
    refused = api_post(client, officer, url, {})
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert Delivery.objects.count() == 0

    approved = api_post(client, approver, url, {"comment": "Được"})
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["review_comment"]) == ("approved", "Được")
    assert [d["channel_id"] for d in body["deliveries"]] == [str(channel.public_id)]


def test_in_the_api_changes_are_requested_with_a_comment(client, officer, approver, tree, channel):
    post = review.post_submit(actor=officer, post=draft(officer, tree), accounts=[channel])
    url = f"/api/v1/posts/{post.public_id}/request-changes"
    assert api_post(client, approver, url, {"comment": ""}).status_code == 422
    response = api_post(client, approver, url, {"comment": "Rút gọn"})
    assert (response.status_code, response.json()["status"]) == (200, "changes_requested")
    listed = client.get(
        "/api/v1/posts/", {"status": "changes_requested"}, headers=bearer_headers(officer)
    ).json()
    assert [(p["status"], p["review_comment"]) for p in listed["items"]] == [
        ("changes_requested", "Rút gọn")
    ]
