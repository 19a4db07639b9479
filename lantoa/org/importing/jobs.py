"""Worker side of stored imports: run a `MemberImport` and record the outcome.

Called only by `tasks.member_import_process_task`; it never enqueues.
"""

import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from lantoa.core.exceptions import LantoaError
from lantoa.org.importing.processing import STORED_ERRORS, ImportResult, member_import_file
from lantoa.org.models import MemberImport

logger = logging.getLogger(__name__)
Status = MemberImport.Status

PROGRESS_SECONDS = 0.5
BLOCKED_MESSAGE = (
    "Không nhập gì vì có {n} dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn «Bỏ qua các dòng lỗi»."
)
CRASH_MESSAGE = "Lỗi hệ thống khi xử lý tệp; hãy báo quản trị viên."


def member_import_process(*, import_id: int) -> None:
    """Validate (dry run) or import a stored member list.

    Idempotent and safe to deliver twice: the run first claims the record with
    a conditional update (pending → validating, or confirmed ready → importing),
    so only one worker ever processes a given step. A finished real import
    deletes the stored file: the members are in the database now.
    """
    record = MemberImport.objects.filter(pk=import_id).first()
    if record is None:
        return
    if record.status == Status.PENDING:
        claimed_from, claimed_to, real = Status.PENDING, Status.VALIDATING, not record.dry_run
    elif record.status == Status.READY and record.confirmed_at is not None:
        claimed_from, claimed_to, real = Status.READY, Status.IMPORTING, True
    else:
        return
    claimed = MemberImport.objects.filter(
        pk=record.pk, status=claimed_from, confirmed_at=record.confirmed_at
    ).update(status=claimed_to, started_at=timezone.now(), progress_done=0)
    if not claimed:
        return
    record.refresh_from_db()
    actor = record.uploaded_by
    if actor is None:
        _finish(record, Status.FAILED, message="Người tải tệp lên không còn tài khoản.")
        return
    try:
        with _local_copy(record) as path:
            result = member_import_file(
                path=path,
                actor=actor,
                default_unit=record.unit,
                dry_run=not real,
                skip_invalid=record.skip_invalid,
                mapping=record.mapping or None,
                progress=_RecordProgress(record.pk),
                file_name=record.file_name,
                audit_target=record,
            )
    except LantoaError as exc:
        _finish(record, Status.FAILED, message=exc.message)
        return
    except Exception:
        logger.exception("member import %s crashed", record.pk)
        _finish(record, Status.FAILED, message=CRASH_MESSAGE)
        raise
    if result.blocked:
        status, message = Status.FAILED, BLOCKED_MESSAGE.format(n=result.invalid_rows)
    elif result.written:
        status, message = Status.DONE, "Đã nhập xong."
    elif result.created + result.updated == 0:
        status, message = Status.READY, "Không có gì thay đổi: danh sách đã khớp với dữ liệu."
    else:
        status, message = Status.READY, "Kiểm tra xong: bấm «Xác nhận nhập» để ghi vào dữ liệu."
    _finish(record, status, message=message, result=result)
    if status == Status.DONE and record.file:
        record.file.delete(save=False)
        MemberImport.objects.filter(pk=record.pk).update(file="")


@contextmanager
def _local_copy(record: MemberImport) -> Iterator[Path]:
    """A filesystem path for the stored file, copying it down from remote
    storage (S3) when the storage has no local paths."""
    try:
        local = Path(record.file.path)
    except NotImplementedError:
        pass
    else:
        yield local
        return
    suffix = Path(record.file.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp, record.file.open("rb") as src:
        shutil.copyfileobj(src, tmp)
        tmp.flush()
        yield Path(tmp.name)


class _RecordProgress:
    """Writes progress to the record at most twice a second, so the admin page
    can show it; the write phase marks the record as importing before the
    import's transaction opens (updates inside it would be invisible)."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        qs = MemberImport.objects.filter(pk=self.import_id)
        if phase == "write":
            if done == 0:
                qs.update(status=Status.IMPORTING, progress_done=0, progress_total=total or 0)
            return
        now = time.monotonic()
        if now - self.last < PROGRESS_SECONDS and done != total:
            return
        self.last = now
        qs.update(progress_done=done, progress_total=max(total or 0, done))


def _finish(
    record: MemberImport, status: str, *, message: str, result: ImportResult | None = None
) -> None:
    fields: dict[str, object] = {
        "status": status,
        "message": message,
        "finished_at": timezone.now(),
    }
    if result is not None:
        fields.update(
            row_count=result.rows,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            invalid_count=result.invalid_rows,
            error_count=len(result.errors),
            errors=[e.as_dict() for e in result.errors[:STORED_ERRORS]],
            progress_done=F("progress_total") if result.written else result.rows,
        )
        if not result.written:
            fields["progress_total"] = result.rows
    MemberImport.objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db()


ABANDONED_MESSAGE = (
    "Tệp đã được xoá vì không được xác nhận trong {days} ngày (danh sách đoàn viên là "
    "dữ liệu cá nhân). Vui lòng tải lên lại nếu vẫn cần nhập."
)


def member_imports_prune(*, now: datetime | None = None) -> int:
    """Member lists are personal data: a file whose dry run was never
    confirmed (or that failed) is deleted after LANTOA_MEMBER_IMPORT_KEEP_DAYS.
    The record stays, with its report and audit trail. Returns files deleted."""
    days = int(settings.LANTOA_MEMBER_IMPORT_KEEP_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = MemberImport.objects.filter(
        created_at__lt=cutoff, status__in=(Status.READY, Status.FAILED)
    ).exclude(file="")
    deleted = 0
    for record in stale.iterator():
        record.file.delete(save=False)
        fields: dict[str, object] = {"file": ""}
        if record.status != Status.FAILED:
            fields.update(status=Status.FAILED, message=ABANDONED_MESSAGE.format(days=days))
        MemberImport.objects.filter(pk=record.pk).update(**fields)
        deleted += 1
    return deleted
