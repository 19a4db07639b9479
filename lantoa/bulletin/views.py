"""Public pages of the bulletin: archive, web edition, PDF, and the reader's
own links (subscribe, confirm, preferences, unsubscribe incl. RFC 8058
one-click). Thin: each view calls one service or selector."""

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lantoa.bulletin import selectors
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.models import Bulletin, Issue
from lantoa.bulletin.services import pdf, subscriptions
from lantoa.bulletin.services.rendering import issue_links, issue_sections, rendition_url
from lantoa.core.exceptions import LantoaError
from lantoa.core.ratelimit import client_address, rate_limited
from lantoa.org import scoping
from lantoa.org.choices import Perm


def _bulletin(unit_slug: str) -> Bulletin:
    return get_object_or_404(
        Bulletin.objects.select_related("unit"), unit__slug=unit_slug, unit__is_active=True
    )


def _issue(request: HttpRequest, unit_slug: str, year: int, number: int) -> Issue:
    issue = get_object_or_404(
        Issue.objects.select_related("bulletin__unit", "cover_image"),
        bulletin__unit__slug=unit_slug,
        year=year,
        number=number,
    )
    # Not yet sent: visible only to the unit's officers (a test send links here).
    if issue.state != IssueState.SENT and not scoping.user_can(
        request.user, Perm.CONTENT_EDIT, issue.bulletin.unit
    ):
        raise Http404
    return issue


def archive(request: HttpRequest, unit_slug: str) -> HttpResponse:
    bulletin = _bulletin(unit_slug)
    issues = selectors.archive_issues(bulletin).select_related("cover_image")
    return render(
        request,
        "bulletin/web/archive.html",
        {"bulletin": bulletin, "issues": issues, "subscribe_form": SubscribeForm()},
    )


def issue_web(request: HttpRequest, unit_slug: str, year: int, number: int) -> HttpResponse:
    issue = _issue(request, unit_slug, year, number)
    sections = [
        {
            "title": s.title,
            "articles": [
                {"a": a, "image": rendition_url(a.image, "fill-800x450")} for a in s.articles
            ],
        }
        for s in issue_sections(issue)
    ]
    context = {
        "issue": issue,
        "bulletin": issue.bulletin,
        "sections": sections,
        "cover_url": rendition_url(issue.cover_image, "fill-1200x600"),
        **issue_links(issue),
    }
    return render(request, "bulletin/web/issue.html", context)


def issue_pdf(request: HttpRequest, unit_slug: str, year: int, number: int) -> FileResponse:
    issue = _issue(request, unit_slug, year, number)
    if not issue.pdf or issue.state != IssueState.SENT:
        # Rendered at approval; an officer's preview of a draft is always fresh.
        issue = pdf.issue_pdf_render(issue_id=issue.pk)
    name = f"{issue.bulletin.unit.slug}-so-{issue.number}-{issue.year}.pdf"
    return FileResponse(issue.pdf.open("rb"), content_type="application/pdf", filename=name)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="E-mail", max_length=254)
    name = forms.CharField(label="Họ tên", max_length=128, required=False)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, unit_slug: str) -> HttpResponse:
    bulletin = _bulletin(unit_slug)
    form = SubscribeForm(request.POST or None)
    # Each request sends a confirmation e-mail: without a limit the form is a mail cannon.
    if request.method == "POST" and rate_limited(
        "bulletin-subscribe", client_address(request), settings.LANTOA_SUBSCRIBE_RATE
    ):
        message = "Bạn đã gửi quá nhiều yêu cầu đăng ký. Vui lòng thử lại sau."
        return render(request, "bulletin/web/message.html", {"message": message}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscriber_request(
                actor=request.user,
                bulletin=bulletin,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
            )
        except LantoaError as exc:
            form.add_error("email", exc.message)
        else:
            return render(request, "bulletin/web/subscribe_sent.html", {"bulletin": bulletin})
    return render(request, "bulletin/web/subscribe.html", {"bulletin": bulletin, "form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button (a mail scanner following the link must not
    subscribe anyone); the button's POST confirms."""
    if request.method == "GET":
        try:
            subscriber = subscriptions.subscriber_pending(token=token)
        except LantoaError as exc:
            return render(
                request, "bulletin/web/message.html", {"message": exc.message}, status=400
            )
        return render(request, "bulletin/web/confirm.html", {"subscriber": subscriber})
    try:
        subscriber = subscriptions.subscriber_confirm(actor=request.user, token=token)
    except LantoaError as exc:
        return render(request, "bulletin/web/message.html", {"message": exc.message}, status=400)
    return render(
        request,
        "bulletin/web/message.html",
        {"message": f"Đã xác nhận: {subscriber.email} sẽ nhận {subscriber.bulletin.name}."},
    )


@csrf_exempt  # RFC 8058: mail providers POST here without a session or a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button (link scanners must not unsubscribe anyone);
    POST — the provider's one-click ("List-Unsubscribe=One-Click") or the
    button — unsubscribes."""
    if request.method == "GET":
        return render(request, "bulletin/web/unsubscribe.html", {"token": token})
    via = "one_click" if request.POST.get("List-Unsubscribe") == "One-Click" else "link"
    try:
        bulletin = subscriptions.recipient_unsubscribe(actor=request.user, token=token, via=via)
    except LantoaError as exc:
        return render(request, "bulletin/web/message.html", {"message": exc.message}, status=400)
    return render(
        request,
        "bulletin/web/message.html",
        {"message": f"Bạn sẽ không nhận {bulletin.name} nữa.", "token": token},
    )


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            wanted = [int(v) for v in request.POST.getlist("bulletin") if v.isdigit()]
            prefs = subscriptions.preferences_update(actor=request.user, token=token, wanted=wanted)
            saved = True
        else:
            prefs = subscriptions.preferences_read(token=token)
            saved = False
    except LantoaError as exc:
        return render(request, "bulletin/web/message.html", {"message": exc.message}, status=400)
    return render(
        request, "bulletin/web/preferences.html", {"prefs": prefs, "token": token, "saved": saved}
    )
