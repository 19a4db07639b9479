"""Connecting channel accounts. Credentials are verified against the platform,
then stored encrypted; they are never shown back."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from lantoa.channels.adapters import zalo_oauth
from lantoa.channels.adapters.base import Account, ChannelError, ErrorKind
from lantoa.channels.adapters.registry import adapter_for, base_url_for
from lantoa.channels.choices import AccountState, Platform
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services.inbound import account_webhook_register
from lantoa.channels.services.outbox import deliveries_resume_for_account
from lantoa.channels.services.tokens import (
    OAUTH_URL_KEY,
    token_expiry,
    zalo_app,
    zalo_credentials_from_grant,
    zalo_refresh_grant,
)
from lantoa.core.audit import audit_record
from lantoa.core.crypto import SecretUnreadable, decrypt_json, encrypt_json, rotate
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import user_can

AnyUser = AbstractBaseUser | AnonymousUser


def _probe(platform: str, external_id: str, credentials: dict[str, Any]) -> Any:
    probe = Account(
        platform=platform,
        external_id=external_id,
        credentials=credentials,
        base_url=base_url_for(platform),
    )
    return adapter_for(platform).verify(probe)


def _verify(
    platform: str, external_id: str, credentials: dict[str, Any]
) -> tuple[Any, dict[str, Any]]:
    """The platform's description of the account, and the credentials to store.

    A Zalo access token lives 25 hours, so one copied from Zalo's tools the day
    before is refused; when a refresh token was pasted with it, it is spent for a
    fresh pair, which is then verified and stored instead. (Zalo's refresh tokens
    are single-use: should anything fail after that, the officer connects again,
    as they would have had to anyway.)
    """
    try:
        return _probe(platform, external_id, credentials), credentials
    except ChannelError as exc:
        renewed = _renewed_zalo_pair(platform, credentials, exc)
        if renewed is None:
            raise _refused(exc) from exc
    try:
        return _probe(platform, external_id, renewed), renewed
    except ChannelError as exc:
        raise _refused(exc) from exc


def _refused(exc: ChannelError) -> InvalidInput:
    return InvalidInput(f"Nền tảng từ chối kết nối: {exc.message}")


def _renewed_zalo_pair(
    platform: str, credentials: dict[str, Any], refused: ChannelError
) -> dict[str, Any] | None:
    if (
        platform != Platform.ZALO_OA
        or refused.kind is not ErrorKind.AUTH
        or not credentials.get("refresh_token")
        or not all(zalo_app(credentials))
    ):
        return None
    try:
        grant = zalo_refresh_grant(credentials)
    except ChannelError:
        return None  # the officer sees Zalo's refusal of the access token
    return zalo_credentials_from_grant(credentials, grant, timezone.now())


@transaction.atomic
def account_connect(
    *,
    actor: AnyUser,
    unit: OrgUnit,
    platform: str,
    credentials: dict[str, Any],
    external_id: str = "",
) -> ChannelAccount:
    """Verify the pasted token with the platform and store the account.

    Fills the account's name and id from the platform's answer."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()
    info, credentials = _verify(platform, external_id, credentials)
    account = ChannelAccount.objects.create(
        unit=unit,
        platform=platform,
        external_id=info.external_id,
        name=info.name,
        followers=info.followers,
        credentials_encrypted=encrypt_json(credentials),
        token_expires_at=_refresh_by(platform, credentials),
        state=AccountState.ACTIVE,
    )
    _register_webhook(actor, account)
    audit_record(
        actor=actor,
        action="channels.account_connect",
        target=account,
        unit_path=unit.path,
        data={"platform": platform, "external_id": account.external_id},
    )
    return account


@transaction.atomic
def account_update_credentials(
    *, actor: AnyUser, account: ChannelAccount, credentials: dict[str, Any]
) -> ChannelAccount:
    """Replace a broken or expiring token; a verified account becomes active and
    its paused deliveries resume."""
    if not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    info, credentials = _verify(account.platform, account.external_id, credentials)
    account.credentials_encrypted = encrypt_json(credentials)
    account.token_expires_at = _refresh_by(account.platform, credentials)
    account.name = info.name or account.name
    account.state = AccountState.ACTIVE
    account.last_error = ""
    account.save(
        update_fields=[
            "credentials_encrypted", "token_expires_at", "name", "state", "last_error",
            "updated_at",
        ]
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="channels.account_credentials",
        target=account,
        unit_path=account.unit.path,
    )
    deliveries_resume_for_account(account_id=account.pk)
    return account


@transaction.atomic
def account_set_state(*, actor: AnyUser, account: ChannelAccount, state: str) -> ChannelAccount:
    if not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    account.state = state
    account.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="channels.account_state",
        target=account,
        unit_path=account.unit.path,
        data={"state": state},
    )
    if state == AccountState.ACTIVE:
        deliveries_resume_for_account(account_id=account.pk)
    return account


def _refresh_by(platform: str, credentials: dict[str, Any]) -> datetime | None:
    """When the periodic job must renew the token (Zalo OA with a refresh token)."""
    if platform != Platform.ZALO_OA:
        return None
    return token_expiry(credentials, timezone.now())


# -- Zalo OA through OAuth v4 with PKCE ----------------------------------------------


@dataclass(frozen=True)
class OAuthStart:
    url: str  # Zalo's permission page
    state: str  # echoed by the callback; ties it to this request
    code_verifier: str  # PKCE secret: kept server-side (the session), never in a URL


def zalo_oauth_begin(*, actor: AnyUser, unit: OrgUnit, redirect_uri: str) -> OAuthStart:
    """Where to send an officer to grant the deployment's Zalo app access to an OA."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()
    app_id, app_secret = zalo_app({})
    if not app_id or not app_secret:
        raise InvalidInput(
            "Chưa cấu hình ứng dụng Zalo (LANTOA_ZALO_APP_ID, LANTOA_ZALO_APP_SECRET): "
            "hãy kết nối bằng cách dán token."
        )
    verifier, challenge = zalo_oauth.pkce_pair()
    state = secrets.token_urlsafe(24)
    url = zalo_oauth.permission_url(
        base_url_for(OAUTH_URL_KEY),
        app_id=app_id,
        redirect_uri=redirect_uri,
        code_challenge=challenge,
        state=state,
    )
    return OAuthStart(url=url, state=state, code_verifier=verifier)


def zalo_oauth_complete(
    *, actor: AnyUser, unit: OrgUnit, code: str, code_verifier: str
) -> ChannelAccount:
    """Exchange the callback's code for the OA's tokens and connect the OA, or
    reconnect it if the unit (or one the officer manages) already has it."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()
    app_id, app_secret = zalo_app({})
    try:
        grant = zalo_oauth.exchange_code(
            base_url_for(OAUTH_URL_KEY),
            app_id=app_id,
            app_secret=app_secret,
            code=code,
            code_verifier=code_verifier,
        )
    except ChannelError as exc:
        raise InvalidInput(f"Zalo không cấp quyền: {exc.message}") from exc
    credentials = zalo_credentials_from_grant(
        {"app_id": app_id, "app_secret": app_secret}, grant, timezone.now()
    )
    info, credentials = _verify(Platform.ZALO_OA, "", credentials)
    existing = ChannelAccount.objects.filter(
        platform=Platform.ZALO_OA, external_id=info.external_id
    ).first()
    if existing is None:
        return account_connect(
            actor=actor,
            unit=unit,
            platform=Platform.ZALO_OA,
            credentials=credentials,
            external_id=info.external_id,
        )
    if not user_can(actor, Perm.CONTENT_EDIT, existing.unit):
        raise InvalidInput("OA này đã được một đơn vị khác kết nối trong Lantoa.")
    try:
        stored = decrypt_json(existing.credentials_encrypted)
    except SecretUnreadable:
        stored = {}
    # Keep what the officer set (author, cover, webhook key); replace the pair.
    return account_update_credentials(
        actor=actor, account=existing, credentials={**stored, **credentials}
    )


def account_rotate_credentials_key() -> int:
    """Re-encrypt every stored credential with the newest key. Returns the count."""
    count = 0
    for account in ChannelAccount.objects.exclude(credentials_encrypted="").only(
        "pk", "credentials_encrypted"
    ):
        ChannelAccount.objects.filter(pk=account.pk).update(
            credentials_encrypted=rotate(account.credentials_encrypted)
        )
        count += 1
    return count


def _register_webhook(actor: AnyUser, account: ChannelAccount) -> None:
    """Best effort: a channel whose webhook the platform refused stays connected,
    with the reason shown, because posting may still work (and Viber reports the
    missing webhook itself, marking the channel broken until it is fixed)."""
    try:
        account_webhook_register(actor=actor, account=account)
    except InvalidInput as exc:
        account.last_error = exc.message
        account.save(update_fields=["last_error", "updated_at"])
