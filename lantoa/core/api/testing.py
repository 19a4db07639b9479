"""Test helpers for API tests (imported by tests only)."""

from django.contrib.auth.base_user import AbstractBaseUser
from wagtail.models import APIToken


def bearer_headers(user: AbstractBaseUser, name: str = "test") -> dict[str, str]:
    """A fresh API token for `user`, as request headers for Django's test client."""
    _, plaintext = APIToken.create_token(user=user, name=name)
    return {"Authorization": f"Bearer {plaintext}"}
