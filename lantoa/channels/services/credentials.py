"""Reading an account's secrets for an adapter, and marking it broken."""

from django.utils import timezone

from lantoa.channels.adapters.base import Account
from lantoa.channels.adapters.registry import base_url_for
from lantoa.channels.choices import AccountState, Platform
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services.tokens import account_renewer
from lantoa.core.crypto import decrypt_json


def account_view(account: ChannelAccount) -> Account:
    """What an adapter may know of an account (decrypted credentials included).

    A Zalo OA holding a refresh token gets a `renew` hook: the adapter renews a
    refused access token once, under the account's row lock (services/tokens.py)."""
    credentials = decrypt_json(account.credentials_encrypted)
    renew = None
    if account.platform == Platform.ZALO_OA and credentials.get("refresh_token") and account.pk:
        renew = account_renewer(account.pk, credentials)
    return Account(
        platform=account.platform,
        external_id=account.external_id,
        credentials=credentials,
        base_url=base_url_for(account.platform),
        renew=renew,
    )


# Settings kept beside the secrets that are not secret: shown and changed
# without reconnecting (`account_settings_update`), read by the adapters' rules.
PUBLIC_SETTINGS = ("author", "cover_url", "app_id", "from_id")


def account_settings(account: ChannelAccount) -> dict[str, str]:
    """The channel's non-secret settings (never a token)."""
    credentials = (
        decrypt_json(account.credentials_encrypted) if account.credentials_encrypted else {}
    )
    return {key: str(credentials.get(key) or "") for key in PUBLIC_SETTINGS}


def account_mark_broken(*, account_id: int, message: str) -> None:
    """A platform said the token is invalid: stop sending, keep the deliveries."""
    ChannelAccount.objects.filter(pk=account_id).update(
        state=AccountState.BROKEN, last_error=message, last_error_at=timezone.now()
    )
