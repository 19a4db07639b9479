"""Where files that only some users may read are kept.

Fields pass `storage=private_storage` (a callable, so migrations do not record
a path and tests can point the alias elsewhere). Such files have no URL: a view
checks the reader's scope and streams them with `private_file_response`.
"""

import mimetypes

from django.core.files.storage import Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_storage() -> Storage:
    return storages["private"]


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
