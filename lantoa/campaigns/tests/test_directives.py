"""The directive life cycle: send → tasks; adopt → draft article and posts;
link-back on publish and on delivery; proof; late; reminders; escalation."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devstack.fakes import FakeTelegram
from lantoa.campaigns.choices import (
    DirectiveStatus,
    NoticeKind,
    PublicationKind,
    RequiredAction,
    TargetMode,
    TaskState,
)
from lantoa.campaigns.events import DIRECTIVE_TASKS_OVERDUE
from lantoa.campaigns.models import (
    CampaignItem,
    Directive,
    DirectiveTask,
    TaskNotice,
    TaskProof,
    TaskPublication,
)
from lantoa.campaigns.services import adoption, directives, reminders
from lantoa.campaigns.tests.factories import CampaignFactory, DirectiveFactory
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform, PostSource
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services import outbox, review
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import events, periodic
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry, EventDelivery
from lantoa.core.testing import hearing
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.tests.factories import ImageFactory, png_bytes
from lantoa.org.choices import Role, UnitKind
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _send(tree, people, **fields):
    package = {
        "title": "Tuyên truyền Tháng Công nhân 2026",
        "instructions": "Đăng tin trên trang tin và fanpage của đơn vị.",
        "due_at": timezone.now() + dt.timedelta(days=7),
        "required_actions": [RequiredAction.PUBLISH_SITE],
        "site_lead": "Công đoàn phát động Tháng Công nhân.",
        "site_body": "<p>Thăm hỏi, tặng quà đoàn viên khó khăn.</p>",
        "post_text": "Hưởng ứng #ThangCongNhan2026",
    }
    # Every level, trade-union groups included, unless a test says otherwise:
    # these tests follow tasks down to the groups (the default leaves them out,
    # see test_by_default_a_directive_goes_to_the_counted_units_only).
    package["target_kinds"] = ALL_BELOW
    package.update(fields)
    sender = package.pop("sender_unit", tree.root)
    actor = package.pop("actor", people.root_approver)
    directive = directives.directive_create(actor=actor, sender_unit=sender, **package)
    directives.directive_send(actor=actor, directive=directive)
    directive.refresh_from_db()
    return directive


ALL_BELOW = [k for k in UnitKind.values if k != UnitKind.CONFEDERATION]


def _task(directive, unit):
    return DirectiveTask.objects.get(directive=directive, unit=unit)


# ------------------------------------------------------------------------ sending


def test_by_default_a_directive_goes_to_the_counted_units_only(tree, people):
    # Not to trade-union groups: the same units every "đơn vị" figure counts.
    directive = _send(tree, people, target_kinds=[])
    assert sorted(directive.tasks.values_list("unit__code", flat=True)) == [
        "BSR",
        "KCM",
        "KVT",
        "PVGAS",
    ]
    assert directive.task_count == 4


def test_send_gives_every_descendant_one_new_task(tree, people):
    directive = _send(tree, people)

    tasks = DirectiveTask.objects.filter(directive=directive)
    assert sorted(tasks.values_list("unit__code", flat=True)) == sorted(
        ["PVGAS", "KVT", "KVT-KC", "KVT-KC-1", "KCM", "BSR"]
    )
    assert set(tasks.values_list("state", flat=True)) == {TaskState.NEW}
    assert set(tasks.values_list("due_at", flat=True)) == {directive.due_at}
    assert (directive.status, directive.task_count) == ("sent", 6)
    entry = AuditLogEntry.objects.get(action="campaigns.directive_send")
    assert (entry.actor_id, entry.unit_path, entry.data["tasks"]) == (
        people.root_approver.pk,
        tree.root.path,
        6,
    )


def test_send_to_chosen_units_with_subtrees_and_kinds(tree, people):
    with_subtrees = _send(
        tree, people, target_mode=TargetMode.CHOSEN, chosen_units=[tree.unit], include_subtrees=True
    )
    counted_only = _send(
        tree,
        people,
        target_mode=TargetMode.CHOSEN,
        chosen_units=[tree.unit],
        include_subtrees=True,
        target_kinds=[],
    )
    grassroots_only = _send(
        tree,
        people,
        target_mode=TargetMode.CHOSEN,
        chosen_units=[tree.parent],
        include_subtrees=True,
        target_kinds=[UnitKind.GRASSROOTS_UNION],
    )
    just_chosen = _send(
        tree, people, target_mode=TargetMode.CHOSEN, chosen_units=[tree.parent, tree.uncle]
    )

    def codes(d):
        return sorted(d.tasks.values_list("unit__code", flat=True))

    assert codes(with_subtrees) == ["KVT", "KVT-KC", "KVT-KC-1"]
    assert codes(counted_only) == ["KVT"]
    assert codes(grassroots_only) == ["KCM", "KVT"]
    assert codes(just_chosen) == ["BSR", "PVGAS"]


def _officers_draft(tree, people):
    return directives.directive_create(
        actor=people.parent_officer,
        sender_unit=tree.parent,
        title="Hưởng ứng Tháng Công nhân",
        instructions="Đăng tin và báo cáo kết quả.",
        due_at=timezone.now() + dt.timedelta(days=7),
        required_actions=[RequiredAction.REPORT_RESULT],
    )


def test_an_officer_drafts_and_submits_but_cannot_send(
    tree, people, django_capture_on_commit_callbacks
):
    from django.core import mail

    approver = UserFactory(username="duyet.pvgas", email="duyet@pvgas.example.vn")
    RoleAssignmentFactory(user=approver, unit=tree.parent, role=Role.APPROVER)
    directive = _officers_draft(tree, people)
    assert directive.status == DirectiveStatus.DRAFT

    with pytest.raises(PermissionDenied):
        directives.directive_send(actor=people.parent_officer, directive=directive)
    assert not DirectiveTask.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        directives.directive_submit(actor=people.parent_officer, directive=directive)
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.SUBMITTED
    (notice,) = mail.outbox
    assert notice.to == ["duyet@pvgas.example.vn"]
    assert notice.subject == (
        "[Lantoa] Chờ duyệt: định hướng «Hưởng ứng Tháng Công nhân» của Công đoàn PV GAS"
    )
    # Submitted: the officer no longer changes it; the approver may, then sends.
    with pytest.raises(PermissionDenied):
        directives.directive_update(actor=people.parent_officer, directive=directive, title="x")
    directives.directive_update(actor=approver, directive=directive, title="Tháng Công nhân 2026")
    result = directives.directive_send(actor=approver, directive=directive)
    assert result.task_count == DirectiveTask.objects.filter(directive=directive).count() > 0
    assert list(
        AuditLogEntry.objects.filter(action__startswith="campaigns.directive_")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "campaigns.directive_create",
        "campaigns.directive_submit",
        "campaigns.directive_update",
        "campaigns.directive_send",
    ]


def test_an_officer_of_another_branch_cannot_draft_for_a_unit(tree, people):
    with pytest.raises(PermissionDenied):
        directives.directive_create(
            actor=people.sibling_officer,
            sender_unit=tree.parent,
            title="Không được soạn",
            instructions="…",
            due_at=timezone.now() + dt.timedelta(days=1),
            required_actions=[RequiredAction.REPORT_RESULT],
        )
    assert not Directive.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="campaigns.").exists()


def test_targets_must_lie_below_the_sender(tree, people):
    approver = UserFactory(username="duyet.pvgas")
    RoleAssignmentFactory(user=approver, unit=tree.parent, role=Role.APPROVER)
    with pytest.raises(InvalidInput, match="đơn vị cấp dưới"):
        directives.directive_create(
            actor=approver,
            sender_unit=tree.parent,
            title="Gửi nhầm",
            instructions="…",
            due_at=timezone.now() + dt.timedelta(days=1),
            required_actions=[RequiredAction.REPORT_RESULT],
            target_mode=TargetMode.CHOSEN,
            chosen_units=[tree.uncle],
        )
    assert not Directive.objects.exists()


def test_a_directive_is_sent_once(tree, people):
    directive = _send(tree, people)
    with pytest.raises(InvalidInput, match="đã được gửi"):
        directives.directive_send(actor=people.root_approver, directive=directive)
    assert DirectiveTask.objects.count() == 6


def test_a_past_due_date_or_missing_site_text_is_refused(tree, people):
    draft = directives.directive_create(
        actor=people.root_approver,
        sender_unit=tree.root,
        title="Thiếu nội dung",
        instructions="…",
        due_at=timezone.now() + dt.timedelta(days=1),
        required_actions=[RequiredAction.PUBLISH_SITE],
    )
    with pytest.raises(InvalidInput, match="sapo hoặc nội dung"):
        directives.directive_send(actor=people.root_approver, directive=draft)
    Directive.objects.filter(pk=draft.pk).update(
        site_lead="Có sapo", due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(InvalidInput, match="tương lai"):
        directives.directive_send(actor=people.root_approver, directive=draft)
    assert not DirectiveTask.objects.exists()


def test_sending_costs_the_same_queries_for_ten_or_sixty_units(tree, people, settings):
    settings.LANTOA_DIRECTIVE_REMIND_HOURS = 48
    big = OrgUnitFactory(parent=tree.root, code="BIG", kind=UnitKind.DIRECT_UNION)
    for n in range(60):
        OrgUnitFactory(parent=big, code=f"BIG-{n}")
    small = OrgUnitFactory(parent=tree.root, code="SMALL", kind=UnitKind.DIRECT_UNION)
    for n in range(10):
        OrgUnitFactory(parent=small, code=f"SMALL-{n}")

    def queries_to_send(under):
        draft = directives.directive_create(
            actor=people.root_approver,
            sender_unit=under,
            title=f"Gửi {under.code}",
            instructions="…",
            due_at=timezone.now() + dt.timedelta(days=1),
            required_actions=[RequiredAction.REPORT_RESULT],
        )
        # Sent by the system (a superuser's view of scope costs no role query).
        with CaptureQueriesContext(connection) as ctx:
            result = directives.directive_send(actor=SYSTEM, directive=draft)
        return result.task_count, len(ctx.captured_queries)

    small_count, small_queries = queries_to_send(small)
    big_count, big_queries = queries_to_send(big)
    assert (small_count, big_count) == (10, 60)
    assert small_queries == big_queries


# ----------------------------------------------------------------------- adopting


@pytest.fixture
def channels(tree):
    """The grassroots unit's working channels (and a paused one, never used)."""
    return {
        "telegram": ChannelAccountFactory(unit=tree.unit, platform=Platform.TELEGRAM_CHANNEL),
        "facebook": ChannelAccountFactory(unit=tree.unit, platform=Platform.FACEBOOK_PAGE),
        "paused": ChannelAccountFactory(
            unit=tree.unit, platform=Platform.ZALO_OA, state=AccountState.PAUSED
        ),
    }


def test_adopt_makes_a_draft_article_and_draft_posts(tree, people, unit_section, channels):
    image = ImageFactory(title="Lễ phát động")
    directive = _send(
        tree,
        people,
        site_title="Khí Vũng Tàu phát động Tháng Công nhân",
        platform_texts={"facebook_page": "Riêng cho Facebook #ThangCongNhan2026"},
        link="https://congdoandaukhi.example.vn/thang-cong-nhan",
        required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL],
    )
    directive.images.add(image)
    task = _task(directive, tree.unit)

    result = adoption.task_adopt(actor=people.unit_officer, task=task)

    article = ArticlePage.objects.get(pk=result.article.pk)
    assert article.get_parent().pk == unit_section.pk
    assert (article.title, article.live, article.unit_id) == (
        "Khí Vũng Tàu phát động Tháng Công nhân",
        False,
        tree.unit.pk,
    )
    assert article.lead == "Công đoàn phát động Tháng Công nhân."
    assert article.hero_image_id == image.pk
    assert [b.block_type for b in article.body] == ["text"]
    assert article.owner_id == people.unit_officer.pk
    assert article.get_latest_revision().user_id == people.unit_officer.pk
    made = {p.text: p for p in Post.objects.filter(unit=tree.unit)}
    assert set(made) == {"Hưởng ứng #ThangCongNhan2026", "Riêng cho Facebook #ThangCongNhan2026"}
    for post in made.values():
        assert (post.source, post.source_id, post.link) == (
            PostSource.DIRECTIVE,
            str(task.pk),
            "https://congdoandaukhi.example.vn/thang-cong-nhan",
        )
        assert post.media.count() == 1
    assert not Delivery.objects.exists()  # nothing is scheduled until the officer sends it
    assert sorted(task.publications.values_list("kind", flat=True)) == ["article", "post", "post"]
    task.refresh_from_db()
    assert task.state == TaskState.ACKNOWLEDGED
    assert (task.adopted_by_id, task.acknowledged_by_id) == (people.unit_officer.pk,) * 2
    assert (
        AuditLogEntry.objects.filter(
            action="campaigns.task_adopt", unit_path=tree.unit.path
        ).count()
        == 1
    )

    again = adoption.task_adopt(actor=people.unit_officer, task=task)
    assert again.created is False
    assert again.article.pk == article.pk
    assert Post.objects.filter(unit=tree.unit).count() == 2
    assert ArticlePage.objects.filter(unit=tree.unit).count() == 1


def test_adopt_without_a_site_or_channels_explains_why(tree, people):
    directive = _send(tree, people)
    result = adoption.task_adopt(actor=people.sibling_officer, task=_task(directive, tree.sibling))

    assert result.article is None
    assert result.posts == []
    assert result.notes == [
        "Đơn vị chưa có trang tin (hoặc chuyên mục) nên chưa tạo tin bài.",
        "Đơn vị chưa kết nối kênh mạng xã hội nào nên chưa tạo bài đăng.",
    ]
    assert not TaskPublication.objects.exists()


def test_a_sibling_cannot_adopt_and_nothing_is_made(tree, people, unit_section):
    directive = _send(tree, people)
    task = _task(directive, tree.unit)
    with pytest.raises(PermissionDenied):
        adoption.task_adopt(actor=people.sibling_officer, task=task)
    assert not ArticlePage.objects.filter(unit=tree.unit).exists()
    task.refresh_from_db()
    assert (task.state, task.adopted_at) == (TaskState.NEW, None)


# -------------------------------------------------------------------- link-back


def test_publishing_the_adopted_article_completes_the_task(
    tree, people, unit_section, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(unit=tree.root)
    directive = _send(tree, people, campaign=campaign)
    task = _task(directive, tree.unit)
    article = adoption.task_adopt(actor=people.unit_officer, task=task).article

    # Published by the approval step (the system here; the browser test drives the editor).
    # Campaigns hears the newsroom's event after commit.
    with django_capture_on_commit_callbacks(execute=True):
        article.get_latest_revision().publish(user=None)
    delivery = EventDelivery.objects.get(subscriber="campaigns.publication_follow")
    assert delivery.status == EventDelivery.Status.DONE
    assert delivery.event.payload["article_id"] == article.pk
    # A replayed delivery, or the event heard again, records nothing twice.
    assert events.event_delivery_run(delivery_id=delivery.pk) is False
    assert adoption.task_article_published(actor=SYSTEM, article_id=article.pk) == 0

    publication = TaskPublication.objects.get(task=task)
    assert publication.published_at is not None
    assert publication.url.endswith("/tin-hoat-dong/" + article.slug + "/")
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert task.done_late is False
    item = CampaignItem.objects.get(campaign=campaign)
    assert (item.kind, item.object_id, item.unit_id) == ("article", article.pk, tree.unit.pk)
    # Another article published meanwhile changes nothing.
    assert AuditLogEntry.objects.filter(action="campaigns.task_done").count() == 1


def test_a_post_reaching_a_channel_completes_the_task(
    tree, people, fake_telegram, django_capture_on_commit_callbacks
):
    account = ChannelAccountFactory(
        unit=tree.unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN, "webhook_secret": "s3cret-token"},
    )
    directive = _send(
        tree, people, required_actions=[RequiredAction.PUBLISH_SOCIAL], site_lead="", site_body=""
    )
    task = _task(directive, tree.unit)
    (post,) = adoption.task_adopt(actor=people.unit_officer, task=task).posts
    assert not TaskPublication.objects.filter(published_at__isnull=False).exists()  # a draft

    # The adopted draft goes out once an approver of the unit (here: above it) approves it.
    review.post_submit(actor=people.unit_officer, post=post, accounts=[account])
    _post, (delivery,) = review.post_approve(actor=people.root_approver, post=post)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT

    # Campaigns heard `channels.post_delivered` once, after commit.
    heard = EventDelivery.objects.get(
        event__name="channels.post_delivered", subscriber="campaigns.publication_follow"
    )
    assert (heard.status, heard.event.key) == ("done", f"delivery:{delivery.pk}:sent")
    publication = TaskPublication.objects.get(task=task, kind=PublicationKind.POST)
    assert (publication.published_at, publication.url) == (delivery.sent_at, delivery.external_url)
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    # Replayed, re-announced or heard again: nothing is recorded twice.
    assert events.event_delivery_run(delivery_id=heard.pk) is False
    assert outbox.deliveries_sent_reannounce(actor=SYSTEM) == 0
    assert adoption.task_post_delivered(actor=SYSTEM, delivery_id=delivery.pk) == 0
    assert AuditLogEntry.objects.filter(action="campaigns.publication_live").count() == 1


# ------------------------------------------------------------------------- proofs


def test_proofs_complete_the_remaining_actions(tree, people, unit_section):
    directive = _send(
        tree,
        people,
        required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.REPORT_FEEDBACK],
    )
    task = _task(directive, tree.unit)
    adoption.task_proof_add(
        actor=people.unit_officer,
        task=task,
        action=RequiredAction.PUBLISH_SITE,
        url="https://khivungtau.example.vn/tin/thang-cong-nhan",
        screenshot=SimpleUploadedFile("chup.png", png_bytes(), content_type="image/png"),
        reach=850,
    )
    task.refresh_from_db()
    assert task.state == TaskState.ACKNOWLEDGED

    with pytest.raises(InvalidInput, match="cần có nội dung ghi chú"):
        adoption.task_proof_add(
            actor=people.unit_officer,
            task=task,
            action=RequiredAction.REPORT_FEEDBACK,
            participants=120,
        )
    adoption.task_proof_add(
        actor=people.unit_officer,
        task=task,
        action=RequiredAction.REPORT_FEEDBACK,
        note="Đoàn viên đề nghị tăng mức hỗ trợ ăn ca.",
        participants=120,
    )

    task.refresh_from_db()
    assert task.state == TaskState.DONE
    proofs = list(TaskProof.objects.filter(task=task).order_by("pk"))
    assert [(p.action, p.reach, p.participants) for p in proofs] == [
        (RequiredAction.PUBLISH_SITE, 850, None),
        (RequiredAction.REPORT_FEEDBACK, None, 120),
    ]
    assert proofs[0].screenshot.name.startswith("campaigns/proofs/")


def test_proof_refusals_leave_nothing(tree, people):
    directive = _send(tree, people)
    task = _task(directive, tree.unit)
    with pytest.raises(InvalidInput, match="không có yêu cầu đó"):
        adoption.task_proof_add(
            actor=people.unit_officer, task=task, action=RequiredAction.REPORT_FEEDBACK, note="x"
        )
    with pytest.raises(InvalidInput, match="không đọc được"):
        adoption.task_proof_add(
            actor=people.unit_officer,
            task=task,
            action=RequiredAction.PUBLISH_SITE,
            screenshot=SimpleUploadedFile("chup.png", b"not an image", content_type="image/png"),
        )
    with pytest.raises(PermissionDenied):
        adoption.task_proof_add(
            actor=people.sibling_officer,
            task=task,
            action=RequiredAction.PUBLISH_SITE,
            url="https://x.vn",
        )
    assert not TaskProof.objects.exists()
    assert not AuditLogEntry.objects.filter(action="campaigns.task_proof").exists()


# ------------------------------------------------------- late, reminders, escalation


def test_overdue_tasks_become_late_and_escalate_to_the_parent_by_mail(
    tree, people, django_capture_on_commit_callbacks
):
    directive = _send(tree, people)
    done = _task(directive, tree.sibling)
    adoption.task_proof_add(
        actor=people.sibling_officer,
        task=done,
        action=RequiredAction.PUBLISH_SITE,
        url="https://x.vn",
    )
    after = directive.due_at + dt.timedelta(hours=1)

    with hearing(DIRECTIVE_TASKS_OVERDUE) as overdue:
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.tasks_mark_late(actor=SYSTEM, now=after) == 5
        (event,) = overdue
        late = DirectiveTask.objects.filter(state=TaskState.LATE)
        assert sorted(event.payload["task_ids"]) == sorted(late.values_list("pk", flat=True))
        assert event.payload["unit_ids"] == sorted(set(late.values_list("unit_id", flat=True)))
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders.tasks_mark_late(actor=SYSTEM, now=after) == 0
        assert len(overdue) == 1  # nothing newly late, nothing announced
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert reminders.tasks_escalate(actor=SYSTEM, now=after) == 5

    states = dict(DirectiveTask.objects.values_list("unit__code", "state"))
    assert states == {
        "PVGAS": TaskState.LATE, "KVT": TaskState.LATE, "KVT-KC": TaskState.LATE,
        "KVT-KC-1": TaskState.LATE, "BSR": TaskState.LATE, "KCM": TaskState.DONE,
    }  # fmt: skip
    notices = sorted(
        TaskNotice.objects.filter(kind=NoticeKind.ESCALATION).values_list(
            "unit__code", "task__unit__code"
        )
    )
    assert notices == sorted(
        [
            (tree.root.code, "BSR"),
            (tree.root.code, "PVGAS"),
            ("KVT", "KVT-KC"),
            ("KVT-KC", "KVT-KC-1"),
            ("PVGAS", "KVT"),
        ]
    )
    assert len(callbacks) == 1
    # One e-mail per parent unit with staff holding an address: the root
    # (approver), PV GAS (officer), KVT (officer), Kho cảng (officer).
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {
        ("duyet.dkvn@example.vn",),
        ("tuyengiao.pvgas@example.vn",),
        ("tuyengiao.kvt@example.vn",),
        ("tuyengiao.khocang@example.vn",),
    }
    root_mail = by_recipient[("duyet.dkvn@example.vn",)]
    assert root_mail.subject == "[Lantoa] Đơn vị trực thuộc quá hạn định hướng (2)"
    assert "Công đoàn BSR" in root_mail.body
    assert "Công đoàn PV GAS" in root_mail.body
    assert "/admin/chien-dich/nhiem-vu/" in root_mail.body

    # Idempotent: nothing more the next time.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.tasks_mark_late(actor=SYSTEM, now=after) == 0
        assert reminders.tasks_escalate(actor=SYSTEM, now=after) == 0
    assert mail.outbox == []
    assert TaskNotice.objects.count() == 5


def test_a_late_task_can_still_be_done_late(tree, people, unit_section):
    directive = _send(tree, people)
    task = _task(directive, tree.unit)
    reminders.tasks_mark_late(actor=SYSTEM, now=directive.due_at + dt.timedelta(minutes=1))
    DirectiveTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    task.refresh_from_db()
    assert task.state == TaskState.LATE

    adoption.task_proof_add(
        actor=people.unit_officer, task=task, action=RequiredAction.PUBLISH_SITE, url="https://x.vn"
    )

    task.refresh_from_db()
    assert (task.state, task.done_late) == (TaskState.DONE, True)


def test_reminders_before_the_due_date_once(
    tree, people, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_DIRECTIVE_REMIND_HOURS = 48
    soon = _send(tree, people, due_at=timezone.now() + dt.timedelta(hours=20), title="Sắp đến hạn")
    _send(tree, people, due_at=timezone.now() + dt.timedelta(days=5), title="Còn xa")
    adoption.task_proof_add(
        actor=people.sibling_officer,
        task=_task(soon, tree.sibling),
        action=RequiredAction.PUBLISH_SITE,
        url="https://x.vn",
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.tasks_remind() == 5

    reminded = sorted(
        TaskNotice.objects.filter(kind=NoticeKind.REMINDER).values_list("unit__code", flat=True)
    )
    assert reminded == ["BSR", "KVT", "KVT-KC", "KVT-KC-1", "PVGAS"]
    assert set(TaskNotice.objects.values_list("task__directive", flat=True)) == {soon.pk}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "tuyengiao.khocang@example.vn",
        "tuyengiao.kvt@example.vn",
        "tuyengiao.pvgas@example.vn",
    ]
    message = next(m for m in mail.outbox if m.to == ["tuyengiao.kvt@example.vn"])
    assert message.subject == "[Lantoa] Nhắc hạn định hướng: Sắp đến hạn"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.tasks_remind() == 0
    assert mail.outbox == []


def test_the_sweep_is_a_registered_periodic_job(tree, people):
    assert "campaigns.directives_sweep" in [job.name for job in periodic.jobs()]
    directive = _send(tree, people)
    report = reminders.directives_sweep(
        actor=SYSTEM, now=directive.due_at + dt.timedelta(minutes=1)
    )
    assert (report.late, report.escalated, report.reminded) == (6, 6, 0)


def test_notice_read_by_an_officer_of_its_unit(tree, people):
    directive = _send(tree, people)
    reminders.tasks_mark_late(actor=SYSTEM, now=directive.due_at + dt.timedelta(minutes=1))
    reminders.tasks_escalate(actor=SYSTEM, now=directive.due_at + dt.timedelta(minutes=1))
    notice = TaskNotice.objects.get(unit=tree.parent, task__unit=tree.unit)
    with pytest.raises(PermissionDenied):
        reminders.notice_mark_read(actor=people.sibling_officer, notice=notice)
    reminders.notice_mark_read(actor=people.parent_officer, notice=notice)
    notice.refresh_from_db()
    assert notice.read_by_id == people.parent_officer.pk


def test_factories_build_a_sent_directive(tree):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    assert directive.status == "sent"


def test_the_site_body_is_cleaned_when_stored(tree, people):
    directive = directives.directive_create(
        actor=people.root_approver,
        sender_unit=tree.root,
        title="Làm sạch",
        instructions="…",
        due_at=timezone.now() + dt.timedelta(days=1),
        required_actions=[RequiredAction.PUBLISH_SITE],
        site_body='<p onclick="x()">Đoạn <b>đậm</b></p><script>alert(1)</script>',
    )
    # The element and the handler go; a script's text stays, as inert text.
    assert directive.site_body == "<p>Đoạn <b>đậm</b></p>alert(1)"


def test_the_auto_post_of_an_adopted_article_counts_as_its_social_post(
    tree, people, unit_section, channels, django_capture_on_commit_callbacks
):
    from lantoa.channels.services.autopost import SharedContent, content_share_on_publish

    directive = _send(
        tree,
        people,
        required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL],
    )
    task = _task(directive, tree.unit)
    result = adoption.task_adopt(actor=people.unit_officer, task=task)
    assert len(result.posts) == 1  # one draft for both channels (same text), never sent here
    result.article.get_latest_revision().publish(user=None)
    # What the subscribers of `newsroom.article_published` do after commit.
    adoption.task_article_published(actor=SYSTEM, article_id=result.article.pk)
    shared = content_share_on_publish(
        actor=SYSTEM,
        unit=tree.unit,
        content=SharedContent(title=result.article.title, url="https://kvt.example.vn/tin/1"),
        source_object=result.article,
    )
    task.refresh_from_db()
    assert task.state == TaskState.ACKNOWLEDGED  # queued, not yet out

    delivery = shared.deliveries[0]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), external_url="https://t.me/kvt/7"
    )
    # Marked sent by a path that did not announce: the outbox sweep's safety net does.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliveries_sent_reannounce(actor=SYSTEM) == 1

    task.refresh_from_db()
    assert task.state == TaskState.DONE
    live_posts = TaskPublication.objects.filter(
        task=task, kind=PublicationKind.POST, published_at__isnull=False
    )
    assert [(p.post_id, p.url) for p in live_posts] == [(shared.post.pk, "https://t.me/kvt/7")]
    assert adoption.task_post_delivered(actor=SYSTEM, delivery_id=delivery.pk) == 0


def test_an_auto_post_out_before_its_article_is_heard_still_counts(
    tree, people, unit_section, channels
):
    from lantoa.channels.services.autopost import SharedContent, content_share_on_publish

    directive = _send(
        tree,
        people,
        required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL],
    )
    task = _task(directive, tree.unit)
    article = adoption.task_adopt(actor=people.unit_officer, task=task).article
    article.get_latest_revision().publish(user=None)
    shared = content_share_on_publish(
        actor=SYSTEM,
        unit=tree.unit,
        content=SharedContent(title=article.title, url="https://kvt.example.vn/tin/2"),
        source_object=article,
    )
    delivery = shared.deliveries[0]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), external_url="https://t.me/kvt/8"
    )
    # Events are heard in any order: the delivery first, then the publication.
    assert adoption.task_post_delivered(actor=SYSTEM, delivery_id=delivery.pk) == 0
    assert adoption.task_article_published(actor=SYSTEM, article_id=article.pk) == 1
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert TaskPublication.objects.filter(task=task, published_at__isnull=False).count() == 2
