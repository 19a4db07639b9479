import datetime as dt

import pytest
from django.utils import timezone

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.press.choices import PressAction, ReleaseKind, ReleaseState
from lantoa.press.models import PressRelease, ReleaseRecipient
from lantoa.press.services import (
    ReleaseWrongState,
    release_approve,
    release_cancel,
    release_return,
    release_save,
    release_schedule,
    release_set_recipients,
    release_submit,
)
from lantoa.press.tests.factories import JournalistFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True))


def test_draft_to_scheduled(tree, people):
    journalist = JournalistFactory(unit=tree.unit)
    release = release_save(
        actor=people.unit_officer,
        release=PressRelease(
            unit=tree.unit,
            title="  Phát động   Tháng Công nhân 2026 ",
            summary="Tóm tắt",
            contact_phone="0912345678",
        ),
    )
    assert (release.state, release.title, release.contact_phone, release.created_by) == (
        ReleaseState.DRAFT,
        "Phát động Tháng Công nhân 2026",
        "+84912345678",
        people.unit_officer,
    )
    release_set_recipients(actor=people.unit_officer, release=release, journalists=[journalist])
    release_submit(actor=people.unit_officer, release=release)
    release_approve(actor=people.unit_approver, release=release)
    send_at = timezone.now() + dt.timedelta(hours=2)
    release_schedule(actor=people.unit_officer, release=release, send_at=send_at)
    release.refresh_from_db()
    assert (release.state, release.send_at, release.approved_by, release.submitted_by) == (
        ReleaseState.SCHEDULED,
        send_at,
        people.unit_approver,
        people.unit_officer,
    )
    assert actions() == [
        PressAction.RELEASE_CREATE,
        PressAction.RELEASE_UPDATE,
        PressAction.RELEASE_SUBMIT,
        PressAction.RELEASE_APPROVE,
        PressAction.RELEASE_SCHEDULE,
    ]


def test_due_at_is_the_later_of_schedule_and_embargo(tree):
    now = timezone.now()
    embargo = now + dt.timedelta(days=1)
    assert PressRelease(send_at=now, embargo_until=embargo).due_at == embargo
    assert PressRelease(send_at=embargo, embargo_until=now).due_at == embargo
    assert PressRelease(send_at=now).due_at == now
    assert PressRelease().due_at is None


def test_officer_cannot_approve(tree, people):
    release = PressReleaseFactory(unit=tree.unit, submitted=True)
    with pytest.raises(PermissionDenied):
        release_approve(actor=people.unit_officer, release=release)
    release.refresh_from_db()
    assert (release.state, release.approved_at) == (ReleaseState.SUBMITTED, None)
    assert actions() == []


def test_approver_above_may_approve_sibling_approver_may_not(tree, people):
    release = PressReleaseFactory(unit=tree.unit, submitted=True)
    with pytest.raises(PermissionDenied):
        release_approve(actor=people.sibling_officer, release=release)
    release_approve(actor=people.parent_approver, release=release)
    release.refresh_from_db()
    assert (release.state, release.approved_by) == (ReleaseState.APPROVED, people.parent_approver)


def test_unit_approver_may_not_approve_the_parent_units_release(tree, people):
    release = PressReleaseFactory(unit=tree.parent, submitted=True)
    with pytest.raises(PermissionDenied):
        release_approve(actor=people.unit_approver, release=release)
    assert actions() == []


def test_a_draft_cannot_be_scheduled(tree, people):
    release = PressReleaseFactory(unit=tree.unit, to=[JournalistFactory(unit=tree.unit)])
    with pytest.raises(ReleaseWrongState, match="Bản nháp"):
        release_schedule(actor=people.unit_officer, release=release)
    release.refresh_from_db()
    assert (release.state, release.send_at) == (ReleaseState.DRAFT, None)
    assert actions() == []


def test_editing_an_approved_release_needs_a_new_approval(tree, people):
    release = PressReleaseFactory(unit=tree.unit, approved=True)
    old_title = release.title
    release.title = "Tiêu đề mới"
    release_save(actor=people.unit_officer, release=release)
    release.refresh_from_db()
    assert (release.state, release.approved_at, release.submitted_at) == (
        ReleaseState.DRAFT,
        None,
        None,
    )
    assert AuditLogEntry.objects.get().data == {"changed": {"title": [old_title, "Tiêu đề mới"]}}


def test_saving_an_approved_release_unchanged_keeps_the_approval(tree, people):
    release = PressReleaseFactory(unit=tree.unit, approved=True)
    release_save(actor=people.unit_officer, release=release)
    release.refresh_from_db()
    assert release.state == ReleaseState.APPROVED


def test_a_scheduled_release_is_frozen(tree, people):
    release = PressReleaseFactory(unit=tree.unit, state=ReleaseState.SCHEDULED)
    release.title = "Sửa sau khi hẹn giờ"
    with pytest.raises(ReleaseWrongState):
        release_save(actor=people.unit_officer, release=release)
    assert PressRelease.objects.get().title != "Sửa sau khi hẹn giờ"
    assert actions() == []


def test_new_recipients_send_an_approved_release_back_to_draft(tree, people):
    first, second = JournalistFactory.create_batch(2, unit=tree.unit)
    release = PressReleaseFactory(unit=tree.unit, approved=True, to=[first])
    release_set_recipients(actor=people.unit_officer, release=release, journalists=[second])
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT
    assert list(release.recipients.values_list("journalist_id", flat=True)) == [second.pk]


def test_recipients_without_consent_or_of_another_unit_refused(tree, people):
    unwilling = JournalistFactory(unit=tree.unit, full_name="Đỗ Văn Nam", consent=False)
    foreign = JournalistFactory(unit=tree.sibling, full_name="Vũ Thị Lan")
    release = PressReleaseFactory(unit=tree.unit)
    with pytest.raises(InvalidInput, match="Đỗ Văn Nam"):
        release_set_recipients(actor=people.unit_officer, release=release, journalists=[unwilling])
    with pytest.raises(InvalidInput, match="Vũ Thị Lan"):
        release_set_recipients(actor=people.unit_officer, release=release, journalists=[foreign])
    assert not ReleaseRecipient.objects.exists()
    assert actions() == []


def test_submit_needs_a_willing_recipient(tree, people):
    journalist = JournalistFactory(unit=tree.unit)
    release = PressReleaseFactory(unit=tree.unit, to=[journalist])
    journalist.consent = False
    journalist.save()
    with pytest.raises(InvalidInput, match="ít nhất một phóng viên"):
        release_submit(actor=people.unit_officer, release=release)
    assert PressRelease.objects.get().state == ReleaseState.DRAFT


def test_invitation_needs_time_and_place(tree, people):
    with pytest.raises(InvalidInput, match="thời gian và địa điểm"):
        release_save(
            actor=people.unit_officer,
            release=PressRelease(
                unit=tree.unit, kind=ReleaseKind.INVITATION, title="Mời dự họp báo"
            ),
        )
    assert not PressRelease.objects.exists()


def test_return_and_cancel(tree, people):
    release = PressReleaseFactory(
        unit=tree.unit, submitted=True, to=[JournalistFactory(unit=tree.unit)]
    )
    release_return(actor=people.unit_approver, release=release, reason="Thiếu số liệu")
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT
    assert AuditLogEntry.objects.get().data == {"reason": "Thiếu số liệu"}
    release_submit(actor=people.unit_officer, release=release)
    release_approve(actor=people.unit_approver, release=release)
    release_schedule(actor=people.unit_officer, release=release)
    release_cancel(actor=people.unit_officer, release=release)
    release.refresh_from_db()
    assert (release.state, release.send_at) == (ReleaseState.APPROVED, None)


def test_a_past_send_time_means_now(tree, people):
    release = PressReleaseFactory(
        unit=tree.unit, approved=True, to=[JournalistFactory(unit=tree.unit)]
    )
    before = timezone.now()
    release_schedule(
        actor=people.unit_officer, release=release, send_at=before - dt.timedelta(days=3)
    )
    release.refresh_from_db()
    assert release.send_at >= before
