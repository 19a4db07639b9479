"""Members' pages of the race (in the member area) and the public
certificate check. Thin: each view parses input and calls one service or
selector."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantoa.core.exceptions import LantoaError
from lantoa.core.viewsets import add_service_error
from lantoa.memberarea.public import member_required
from lantoa.race import selectors
from lantoa.race.choices import ActivityStatus
from lantoa.race.forms import AppealForm, ManualForm, UploadForm
from lantoa.race.models import Race, Registration
from lantoa.race.services import activities, certificates, registrations
from lantoa.race.services.races import finisher_m


def _race(request: HttpRequest, race_id: UUID) -> tuple[Race, Registration | None]:
    """The race as the signed-in member may see it, with their registration."""
    found = selectors.race_and_registration(request.member, race_id)  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _registration(request: HttpRequest, race_id: UUID) -> tuple[Race, Registration]:
    race, registration = _race(request, race_id)
    if registration is None:
        raise Http404
    return race, registration


@member_required
def race_list(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request,
        "race/member/list.html",
        {
            "races": selectors.races_for_member(member),
            "registrations": list(selectors.member_registrations(member)[:20]),
        },
    )


@member_required
def race_detail(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, registration = _race(request, race_id)
    context: dict[str, Any] = {"race": race, "registration": registration}
    if registration is not None:
        context.update(
            activities=selectors.registration_activities(registration),
            rank=selectors.registration_rank(registration),
            finisher_m=finisher_m(race),
            upload_form=UploadForm(race=race),
        )
    context["totals"] = selectors.race_totals(race)
    return render(request, "race/member/detail.html", context)


@require_POST
@member_required
def register(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, _registration_now = _race(request, race_id)
    try:
        registration = registrations.registration_create(
            actor=request.user,
            race=race,
            member=request.member,  # type: ignore[attr-defined]
        )
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đăng ký thành công. Số báo danh của bạn: {registration.bib}.")
    return HttpResponseRedirect(reverse("race:detail", args=[race.public_id]))


@member_required
def upload(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, registration = _registration(request, race_id)
    form = UploadForm(request.POST or None, request.FILES or None, race=race)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_upload(
                actor=request.user,
                registration=registration,
                file=form.cleaned_data["file"],
                sport=form.cleaned_data["sport"],
            )
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Đã nhận tệp. Hệ thống đang kiểm tra hoạt động.")
            return HttpResponseRedirect(reverse("race:activity", args=[activity.public_id]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "race/member/upload.html",
        {"race": race, "registration": registration, "form": form},
        status=status,
    )


@member_required
def manual(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, registration = _registration(request, race_id)
    if not race.allow_manual:
        raise Http404
    form = ManualForm(request.POST or None, race=race)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_manual_create(
                actor=request.user,
                registration=registration,
                sport=form.cleaned_data["sport"],
                started_at=form.cleaned_data["started_at"],
                distance_km=form.cleaned_data["distance_km"],
                duration=form.duration,
            )
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Đã ghi nhận. Hoạt động nhập tay sẽ được cán bộ xem xét.")
            return HttpResponseRedirect(reverse("race:activity", args=[activity.public_id]))
    status = 400 if request.method == "POST" else 200
    return render(request, "race/member/manual.html", {"race": race, "form": form}, status=status)


@member_required
def activity_detail(request: HttpRequest, activity_id: UUID) -> HttpResponse:
    activity = selectors.member_activity(request.member, activity_id)  # type: ignore[attr-defined]
    if activity is None:
        raise Http404
    appeal = getattr(activity, "appeal", None) if hasattr(activity, "appeal") else None
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activities.appeal_create(
                actor=request.user, activity=activity, text=form.cleaned_data["text"]
            )
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Đã gửi khiếu nại. Ban tổ chức sẽ trả lời bạn tại đây.")
            return HttpResponseRedirect(reverse("race:activity", args=[activity.public_id]))
    return render(
        request,
        "race/member/activity.html",
        {
            "activity": activity,
            "race": activity.registration.race,
            "appeal": appeal,
            "form": form,
            "can_appeal": activity.status == ActivityStatus.REJECTED and appeal is None,
            "pending": activity.status == ActivityStatus.PENDING,
        },
        status=400 if request.method == "POST" else 200,
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("trang", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@member_required
def person_board(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, me = _race(request, race_id)
    within = selectors.board_unit(race, request.GET.get("don-vi", ""))
    page = _page_number(request)
    rows, more = selectors.person_board(race, page=page, within=within, me=me)
    return render(
        request,
        "race/member/board.html",
        {
            "race": race,
            "rows": rows,
            "page": page,
            "more": more,
            "within": within,
            "me": me,
            "my_rank": selectors.registration_rank(me) if me is not None else None,
        },
    )


@member_required
def unit_board(request: HttpRequest, race_id: UUID) -> HttpResponse:
    race, _me = _race(request, race_id)
    parent = selectors.board_unit(race, request.GET.get("don-vi", "")) or race.unit
    return render(
        request,
        "race/member/unit_board.html",
        {
            "race": race,
            "parent": parent,
            "rows": selectors.unit_board(race, parent=parent),
            "is_top": parent.pk == race.unit_id,
            "member_unit_path": request.member.unit_path,  # type: ignore[attr-defined]
        },
    )


@member_required
def certificate(request: HttpRequest, race_id: UUID) -> HttpResponse:
    """POST issues the certificate (once); GET downloads its PDF."""
    race, registration = _registration(request, race_id)
    if request.method == "POST":
        try:
            certificates.certificate_issue(actor=request.user, registration=registration)
        except LantoaError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("race:detail", args=[race.public_id]))
    issued = selectors.certificate_of(registration)
    if issued is None:
        return HttpResponseRedirect(reverse("race:detail", args=[race.public_id]))
    response = HttpResponse(certificates.certificate_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{issued.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the paper checks that the certificate is real."""
    found = selectors.certificate_by_code(code)
    return render(
        request,
        "race/public/verify.html",
        {"certificate": found, "code": code},
        status=200 if found is not None else 404,
    )
