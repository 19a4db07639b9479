"""A member's honours in the member area (their record, certificates) and
the public certificate check. Thin: each view calls one selector or service."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lantoa.honours import selectors
from lantoa.honours.services.nominations import honour_certificate_pdf
from lantoa.memberarea.public import member_required


@member_required
def my_honours(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request, "honours/member/list.html", {"honours": selectors.member_honours(member)}
    )


@member_required
def certificate(request: HttpRequest, honour_id: UUID) -> HttpResponse:
    honour = selectors.member_honour(request.member, honour_id)  # type: ignore[attr-defined]
    if honour is None:
        raise Http404
    response = HttpResponse(honour_certificate_pdf(honour), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ton-vinh-{honour.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the paper checks that the honour is real."""
    found = selectors.honour_by_code(code)
    return render(
        request,
        "honours/public/verify.html",
        {"honour": found, "code": code},
        status=200 if found is not None else 404,
    )
