"""Test helpers for API tests (imported by tests only)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from wagtail.models import APIToken


def bearer_headers(user: AbstractBaseUser, name: str = "test") -> dict[str, str]:
    """A fresh API token for `user`, as request headers for Django's test client."""
    _, plaintext = APIToken.create_token(user=user, name=name)
    return {"Authorization": f"Bearer {plaintext}"}


class ApiCaller:
    """Bearer-authenticated calls of one user through Django's test client."""

    def __init__(self, client: Client, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def get(self, url: str, **query: Any) -> Any:
        return self.client.get(url, query, headers=self.headers)

    def post(self, url: str, payload: Any = None) -> Any:
        return self.client.post(
            url, payload or {}, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(client: Client) -> Callable[[AbstractBaseUser], ApiCaller]:
    """api(user).get(url, **query) / .post(url, json), one token per user (the
    root conftest registers this module as a plugin)."""
    headers: dict[int, dict[str, str]] = {}

    def caller(user: AbstractBaseUser) -> ApiCaller:
        if user.pk not in headers:
            headers[user.pk] = bearer_headers(user)
        return ApiCaller(client, headers[user.pk])

    return caller
