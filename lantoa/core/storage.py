"""Where files that only some users may read are kept.

Fields pass `storage=private_storage` (a callable, so migrations do not record
a path). It answers a lazy handle on the `private` alias of STORAGES, resolved
again whenever STORAGES changes (as `default_storage` is), so a test can point
the alias at another folder or an S3 server. Such files have no public URL: a
view checks the reader's scope and streams them with `private_file_response`
(on S3 the storage's own URL is signed and expires: docs/deploy.md).
"""

import mimetypes
from typing import Any

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):  # type: ignore[type-arg]  # generic only in the stubs
    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty  # type: ignore[assignment]  # "not resolved yet"


def private_storage() -> Storage:
    return _private  # type: ignore[return-value]


def private_file_response(file: FieldFile, *, download_name: str = "") -> FileResponse:
    """Stream a private file inline, never cached by shared caches."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(file.name or "")[0] or "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not content_type.startswith("image/"),
        filename=download_name or (file.name or "").rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
