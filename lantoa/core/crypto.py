"""Encryption at rest for stored secrets (channel tokens), with key rotation.

Keys come only from `LANTOA_FERNET_KEYS` (newest first). MultiFernet decrypts
with any listed key and encrypts with the first, so rotation is: prepend a
new key, re-encrypt (`rotate`), then drop the old key.
"""

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUnreadable(Exception):
    """The stored value was encrypted with a key that is no longer configured."""


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.LANTOA_FERNET_KEYS if k.strip()]
    if not keys:
        raise ImproperlyConfigured(
            "LANTOA_FERNET_KEYS is empty: set at least one key to store credentials."
        )
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt_json(value: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        data = json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise SecretUnreadable(
            "Stored credentials cannot be decrypted with the current keys."
        ) from exc
    if not isinstance(data, dict):
        raise SecretUnreadable("Stored credentials are not an object.")
    return data


def rotate(token: str) -> str:
    """Re-encrypt `token` with the newest key (no-op in meaning, new ciphertext)."""
    return _fernet().rotate(token.encode()).decode()
