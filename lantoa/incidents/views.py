"""The public page where members (and anyone) report harmful or false
information about the union; no account needed. Rate-limited per address,
with a field robots fill and people do not see."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lantoa.core.exceptions import LantoaError
from lantoa.core.ratelimit import client_address, rate_limited
from lantoa.incidents.choices import ReportSource
from lantoa.incidents.forms import PublicReportForm
from lantoa.incidents.services import intake


@require_http_methods(["GET", "POST"])
def report_public(request: HttpRequest) -> HttpResponse:
    form = PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and rate_limited(
        "incidents-report", client_address(request), settings.LANTOA_INCIDENTS_REPORT_RATE
    ):
        message = "Bạn đã gửi quá nhiều tin báo. Vui lòng thử lại sau ít phút."
        return render(request, "incidents/public/thanks.html", {"message": message}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:  # only robots fill the hidden field: thank them, store nothing
            return render(request, "incidents/public/thanks.html", {})
        try:
            intake.report_create(
                actor=request.user,
                unit=data["unit"],
                source=ReportSource.MEMBER_FORM,
                url=data["url"],
                text=data["text"],
                screenshot=data["screenshot"],
                reporter_name=data["reporter_name"],
                reporter_contact=data["reporter_contact"],
            )
        except LantoaError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "incidents/public/thanks.html", {})
    return render(request, "incidents/public/report.html", {"form": form}, status=200)
