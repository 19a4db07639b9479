"""Who is signed in to the member area: views of every app use these."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from lantoa.core.actors import Actor as AnyUser
from lantoa.org.choices import MemberStatus
from lantoa.org.public import Member

_CACHE_ATTR = "_lantoa_member"


def member_of(user: AnyUser) -> Member | None:
    """The active member record behind `user`, with its unit; None otherwise."""
    if not user.is_authenticated or not user.is_active or user.pk is None:
        return None
    cached: Member | bool | None = getattr(user, _CACHE_ATTR, False)
    if cached is not False:
        return cached if isinstance(cached, Member) else None
    member = (
        Member.objects.select_related("unit")
        .filter(user_id=user.pk, status=MemberStatus.ACTIVE)
        .first()
    )
    setattr(user, _CACHE_ATTR, member)
    return member


def sign_in_url(next_url: str = "") -> str:
    url = reverse("memberarea:sign_in")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run `view` with `request.member` set; send others to the sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = member_of(request.user)
        if member is None:
            return HttpResponseRedirect(sign_in_url(request.get_full_path()))
        request.member = member  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
