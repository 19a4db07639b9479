"""Wagtail admin pages for member import and export (registered as admin URLs
in `org/wagtail_hooks.py`). Thin: parse, authorise, call a service, render."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.exceptions import LantoaError, NotFound
from lantoa.org.choices import Perm
from lantoa.org.exporting import member_export_xlsx
from lantoa.org.importing.forms import MemberExportForm, MemberImportForm
from lantoa.org.importing.selectors import member_import_get_for, member_import_list_for
from lantoa.org.importing.services import (
    member_import_check_size,
    member_import_confirm,
    member_import_create,
)
from lantoa.org.models import MemberImport
from lantoa.org.scoping import role_units, user_has_any

_UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields


def _require_importer(request: HttpRequest) -> None:
    if not user_has_any(request.user, Perm.MEMBER_CHANGE):
        raise DjangoPermissionDenied


def _breadcrumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Trang chủ"},
        *({"url": url, "label": label} for url, label in items),
    ]


def _load(request: HttpRequest, pk: int) -> MemberImport:
    try:
        return member_import_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@require_http_methods(["GET", "POST"])
def member_import_start(request: HttpRequest) -> HttpResponse:
    """Upload a member list: it is stored and checked in the background."""
    _require_importer(request)
    form = MemberImportForm(user=request.user)
    if request.method == "POST":
        # Refuse an oversized upload before Django parses it into a temp file.
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
            member_import_check_size(max(size - _UPLOAD_OVERHEAD, 0))
        except LantoaError as exc:
            messages.error(request, exc.message)
            return redirect("org_member_import_start")
        form = MemberImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = member_import_create(
                    actor=request.user,
                    uploaded_file=data["file"],
                    default_unit=data["unit_code"],
                    dry_run=data["dry_run"],
                    skip_invalid=data["skip_invalid"],
                    mapping=data["mapping"],
                )
            except LantoaError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"Đã tải lên «{record.file_name}»: đang xử lý.")
                return redirect("org_member_import_detail", pk=record.pk)
    units = role_units(request.user)
    export_form = MemberExportForm(
        user=request.user, initial={"unit": units[0].code if units else ""}
    )
    return render(
        request,
        "org/importing/start.html",
        {
            "form": form,
            "export_form": export_form,
            "imports": member_import_list_for(request.user)[:10],
            "max_megabytes": int(settings.LANTOA_MEMBER_IMPORT_MAX_BYTES) // (1024 * 1024),
            "header_title": "Nhập đoàn viên",
            "header_icon": "upload",
            "breadcrumbs_items": _breadcrumbs(("", "Nhập đoàn viên")),
        },
    )


@require_http_methods(["GET", "POST"])
def member_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress, counts and the row errors of one import; confirm after a dry run."""
    _require_importer(request)
    record = _load(request, pk)
    if request.method == "POST":
        try:
            member_import_confirm(actor=request.user, record=record)
        except LantoaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã xác nhận: đang nhập vào dữ liệu.")
        return redirect("org_member_import_detail", pk=record.pk)
    return render(
        request,
        "org/importing/detail.html",
        {
            "record": record,
            "percent": _percent(record),
            "more_errors": max(record.error_count - len(record.errors), 0),
            "header_title": record.file_name,
            "header_icon": "upload",
            "breadcrumbs_items": _breadcrumbs(
                (reverse("org_member_import_start"), "Nhập đoàn viên"), ("", record.file_name)
            ),
        },
    )


def _percent(record: MemberImport) -> int:
    if record.status in (MemberImport.Status.DONE, MemberImport.Status.READY):
        return 100
    if not record.progress_total:
        return 0
    return min(100, round(100 * record.progress_done / record.progress_total))


@require_GET
def member_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The import's state as JSON, for polling."""
    _require_importer(request)
    record = _load(request, pk)
    return JsonResponse(
        {
            "id": record.pk,
            "status": record.status,
            "status_label": record.get_status_display(),
            "running": record.is_running,
            "can_confirm": record.can_confirm,
            "progress": {"done": record.progress_done, "total": record.progress_total},
            "percent": _percent(record),
            "rows": record.row_count,
            "created": record.created_count,
            "updated": record.updated_count,
            "unchanged": record.unchanged_count,
            "invalid": record.invalid_count,
            "errors": record.error_count,
            "message": record.message,
        }
    )


@require_GET
def member_export(request: HttpRequest) -> HttpResponseBase:
    """Download the members of a unit's subtree as XLSX."""
    if not user_has_any(request.user, Perm.MEMBER_VIEW):
        raise DjangoPermissionDenied
    form = MemberExportForm(request.GET, user=request.user)
    if not form.is_valid():
        for error in form.errors.get("unit", []):
            messages.error(request, str(error))
        return redirect("org_member_import_start")
    unit = form.cleaned_data["unit"]
    out = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    try:
        member_export_xlsx(actor=request.user, unit=unit, out=out)
    except LantoaError as exc:
        out.close()
        messages.error(request, exc.message)
        return redirect("org_member_import_start")
    out.seek(0)
    name = f"doan-vien-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)


urlpatterns = [
    path("org/members/import/", member_import_start, name="org_member_import_start"),
    path("org/members/import/<int:pk>/", member_import_detail, name="org_member_import_detail"),
    path(
        "org/members/import/<int:pk>/status/",
        member_import_status,
        name="org_member_import_status",
    ),
    path("org/members/export/", member_export, name="org_member_export"),
]
