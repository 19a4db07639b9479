"""Entries: a member sends a photo with its credit and three consents; the
stored image is a re-encoded copy without metadata (EXIF may name the
author: a blind jury must not read it) under a random name. Officers of the
organising unit approve or reject it; an approved entry is in round 1."""

import io
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from lantoa.contests.choices import AuditAction, ContestState, EntryStatus
from lantoa.contests.exceptions import (
    ContestNotOpen,
    EntryLimitReached,
    EntryStateInvalid,
    ImageInvalid,
    NotEligible,
)
from lantoa.contests.models import Contest, Entry
from lantoa.contests.services.common import (
    acts_for_member,
    is_eligible,
    locked_contest,
    require_officer,
)
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.public import Member

MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel camera; beyond is a decompression bomb
MIN_SIDE = 800
FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("JPEG", "jpg")}


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode a photo strictly: a truncated file is refused. WeasyPrint (the
    certificates, the PDF reports) turns Pillow's tolerance of truncated files
    on for the whole process when it is imported."""
    with _STRICT:
        tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def clean_image(upload: IO[bytes], *, size: int) -> tuple[ContentFile[bytes], int, int]:
    """The photo re-encoded without metadata, under a random name; refuses
    what is not a JPEG, PNG or WebP image, too big, or too small to print."""
    if size > MAX_IMAGE_BYTES:
        raise ImageInvalid(f"Ảnh quá lớn: tối đa {MAX_IMAGE_BYTES // (1024 * 1024)} MB.")
    try:
        with _strict_decoding(), Image.open(upload) as probe:
            kind = probe.format or ""
            if kind not in FORMATS:
                raise ImageInvalid()
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageInvalid("Ảnh có quá nhiều điểm ảnh.")
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ImageInvalid() from exc
    if min(image.width, image.height) < MIN_SIDE:
        raise ImageInvalid(f"Ảnh quá nhỏ: cạnh ngắn cần ít nhất {MIN_SIDE} điểm ảnh.")
    fmt, ext = FORMATS[kind]
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    # A fresh image carries no EXIF, XMP nor ICC comment: only the pixels.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"), clean.width, clean.height


@transaction.atomic
def entry_submit(
    *,
    actor: Actor,
    contest: Contest,
    member: Member,
    title: str,
    credit: str,
    image: IO[bytes],
    image_size: int,
    consent_author: bool,
    consent_subjects: bool,
    consent_publish: bool,
    description: str = "",
    location: str = "",
    taken_on: date | None = None,
) -> Entry:
    """The member's photo, waiting for moderation. Locks the contest row so
    that two photos sent at once both count against the member's limit."""
    if not acts_for_member(actor=actor, member=member):
        raise PermissionDenied("Chỉ tác giả tự gửi ảnh dự thi.")
    locked = locked_contest(contest)
    today = timezone.localdate()
    if (
        locked.state != ContestState.APPROVED
        or today < locked.entries_open_on
        or today > locked.entries_close_on
    ):
        raise ContestNotOpen()
    if not is_eligible(locked, member):
        raise NotEligible()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Hãy đặt tên cho ảnh."
    if not credit.strip():
        errors["credit"] = "Hãy ghi tên tác giả sẽ in kèm ảnh."
    for field, given, text in (
        ("consent_author", consent_author, "Cần xác nhận bạn là tác giả của ảnh."),
        ("consent_subjects", consent_subjects, "Cần xác nhận người trong ảnh đã đồng ý."),
        ("consent_publish", consent_publish, "Cần đồng ý cho công đoàn đăng ảnh."),
    ):
        if not given:
            errors[field] = text
    if errors:
        raise ValidationError(errors)
    sent = (
        Entry.objects.filter(contest=locked, member=member)
        .exclude(status=EntryStatus.WITHDRAWN)
        .count()
    )
    if sent >= locked.max_entries_per_member:
        raise EntryLimitReached(
            f"Bạn đã gửi đủ {locked.max_entries_per_member} ảnh, số ảnh tối đa của cuộc thi."
        )
    content, _width, _height = clean_image(image, size=image_size)
    entry = Entry(
        contest=locked,
        member=member,
        unit_id=member.unit_id,
        unit_path=member.unit_path,
        title=title.strip(),
        description=description.strip(),
        credit=credit.strip(),
        location=location.strip(),
        taken_on=taken_on,
        consent_author=True,
        consent_subjects=True,
        consent_publish=True,
    )
    entry.image.save(content.name or "anh.jpg", content, save=False)
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.ENTRY_SUBMIT,
        target=entry,
        unit_path=member.unit_path,
        data={"contest": locked.pk},
    )
    return entry


def _locked_entry(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(no_key=True)
        .select_related("contest__unit", "member")
        .get(pk=entry.pk)
    )


@transaction.atomic
def entry_withdraw(*, actor: Actor, entry: Entry) -> Entry:
    """The author takes back a photo not yet judged (sent or approved, before
    the jury scored it)."""
    current = _locked_entry(entry)
    if not acts_for_member(actor=actor, member=current.member):
        raise PermissionDenied("Chỉ tác giả rút được ảnh của mình.")
    if current.status not in (EntryStatus.SUBMITTED, EntryStatus.APPROVED) or (
        current.scores.exists()
    ):
        raise EntryStateInvalid("Ảnh đã được chấm hoặc đã có kết quả kiểm duyệt, không rút được.")
    current.status = EntryStatus.WITHDRAWN
    current.round_reached = 0
    current.save(update_fields=["status", "round_reached"])
    audit_record(
        actor=actor, action=AuditAction.ENTRY_WITHDRAW, target=current, unit_path=current.unit_path
    )
    return current


@transaction.atomic
def entry_approve(*, actor: Actor, entry: Entry, note: str = "") -> Entry:
    """Sent → approved: the photo enters round 1 and the public vote."""
    current = _locked_entry(entry)
    require_officer(actor=actor, contest=current.contest)
    if current.status != EntryStatus.SUBMITTED:
        raise EntryStateInvalid("Chỉ kiểm duyệt được ảnh đang chờ.")
    current.status = EntryStatus.APPROVED
    current.round_reached = 1
    current.moderation_note = note.strip()
    current.moderated_by = actor_user(actor)
    current.moderated_at = timezone.now()
    current.save(
        update_fields=[
            "status",
            "round_reached",
            "moderation_note",
            "moderated_by",
            "moderated_at",
        ]
    )
    audit_record(
        actor=actor, action=AuditAction.ENTRY_APPROVE, target=current, unit_path=current.unit_path
    )
    return current


@transaction.atomic
def entry_reject(*, actor: Actor, entry: Entry, note: str) -> Entry:
    """Sent → rejected, with the reason the author reads."""
    current = _locked_entry(entry)
    require_officer(actor=actor, contest=current.contest)
    if current.status != EntryStatus.SUBMITTED:
        raise EntryStateInvalid("Chỉ kiểm duyệt được ảnh đang chờ.")
    if not note.strip():
        raise ValidationError({"note": "Hãy ghi lý do để tác giả biết."})
    current.status = EntryStatus.REJECTED
    current.moderation_note = note.strip()
    current.moderated_by = actor_user(actor)
    current.moderated_at = timezone.now()
    current.save(update_fields=["status", "moderation_note", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ENTRY_REJECT,
        target=current,
        unit_path=current.unit_path,
        data={"note": current.moderation_note},
    )
    return current
