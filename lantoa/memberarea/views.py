"""The member area's own pages: sign-in with a one-time code, sign-out, home.
Thin: each view parses input and calls one service or selector."""

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lantoa.core.exceptions import LantoaError
from lantoa.core.ratelimit import client_address
from lantoa.memberarea import services
from lantoa.memberarea.access import member_of, member_required
from lantoa.memberarea.forms import CodeForm, SignInForm
from lantoa.memberarea.sections import home_sections
from lantoa.memberarea.sms import sms_enabled

SESSION_DESTINATION = "memberarea.destination"
SESSION_MASKED = "memberarea.masked"
SESSION_NEXT = "memberarea.next"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("memberarea:home")


def sign_in(request: HttpRequest) -> HttpResponse:
    if member_of(request.user) is not None:
        return HttpResponseRedirect(_safe_next(request, request.GET.get("next", "")))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            destination = services.login_code_send(
                actor=request.user,
                identifier=form.cleaned_data["identifier"],
                client_key=client_address(request),
            )
        except LantoaError as exc:
            form.add_error("identifier", exc.message)
        else:
            request.session[SESSION_DESTINATION] = destination.address
            request.session[SESSION_MASKED] = destination.masked
            request.session[SESSION_NEXT] = _safe_next(request, request.POST.get("next", ""))
            return HttpResponseRedirect(reverse("memberarea:sign_in_code"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "memberarea/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "sms_enabled": sms_enabled()},
        status=status,
    )


def sign_in_code(request: HttpRequest) -> HttpResponse:
    address = request.session.get(SESSION_DESTINATION)
    if not address:
        return HttpResponseRedirect(reverse("memberarea:sign_in"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.login_code_verify(
                actor=request.user, identifier=address, code=form.cleaned_data["code"]
            )
        except LantoaError as exc:
            form.add_error("code", exc.message)
        else:
            next_url = request.session.get(SESSION_NEXT) or reverse("memberarea:home")
            login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(next_url)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "memberarea/sign_in_code.html",
        {"form": form, "masked": request.session.get(SESSION_MASKED, "")},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("memberarea:sign_in"))


@member_required
def home(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request,
        "memberarea/home.html",
        {"member": member, "sections": home_sections(request, member)},
    )
