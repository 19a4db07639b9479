"""Uploading opinions from a spreadsheet (minutes of a dialogue with workers…):
the file is read at once, and the page shows the per-row report. Thin: the
form parses, `opinions_import_file` decides and stores."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.exceptions import LantoaError
from lantoa.listening.admin_views.common import ListeningAccessMixin, home_crumb
from lantoa.listening.forms import MAX_UPLOAD_BYTES, OpinionImportForm
from lantoa.listening.services.intake_import import MAX_ROWS, opinions_import_file

SHOWN_ERRORS = 200


class _UploadPath:
    """The upload as a file on disk (the readers sniff bytes from a path)."""

    def __init__(self, upload: UploadedFile) -> None:
        self.upload = upload
        self.temporary: str | None = None

    def __enter__(self) -> Path:
        existing = getattr(self.upload, "temporary_file_path", None)
        if existing is not None:
            return Path(existing())
        suffix = Path(self.upload.name or "").suffix[:8]
        fd, self.temporary = tempfile.mkstemp(prefix="lantoa-opinions-", suffix=suffix)
        with os.fdopen(fd, "wb") as out:
            for chunk in self.upload.chunks():
                out.write(chunk)
        return Path(self.temporary)

    def __exit__(self, *exc: object) -> None:
        if self.temporary:
            Path(self.temporary).unlink(missing_ok=True)


class OpinionImportView(ListeningAccessMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "listening/admin/import.html"
    page_title = _("Nhập ý kiến từ tệp")
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Nhập ý kiến từ tệp")}]

    def get_form(self, form_class: Any = None) -> OpinionImportForm:
        return OpinionImportForm(**self.get_form_kwargs(), user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(max_megabytes=MAX_UPLOAD_BYTES // (1024 * 1024), max_rows=MAX_ROWS)
        return context

    def form_valid(self, form: OpinionImportForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            with _UploadPath(data["file"]) as path:
                report = opinions_import_file(
                    actor=self.request.user,
                    path=path,
                    default_unit=data["unit"],
                    dry_run=data["dry_run"],
                    skip_invalid=data["skip_invalid"],
                )
        except LantoaError as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(
                form=OpinionImportForm(user=self.request.user),
                report=report,
                file_name=data["file"].name,
                errors=report.errors[:SHOWN_ERRORS],
                more_errors=max(len(report.errors) - SHOWN_ERRORS, 0),
            )
        )
