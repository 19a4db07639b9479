"""Sending a photo: consent and credit, metadata stripped, moderation."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lantoa.contests.choices import EntryStatus
from lantoa.contests.exceptions import EntryLimitReached, ImageInvalid, NotEligible
from lantoa.contests.models import Entry
from lantoa.contests.services import entries
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import entry_approved, photo_bytes, send
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def _submit(contest, member, data, **overrides):
    values = {
        "title": "Ca đêm",
        "credit": "Ảnh: Nguyễn Thị Lan",
        "consent_author": True,
        "consent_subjects": True,
        "consent_publish": True,
    }
    values.update(overrides)
    return entries.entry_submit(
        actor=member.user,
        contest=contest,
        member=member,
        image=SimpleUploadedFile("DSC_0042 Nguyen Thi Lan.jpg", data),
        image_size=len(data),
        **values,
    )


def test_the_stored_photo_has_no_metadata_and_a_random_name(contest, author):
    entry = _submit(contest, author, photo_bytes(artist="Nguyen Thi Lan"))
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.unit_path == author.unit_path
    name = entry.image.name.rsplit("/", 1)[-1]
    assert "Nguyen" not in name
    assert name.endswith(".jpg")
    assert len(name) == 36
    with entry.image.open("rb") as handle:
        data = handle.read()
    assert b"Nguyen Thi Lan" not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
    assert (entry.image_width, entry.image_height) == (1200, 900)
    assert AuditLogEntry.objects.filter(action="contests.entry_submit").count() == 1


@pytest.mark.parametrize("field", ["consent_author", "consent_subjects", "consent_publish"])
def test_every_consent_is_required(contest, author, field):
    with pytest.raises(ValidationError) as exc:
        _submit(contest, author, photo_bytes(), **{field: False})
    assert list(exc.value.message_dict) == [field]
    assert Entry.objects.count() == 0


def test_a_credit_is_required(contest, author):
    with pytest.raises(ValidationError) as exc:
        _submit(contest, author, photo_bytes(), credit="  ")
    assert exc.value.message_dict == {"credit": ["Hãy ghi tên tác giả sẽ in kèm ảnh."]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "Tệp không phải ảnh JPEG, PNG hoặc WebP đọc được."),
        (photo_bytes(width=600, height=400), "Ảnh quá nhỏ: cạnh ngắn cần ít nhất 800 điểm ảnh."),
        (photo_bytes(fmt="GIF"), "Tệp không phải ảnh JPEG, PNG hoặc WebP đọc được."),
        (photo_bytes()[:2000], "Tệp không phải ảnh JPEG, PNG hoặc WebP đọc được."),
    ],
    ids=["text", "small", "gif", "truncated"],
)
def test_what_is_not_a_usable_photo_is_refused_with_a_clear_message(contest, author, data, message):
    with pytest.raises(ImageInvalid) as exc:
        _submit(contest, author, data)
    assert exc.value.message == message
    assert Entry.objects.count() == 0


def test_a_png_stays_a_png(contest, author):
    entry = _submit(contest, author, photo_bytes(fmt="PNG"))
    assert entry.image.name.endswith(".png")


def test_the_limit_per_member_counts_what_was_not_withdrawn(contest, author):
    first = send(contest, author)
    send(contest, author)
    send(contest, author)
    with pytest.raises(EntryLimitReached):
        send(contest, author)
    entries.entry_withdraw(actor=author.user, entry=first)
    assert send(contest, author).status == EntryStatus.SUBMITTED


def test_a_member_outside_the_organiser_cannot_send(contest, tree):
    outsider = member_with_account(tree.uncle, "Hoàng Văn Bình", "bsr-binh")
    with pytest.raises(NotEligible):
        send(contest, outsider)


def test_nobody_sends_in_a_members_name(contest, author, people):
    data = photo_bytes()
    with pytest.raises(PermissionDenied):
        entries.entry_submit(
            actor=people.officer,
            contest=contest,
            member=author,
            title="x",
            credit="x",
            image=io.BytesIO(data),
            image_size=len(data),
            consent_author=True,
            consent_subjects=True,
            consent_publish=True,
        )


def test_moderation_puts_an_approved_photo_in_round_one(contest, author, people):
    entry = entry_approved(contest, author, actor=people.officer)
    assert (entry.status, entry.round_reached, entry.moderated_by) == (
        EntryStatus.APPROVED,
        1,
        people.officer,
    )


def test_a_rejection_needs_a_reason_and_only_officers_of_the_organiser_moderate(
    contest, author, people
):
    entry = send(contest, author)
    with pytest.raises(ValidationError):
        entries.entry_reject(actor=people.officer, entry=entry, note="")
    with pytest.raises(PermissionDenied):
        entries.entry_reject(actor=people.outsider, entry=entry, note="Ảnh mờ")
    rejected = entries.entry_reject(actor=people.officer, entry=entry, note="Ảnh mờ")
    assert (rejected.status, rejected.moderation_note) == (EntryStatus.REJECTED, "Ảnh mờ")
    assert AuditLogEntry.objects.filter(action="contests.entry_reject").count() == 1


def test_a_truncated_photo_is_refused_even_once_weasyprint_is_loaded(contest, author, monkeypatch):
    """Importing WeasyPrint (certificates, PDF reports) makes Pillow tolerate
    truncated files process-wide; a photo is still decoded strictly."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ImageInvalid):
        _submit(contest, author, photo_bytes()[:2000])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
