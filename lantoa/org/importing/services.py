"""Request side of member imports: store an upload, confirm a dry run.

Both enqueue the worker after commit and return at once ("store first, process
after"); the work itself is in `processing.py`, run by `tasks.py`.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.importing.columns import ImportFileError
from lantoa.org.importing.readers import sniff
from lantoa.org.importing.selectors import member_import_may_manage
from lantoa.org.importing.tasks import member_import_process_task
from lantoa.org.models import MemberImport, OrgUnit
from lantoa.org.scoping import user_can, user_has_any

EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx"}


def member_import_check_size(size: int) -> None:
    """Refuse files over LANTOA_MEMBER_IMPORT_MAX_BYTES, in Vietnamese."""
    limit = int(settings.LANTOA_MEMBER_IMPORT_MAX_BYTES)
    if size > limit:
        raise ImportFileError(f"Tệp quá lớn ({_size(size)}): chỉ nhận tệp đến {_size(limit)}.")


def _size(size: int) -> str:
    """ "12,5 MB", "300 KB" or "80 byte", with the Vietnamese decimal comma."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{-(-size // 1024)} KB"
    return f"{size} byte"


def _check_upload(uploaded_file: UploadedFile[bytes]) -> None:
    """Size, extension, and content that matches the extension."""
    member_import_check_size(uploaded_file.size or 0)
    suffix = Path(uploaded_file.name or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError("Chỉ nhận tệp .csv hoặc .xlsx.")
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in uploaded_file.chunks():
            tmp.write(chunk)
        tmp.flush()
        kind, _ = sniff(tmp.name)
    uploaded_file.seek(0)
    if kind != EXTENSIONS[suffix]:
        raise ImportFileError(f"Nội dung tệp không phải {suffix[1:].upper()} như tên tệp ghi.")


@transaction.atomic
def member_import_create(
    *,
    actor: Actor,
    uploaded_file: UploadedFile[bytes],
    default_unit: OrgUnit | None = None,
    dry_run: bool = True,
    skip_invalid: bool = False,
    mapping: dict[str, str] | None = None,
) -> MemberImport:
    """Store an uploaded member list and enqueue its processing after commit.

    Refuses (PermissionDenied) actors without MEMBER_CHANGE anywhere or over
    `default_unit`, and (ImportFileError) files that are too large or are not
    the CSV/XLSX their name claims. Writes no member: the task does, later.
    """
    if not user_has_any(actor, Perm.MEMBER_CHANGE):
        raise PermissionDenied()
    if default_unit is not None and not user_can(actor, Perm.MEMBER_CHANGE, default_unit):
        raise PermissionDenied(
            f"Bạn không có quyền nhập đoàn viên vào đơn vị «{default_unit.code}»."
        )
    _check_upload(uploaded_file)
    record = MemberImport(
        file_name=Path(uploaded_file.name or "").name[:255],
        uploaded_by_id=actor_user_id(actor),
        unit=default_unit,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        mapping=mapping or {},
    )
    record.file.save(record.file_name, uploaded_file, save=False)
    record.save()
    transaction.on_commit(partial(member_import_process_task.enqueue, import_id=record.pk))
    return record


@transaction.atomic
def member_import_confirm(*, actor: Actor, record: MemberImport) -> MemberImport:
    """Confirm a clean dry run: the import runs again for real, after commit
    (the data may have changed since the dry run, so it is validated again)."""
    if not member_import_may_manage(actor, record):
        raise PermissionDenied()
    if not record.can_confirm:
        raise InvalidInput("Lần nhập này không thể xác nhận.")
    confirmed = MemberImport.objects.filter(
        pk=record.pk, status=MemberImport.Status.READY, confirmed_at__isnull=True
    ).update(confirmed_at=timezone.now())
    if not confirmed:
        raise InvalidInput("Lần nhập này đã được xác nhận.")
    transaction.on_commit(partial(member_import_process_task.enqueue, import_id=record.pk))
    record.refresh_from_db()
    return record
