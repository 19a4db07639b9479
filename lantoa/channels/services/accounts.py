"""Connecting channel accounts. Credentials are verified against the platform,
then stored encrypted; they are never shown back."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.channels.adapters import zalo_oauth
from lantoa.channels.adapters.base import Account, ChannelError, ErrorKind
from lantoa.channels.adapters.registry import adapter_for, base_url_for
from lantoa.channels.adapters.zalo import zalo_cover_url_problems
from lantoa.channels.choices import AccountState, ChannelAction, Platform
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services.credentials import PUBLIC_SETTINGS
from lantoa.channels.services.inbound import account_webhook_register
from lantoa.channels.services.outbox import deliveries_resume_for_account
from lantoa.channels.services.tokens import (
    OAUTH_URL_KEY,
    token_expiry,
    zalo_app,
    zalo_credentials_from_grant,
    zalo_refresh_grant,
)
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.crypto import SecretUnreadable, decrypt_json, encrypt_json, rotate
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can


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
    actor: Actor,
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
        action=ChannelAction.ACCOUNT_CONNECT,
        target=account,
        unit_path=unit.path,
        data={"platform": platform, "external_id": account.external_id},
    )
    return account


@transaction.atomic
def account_update_credentials(
    *, actor: Actor, account: ChannelAccount, credentials: dict[str, Any]
) -> ChannelAccount:
    """Replace a broken or expiring token; a verified account becomes active, its
    webhook is registered again (a new Telegram bot knows nothing of ours; the
    channel keeps its webhook secret) and its paused deliveries resume."""
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
        action=ChannelAction.ACCOUNT_CREDENTIALS,
        target=account,
        unit_path=account.unit.path,
    )
    _register_webhook(actor, account)
    deliveries_resume_for_account(account_id=account.pk)
    return account


SETTING_LIMITS = {"author": 50, "cover_url": 500, "app_id": 64, "from_id": 128}


@transaction.atomic
def account_settings_update(
    *, actor: Actor, account: ChannelAccount, settings: Mapping[str, str]
) -> ChannelAccount:
    """Change a channel's non-secret settings (`credentials.PUBLIC_SETTINGS`:
    the author shown, the default cover, …) without touching its token. An
    empty value removes the setting. A Zalo OA's default cover must be a
    picture Zalo can fetch (`zalo_cover_url_problems`, the rule the preview
    and the send check too). Locks the account; audited."""
    if not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    account = (
        ChannelAccount.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=account.pk)
    )
    unknown = sorted(set(settings) - set(PUBLIC_SETTINGS))
    if unknown:
        raise InvalidInput(f"Không có cài đặt: {', '.join(unknown)}.")
    cleaned = {k: " ".join(str(v).split()) for k, v in settings.items()}
    for key, value in cleaned.items():
        if len(value) > SETTING_LIMITS[key]:
            raise InvalidInput(f"«{key}» dài quá {SETTING_LIMITS[key]} ký tự.")
    cover = cleaned.get("cover_url", "")
    if account.platform == Platform.ZALO_OA and cover:
        problems = zalo_cover_url_problems(cover)
        if problems:
            raise InvalidInput(" ".join(problems))
    credentials = dict(decrypt_json(account.credentials_encrypted))
    before = {k: str(credentials.get(k) or "") for k in cleaned}
    for key, value in cleaned.items():
        if value:
            credentials[key] = value
        else:
            credentials.pop(key, None)
    account.credentials_encrypted = encrypt_json(credentials)
    account.save(update_fields=["credentials_encrypted", "updated_at"])
    audit_record(
        actor=actor,
        action=ChannelAction.ACCOUNT_SETTINGS,
        target=account,
        unit_path=account.unit.path,
        data={k: {"from": before[k], "to": v} for k, v in cleaned.items() if before[k] != v},
    )
    return account


@transaction.atomic
def account_set_state(*, actor: Actor, account: ChannelAccount, state: str) -> ChannelAccount:
    if not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    account.state = state
    account.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action=ChannelAction.ACCOUNT_STATE,
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


def zalo_oauth_begin(*, actor: Actor, unit: OrgUnit, redirect_uri: str) -> OAuthStart:
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
    *, actor: Actor, unit: OrgUnit, code: str, code_verifier: str
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


def _register_webhook(actor: Actor, account: ChannelAccount) -> None:
    """Best effort: a channel whose webhook the platform refused stays connected,
    with the reason shown, because posting may still work (and Viber reports the
    missing webhook itself, marking the channel broken until it is fixed)."""
    try:
        account_webhook_register(actor=actor, account=account)
    except InvalidInput as exc:
        account.last_error = exc.message
        account.save(update_fields=["last_error", "updated_at"])
