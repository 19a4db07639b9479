"""Programmes with check-ins: a unit launches a programme for its subtree;
units below report each session with its participants and photos."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from lantoa.core import events as domain_events
from lantoa.core.actors import Actor, actor_user
from lantoa.core.approval import require_known_fields, update_audited
from lantoa.core.audit import audit_record
from lantoa.events.choices import AuditAction
from lantoa.events.events import SESSION_REPORTED
from lantoa.events.models import Programme, ProgrammeSession, SessionPhoto
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.selectors import member_count_in_subtree

PROGRAMME_FIELDS = ("title", "kind", "description", "starts_on", "ends_on")
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PARTICIPANTS = 100_000


def _validate_programme(programme: Programme) -> None:
    errors: dict[str, str] = {}
    if not programme.title.strip():
        errors["title"] = "Hãy đặt tên chương trình."
    if programme.ends_on and programme.ends_on < programme.starts_on:
        errors["ends_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *, actor: Actor, unit: OrgUnit, title: str, starts_on: date, **fields: Any
) -> Programme:
    """A programme of `unit` for its whole subtree (content editing rights there)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    require_known_fields("programme_create", fields, PROGRAMME_FIELDS)
    programme = Programme(
        unit=unit,
        title=title.strip(),
        starts_on=starts_on,
        created_by=actor_user(actor),
        **fields,
    )
    _validate_programme(programme)
    programme.save()
    audit_record(
        actor=actor, action=AuditAction.PROGRAMME_CREATE, target=programme, unit_path=unit.path
    )
    return programme


@transaction.atomic
def programme_update(*, actor: Actor, programme: Programme, **fields: Any) -> Programme:
    current_obj = (
        Programme.objects.select_for_update(no_key=True).select_related("unit").get(pk=programme.pk)
    )
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current_obj.unit)
    require_known_fields("programme_update", fields, PROGRAMME_FIELDS)
    return update_audited(
        current_obj,
        fields,
        actor=actor,
        action=AuditAction.PROGRAMME_UPDATE,
        validate=_validate_programme,
    )


def _check_photos(photos: Sequence[UploadedFile[bytes]]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"Tối đa {MAX_PHOTOS} ảnh mỗi buổi."})
    for photo in photos:
        if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
            raise ValidationError({"photos": f"Ảnh “{photo.name}” lớn hơn 8 MB."})
        try:
            with Image.open(photo) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise ValidationError(
                {"photos": f"Tệp “{photo.name}” không phải ảnh (JPEG, PNG, WebP)."}
            ) from exc
        photo.seek(0)


@transaction.atomic
def session_report(
    *,
    actor: Actor,
    programme: Programme,
    unit: OrgUnit,
    held_on: date,
    participants: int,
    gifts: int = 0,
    note: str = "",
    photos: Sequence[UploadedFile[bytes]] = (),
) -> ProgrammeSession:
    """A session `unit` held: the reporting officer needs content editing
    rights over `unit`, which must lie in the programme's subtree. Stored
    with its photos; announces `events.session_reported`."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    programme = Programme.objects.select_related("unit").get(pk=programme.pk)
    errors: dict[str, str] = {}
    if not unit.path.startswith(programme.unit.path):
        errors["unit"] = "Đơn vị báo cáo phải thuộc đơn vị phát động chương trình."
    if held_on < programme.starts_on or (programme.ends_on and held_on > programme.ends_on):
        errors["held_on"] = "Ngày tổ chức nằm ngoài thời gian của chương trình."
    elif held_on > timezone.localdate():
        errors["held_on"] = "Không báo cáo trước buổi chưa diễn ra."
    if participants < 1 or participants > MAX_PARTICIPANTS:
        errors["participants"] = "Số người tham gia phải từ 1 đến 100.000."
    if gifts < 0:
        errors["gifts"] = "Số suất quà không được âm."
    if errors:
        raise ValidationError(errors)
    _check_photos(photos)
    session = ProgrammeSession.objects.create(
        programme=programme,
        unit=unit,
        unit_path=unit.path,
        held_on=held_on,
        participants=participants,
        gifts=gifts,
        members=member_count_in_subtree(unit),
        note=note.strip(),
        reported_by=actor_user(actor),
    )
    for photo in photos:
        SessionPhoto.objects.create(session=session, image=photo)
    audit_record(
        actor=actor,
        action=AuditAction.SESSION_REPORT,
        target=session,
        unit_path=unit.path,
        data={"programme": programme.pk, "participants": participants, "photos": len(photos)},
    )
    domain_events.announce(
        SESSION_REPORTED,
        key=f"session:{session.pk}",
        session_id=session.pk,
        programme_id=programme.pk,
        unit_id=unit.pk,
        held_on=held_on.isoformat(),
        participants=participants,
    )
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: ProgrammeSession) -> None:
    """Withdraw a session reported by mistake (rights over the reporting unit)."""
    current = ProgrammeSession.objects.select_related("unit").get(pk=session.pk)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    audit_record(
        actor=actor,
        action=AuditAction.SESSION_DELETE,
        target=current,
        unit_path=current.unit_path,
        data={"programme": current.programme_id, "participants": current.participants},
    )
    for photo in current.photos.all():
        photo.image.delete(save=False)
    current.delete()
