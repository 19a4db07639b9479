"""Who is calling: the user behind the request's bearer token, and only that.

Wagtail's `BearerTokenAuth` already overwrites `request.user` with the token's
user, but a request without an `Authorization` header never reaches it, so
`request.user` may still be a session user. Operations therefore read the
caller from `request.auth` (the `APIToken` ninja stored after a successful
check): a Django session cookie can never elevate an API request.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from wagtail.models import APIToken


def api_caller(request: HttpRequest) -> AbstractBaseUser:
    """The active user whose token authenticated this request; else 401."""
    token = getattr(request, "auth", None)
    if not isinstance(token, APIToken):
        raise AuthenticationError()
    user: AbstractBaseUser = token.user
    if not user.is_active:
        raise AuthenticationError()
    return user
