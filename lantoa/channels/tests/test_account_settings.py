"""A channel's non-secret settings (author, default cover, …) are changed
without pasting the token again; a Zalo cover must be a picture Zalo can fetch."""

import pytest
from django.urls import reverse

from lantoa.channels.services.credentials import account_view
from lantoa.core.models import AuditLogEntry


@pytest.fixture
def officer_client(client, officer):
    from lantoa.org.services import sync_admin_access

    sync_admin_access(officer)
    client.force_login(officer)
    return client


def settings_url(account):
    return reverse("channels_accounts:settings", args=[account.pk])


def test_the_settings_show_stored_values_never_the_token(officer_client, zalo_account, fake_zalo):
    page = officer_client.get(settings_url(zalo_account)).content.decode()
    assert f'value="{fake_zalo.base_url}/_fake/cover.jpg"' in page
    assert 'value="Ban Tuyên giáo"' in page
    assert fake_zalo.ACCESS_TOKEN not in page
    assert 'name="token"' not in page
    inspect = officer_client.get(reverse("channels_accounts:inspect", args=[zalo_account.pk]))
    assert settings_url(zalo_account) in inspect.content.decode()


def test_a_new_author_and_cover_are_saved_without_a_new_token(
    officer_client, zalo_account, fake_zalo
):
    before = account_view(zalo_account).credentials
    cover = f"{fake_zalo.base_url}/_fake/cover.jpg?v=2"
    response = officer_client.post(
        settings_url(zalo_account),
        {"author": "Ban Tuyên giáo PV GAS", "cover_url": cover, "app_id": before["app_id"]},
    )
    assert response.status_code == 302
    zalo_account.refresh_from_db()
    after = account_view(zalo_account).credentials
    assert (after["author"], after["cover_url"]) == ("Ban Tuyên giáo PV GAS", cover)
    assert after["access_token"] == before["access_token"]  # the secret is untouched
    entry = AuditLogEntry.objects.get(action="channels.account_settings")
    assert entry.data["author"] == {"from": "Ban Tuyên giáo", "to": "Ban Tuyên giáo PV GAS"}
    assert fake_zalo.ACCESS_TOKEN not in str(entry.data)


def test_a_cover_zalo_could_not_fetch_is_refused(officer_client, zalo_account, fake_zalo):
    broken = f"{fake_zalo.base_url}/_fake/khong-co.jpg"
    response = officer_client.post(
        settings_url(zalo_account), {"author": "Ban Tuyên giáo", "cover_url": broken}
    )
    assert response.status_code == 200
    assert f"Ảnh bìa «{broken}» không mở được (HTTP 404)" in response.content.decode()
    zalo_account.refresh_from_db()
    assert (
        account_view(zalo_account).credentials["cover_url"]
        == f"{fake_zalo.base_url}/_fake/cover.jpg"
    )
    assert not AuditLogEntry.objects.filter(action="channels.account_settings").exists()


def test_telegram_has_no_settings_to_change(officer_client, telegram_account):
    page = officer_client.get(
        reverse("channels_accounts:inspect", args=[telegram_account.pk])
    ).content.decode()
    assert settings_url(telegram_account) not in page
