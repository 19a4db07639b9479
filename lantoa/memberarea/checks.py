"""System checks: SMS sign-in switched on needs the gateway's credentials."""

from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.core.checks import register as register_check


def sms_settings_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.LANTOA_SMS_ENABLED or settings.LANTOA_SMS_BACKEND == "locmem":
        return []
    missing = [
        name
        for name in ("LANTOA_SMS_API_KEY", "LANTOA_SMS_SECRET_KEY", "LANTOA_SMS_BRANDNAME")
        if not getattr(settings, name)
    ]
    if not missing:
        return []
    return [
        Error(
            f"LANTOA_SMS_ENABLED is on but {', '.join(missing)} is empty.",
            hint="Set the SMS gateway's credentials, or turn SMS sign-in off.",
            id="memberarea.E001",
        )
    ]


def register() -> None:
    register_check(sms_settings_check)
