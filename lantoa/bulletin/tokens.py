"""Signed tokens in the links of bulletin e-mails (django.core.signing).

A recipient token names who the message went to (a member or an external
subscriber) and which bulletin; it never expires, because an unsubscribe link
must keep working in a message read a year later (RFC 8058 asks the same).
A confirmation token of a double opt-in expires after a week.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core import signing

from lantoa.core.exceptions import InvalidInput

RECIPIENT_SALT = "lantoa.bulletin.recipient"
CONFIRM_SALT = "lantoa.bulletin.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class InvalidToken(InvalidInput):
    code = "invalid_token"
    default_message = "Đường dẫn không hợp lệ hoặc đã hết hạn."


@dataclass(frozen=True)
class RecipientRef:
    bulletin_id: int
    member_id: int | None = None
    subscriber_id: int | None = None

    @property
    def is_test(self) -> bool:
        return self.member_id is None and self.subscriber_id is None


@lru_cache(maxsize=2)
def _recipient_signer(secret_key: str) -> signing.Signer:
    # One signer per key: building it per message showed in the send's profile.
    return signing.Signer(key=secret_key, salt=RECIPIENT_SALT)


def recipient_token(
    *, bulletin_id: int, member_id: int | None = None, subscriber_id: int | None = None
) -> str:
    payload: dict[str, int] = {"b": bulletin_id}
    if member_id is not None:
        payload["m"] = member_id
    elif subscriber_id is not None:
        payload["s"] = subscriber_id
    # No timestamp: shorter links, and they must not expire anyway.
    return _recipient_signer(settings.SECRET_KEY).sign_object(payload)


def read_recipient_token(token: str) -> RecipientRef:
    try:
        data = _recipient_signer(settings.SECRET_KEY).unsign_object(token)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    return RecipientRef(bulletin_id=data["b"], member_id=data.get("m"), subscriber_id=data.get("s"))


def confirm_token(subscriber_id: int) -> str:
    return signing.dumps({"s": subscriber_id}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> int:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidToken from exc
    return int(data["s"])
