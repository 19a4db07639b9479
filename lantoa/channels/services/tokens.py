"""Keeping OAuth tokens alive: Zalo OA (docs/subsystems/channel-publishing.md, "Tokens").

A Zalo access token lives 25 h and its refresh token can be spent **once**.
Two workers that both spend the same refresh token leave one of them with a
dead pair, and a pair Zalo issued but we did not store is lost for good. So:

- one refresh at a time per channel: the account row is locked
  (`select_for_update`; SQLite's IMMEDIATE transactions serialise the same way),
  and whoever gets the lock second sees the new pair and does not refresh again;
- the new pair is stored in the same transaction that holds the lock, right
  after Zalo's answer;
- proactively (`account_tokens_refresh_due`, periodic) a few hours before
  expiry, and on demand when Zalo refuses the token (-216/-220, once per call).

The window we cannot close: Zalo spends the old refresh token when it answers.
If the process dies (or the database refuses the commit, or the answer is
lost on the wire) between Zalo's answer and our commit, the new pair is gone and
the stored refresh token is already spent. The next refresh is then refused
(-14014); the channel is marked broken with a message asking an officer to
reconnect it, and its deliveries wait, as for any refused token.
"""

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.channels.actors import TOKEN_RENEWAL
from lantoa.channels.adapters import zalo_oauth
from lantoa.channels.adapters.base import ChannelError, ErrorKind
from lantoa.channels.adapters.registry import base_url_for
from lantoa.channels.choices import AccountState, ChannelAction, Platform
from lantoa.channels.models import ChannelAccount
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.crypto import decrypt_json, encrypt_json

logger = logging.getLogger(__name__)

OAUTH_URL_KEY = "zalo_oauth"
# Refresh this long before the access token expires: a few failed ticks of the
# periodic job (every REFRESH_CHECK_SECONDS) still leave a valid token.
REFRESH_MARGIN = timedelta(hours=3)
REFRESH_CHECK_SECONDS = 15 * 60
REFRESH_REFUSED_MESSAGE = (
    "Zalo không chấp nhận refresh token của kênh (đã hết hạn hoặc đã được dùng, có thể do "
    "lần làm mới trước bị gián đoạn giữa chừng). Token hiện tại không thể gia hạn: vui lòng "
    "kết nối lại kênh Zalo OA (cấp quyền lại cho ứng dụng). Các bài chờ đăng vẫn được giữ."
)
NO_REFRESH_MESSAGE = (
    "Token Zalo OA hết hạn và kênh không có refresh token để tự gia hạn: vui lòng kết nối "
    "lại kênh Zalo OA."
)


def zalo_credentials_from_grant(
    credentials: dict[str, Any], grant: zalo_oauth.TokenGrant, now: datetime
) -> dict[str, Any]:
    """`credentials` with the new pair and its expiry (Unix seconds)."""
    return {
        **credentials,
        "access_token": grant.access_token,
        "refresh_token": grant.refresh_token,
        "access_expires_at": int(now.timestamp() + grant.expires_in),
    }


def token_expiry(credentials: dict[str, Any], now: datetime) -> datetime | None:
    """When the stored access token should be refreshed by: its expiry, or now
    for a pasted refresh token whose access token's age is unknown (the first
    periodic tick then renews it, which also proves the refresh token works).
    None: nothing to refresh (no refresh token)."""
    if not credentials.get("refresh_token"):
        return None
    expires_at = credentials.get("access_expires_at")
    if isinstance(expires_at, int | float) and expires_at > 0:
        return datetime.fromtimestamp(float(expires_at), tz=now.tzinfo)
    return now


def zalo_app(credentials: dict[str, Any]) -> tuple[str, str]:
    """The app the tokens were issued to: the channel's own, else the deployment's."""
    app_id = str(credentials.get("app_id") or settings.LANTOA_ZALO_APP_ID or "")
    app_secret = str(credentials.get("app_secret") or settings.LANTOA_ZALO_APP_SECRET or "")
    return app_id, app_secret


def zalo_refresh_grant(credentials: dict[str, Any]) -> zalo_oauth.TokenGrant:
    """Spend the refresh token of `credentials` with the app it was issued to.
    The caller must store the new pair: the old refresh token is now void."""
    app_id, app_secret = zalo_app(credentials)
    return zalo_oauth.refresh(
        base_url_for(OAUTH_URL_KEY),
        app_id=app_id,
        app_secret=app_secret,
        refresh_token=str(credentials.get("refresh_token") or ""),
    )


def zalo_token_refresh(
    *,
    actor: Actor,
    account_id: int,
    stale_access_token: str | None = None,
    due_before: datetime | None = None,
    reason: str = "expiring",
) -> dict[str, Any]:
    """Spend the channel's refresh token for a new pair and store it; returns
    the credentials now stored.

    `stale_access_token`: the token a platform just refused; if the stored one
    differs, another worker refreshed meanwhile and nothing is spent.
    `due_before`: refresh only if the token expires before this moment (the
    periodic job; a duplicate task finds it already renewed).

    Raises ChannelError: AUTH when the channel cannot be renewed (it is then
    marked broken with a message for its officers), TRANSIENT or UNCERTAIN
    when Zalo could not be asked or did not answer (nothing stored; the next
    attempt will tell whether the refresh token survived)."""
    failure: ChannelError | None = None
    with transaction.atomic():
        account = (
            ChannelAccount.objects.select_for_update()
            .filter(pk=account_id, platform=Platform.ZALO_OA)
            .first()
        )
        if account is None:
            raise ChannelError(ErrorKind.PERMANENT, "Kênh không tồn tại.", code="no_account")
        credentials = decrypt_json(account.credentials_encrypted)
        now = timezone.now()
        if account.state == AccountState.BROKEN:
            raise ChannelError(
                ErrorKind.AUTH, account.last_error or NO_REFRESH_MESSAGE, code="broken"
            )
        if stale_access_token is not None and credentials.get("access_token") not in (
            None,
            "",
            stale_access_token,
        ):
            return credentials  # renewed by someone else while we waited for the lock
        if due_before is not None:
            expiry = token_expiry(credentials, now)
            if expiry is None or expiry > due_before:
                return credentials  # not due, or renewed by a duplicate task
        if not credentials.get("refresh_token"):
            raise ChannelError(ErrorKind.AUTH, NO_REFRESH_MESSAGE, code="no_refresh_token")
        try:
            grant = zalo_refresh_grant(credentials)
        except ChannelError as exc:
            failure = exc
            if exc.kind is ErrorKind.AUTH:
                failure = ChannelError(ErrorKind.AUTH, REFRESH_REFUSED_MESSAGE, code=exc.code)
                account.state = AccountState.BROKEN
                account.last_error = REFRESH_REFUSED_MESSAGE
                account.last_error_at = now
                account.save(update_fields=["state", "last_error", "last_error_at", "updated_at"])
            audit_record(
                actor=actor,
                action=ChannelAction.TOKEN_REFRESH_FAILED,
                target=account,
                unit_path=account.unit.path,
                data={"code": exc.code, "kind": exc.kind.value, "reason": reason},
            )
        else:
            credentials = zalo_credentials_from_grant(credentials, grant, now)
            account.credentials_encrypted = encrypt_json(credentials)
            expires_at = token_expiry(credentials, now)
            account.token_expires_at = expires_at
            account.save(update_fields=["credentials_encrypted", "token_expires_at", "updated_at"])
            audit_record(
                actor=actor,
                action=ChannelAction.TOKEN_REFRESH,
                target=account,
                unit_path=account.unit.path,
                data={"expires_at": expires_at.isoformat() if expires_at else "", "reason": reason},
            )
    if failure is not None:
        logger.warning(
            "zalo token refresh failed for channel %s: %s %s",
            account_id,
            failure.kind.value,
            failure.code,
        )
        raise failure
    logger.info("zalo token refreshed for channel %s (%s)", account_id, reason)
    return credentials


def account_renewer(account_id: int, credentials: dict[str, Any]) -> Any:
    """The `Account.renew` hook of a channel's adapter view: renews the token the
    platform refused and updates `credentials` (the view's own dict) in place."""

    def renew(refused_token: str) -> None:
        fresh = zalo_token_refresh(
            actor=TOKEN_RENEWAL,
            account_id=account_id,
            stale_access_token=refused_token,
            reason="refused",
        )
        if fresh.get("access_token") == refused_token:
            raise ChannelError(ErrorKind.AUTH, NO_REFRESH_MESSAGE, code="not_renewed")
        credentials.clear()
        credentials.update(fresh)

    return renew


def account_tokens_refresh_one(*, actor: Actor, account_id: int) -> bool:
    """The periodic job's work for one channel; True if a new pair was stored.
    A refused refresh token breaks the channel and tells its officers."""
    from lantoa.channels import tasks  # tasks call services; import late

    due_before = timezone.now() + REFRESH_MARGIN
    before = ChannelAccount.objects.filter(pk=account_id).values_list("token_expires_at", flat=True)
    old_expiry = before.first()
    try:
        zalo_token_refresh(actor=actor, account_id=account_id, due_before=due_before)
    except ChannelError as exc:
        if exc.kind is ErrorKind.AUTH and exc.code not in ("broken",):
            transaction.on_commit(
                partial(tasks.account_broken_notify_task.enqueue, account_id=account_id)
            )
        return False
    return before.first() != old_expiry


def account_tokens_refresh_due(*, limit: int = 500) -> int:
    """Enqueue a refresh for every channel whose token expires within
    REFRESH_MARGIN, paused ones included (a pause must not cost the connection).
    Duplicates are harmless: the refresh re-checks under the lock."""
    from lantoa.channels import tasks

    due = list(
        ChannelAccount.objects.filter(
            platform=Platform.ZALO_OA,
            state__in=[AccountState.ACTIVE, AccountState.PAUSED],
            token_expires_at__lte=timezone.now() + REFRESH_MARGIN,
        )
        .order_by("token_expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    for account_id in due:
        tasks.account_token_refresh_task.enqueue(account_id=account_id)
    return len(due)
