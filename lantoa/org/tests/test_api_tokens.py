"""Officers get their own API tokens in the admin (Cài đặt → Mã truy cập API)
and call the API with them; nobody sees another officer's tokens."""

import re

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from lantoa.org.tests.factories import staff_user

pytestmark = pytest.mark.django_db


def officer_at(unit, username):
    return staff_user(unit, username=username)


def test_an_officer_creates_a_token_and_calls_the_api_with_it(client, tree):
    officer = officer_at(tree.unit, "tuyengiao.kvt")
    client.force_login(officer)
    index = client.get(reverse("wagtailusers_api_tokens:index"))
    assert index.status_code == 200
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    # In the (JSON-rendered) menu, under Settings.
    assert reverse("wagtailusers_api_tokens:index") in home.replace("\\/", "/")

    created = client.post(
        reverse("wagtailusers_api_tokens:add"), {"name": "Báo cáo tuần", "user": officer.pk}
    )
    assert created.status_code == 200, created.content.decode()[:500]
    token = APIToken.objects.get()
    assert (token.user, token.name) == (officer, "Báo cáo tuần")
    plaintext = re.search(
        r"[A-Za-z0-9_\-]{30,}", created.content.decode().split("Báo cáo tuần", 1)[1]
    )
    assert plaintext is not None

    client.logout()
    api = client.get("/api/v1/posts/", headers={"Authorization": f"Bearer {plaintext.group(0)}"})
    assert api.status_code == 200


def test_an_officer_never_sees_anothers_tokens(client, tree):
    theirs, _plain = APIToken.create_token(user=officer_at(tree.sibling, "tuyengiao.kcm"), name="x")
    client.force_login(officer_at(tree.unit, "tuyengiao.kvt"))
    assert (
        "tuyengiao.kcm" not in client.get(reverse("wagtailusers_api_tokens:index")).content.decode()
    )
    edit = client.get(reverse("wagtailusers_api_tokens:edit", args=[theirs.pk]))
    assert edit.status_code == 404
    client.post(reverse("wagtailusers_api_tokens:delete", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
