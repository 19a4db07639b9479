"""The journalist's unsubscribe page (the signed link of every release): GET
shows a button, POST (and RFC 8058 one-click) withdraws consent."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from lantoa.core.exceptions import NotFound
from lantoa.press.services import journalist_from_token, journalist_unsubscribe


@csrf_exempt  # the one-click POST of mail clients carries no CSRF token; the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        journalist = journalist_from_token(token)
    except NotFound:
        return render(request, "press/public/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        journalist = journalist_unsubscribe(actor=request.user, token=token)
        done = True
    return render(
        request,
        "press/public/unsubscribe.html",
        {"journalist": journalist, "done": done or journalist.unsubscribed_at is not None},
    )
