"""Development: DEBUG on, an obviously fake key, e-mail to the console."""

from lantoa.settings.base import *  # noqa: F403
from lantoa.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-a-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Development only: a key derived from a fixed phrase so that credentials stored
# in var/lantoa.sqlite3 stay readable across restarts. Never used in production,
# which requires LANTOA_FERNET_KEYS.
if not env.list("LANTOA_FERNET_KEYS", default=[]):
    import base64
    import hashlib

    LANTOA_FERNET_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(b"lantoa-dev-only").digest()).decode()
    ]

# The local platform fakes started by `make run` (manage.py fake_platforms).
LANTOA_FAKES_BASE_PORT = env.int("LANTOA_FAKES_BASE_PORT", default=8701)
LANTOA_CHANNEL_API_URLS = {
    "facebook_page": env.str(
        "LANTOA_FACEBOOK_GRAPH_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT}/v25.0"
    ),
    "zalo_oa": env.str(
        "LANTOA_ZALO_API_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT + 1}"
    ),
    "viber_channel": env.str(
        "LANTOA_VIBER_API_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT + 2}"
    ),
    "telegram_channel": env.str(
        "LANTOA_TELEGRAM_API_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT + 3}"
    ),
    # The Zalo fake serves OAuth v4 on the same port as the OA API.
    "zalo_oauth": env.str(
        "LANTOA_ZALO_OAUTH_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT + 1}"
    ),
}
# The Zalo fake's own app (lantoa/channels/fakes/zalo.py), not a real secret:
# "Kết nối Zalo OA qua cấp quyền" works against the fake out of the box.
LANTOA_ZALO_APP_ID = env.str("LANTOA_ZALO_APP_ID", default="1234567890")
LANTOA_ZALO_APP_SECRET = env.str("LANTOA_ZALO_APP_SECRET", default="zalo-fake-app-secret")

# `make run` starts a local SMTP sink (manage.py smtp_sink) that keeps every
# message in var/mail/ for reading (`manage.py smtp_sink --list`).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:1025")
vars().update(EMAIL_CONFIG)
