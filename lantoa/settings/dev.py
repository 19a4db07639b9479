"""Development: DEBUG on, an obviously fake key, e-mail to the console."""

from lantoa.settings.base import *  # noqa: F403
from lantoa.settings.base import INSTALLED_APPS, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-a-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The development stack (platform fakes, SMTP sink, demo union, run_devstack):
# outside the product package, installed here and never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devstack"]

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
# The Zalo fake's own app (devstack/fakes/zalo.py), not a real secret:
# "Kết nối Zalo OA qua cấp quyền" works against the fake out of the box.
LANTOA_ZALO_APP_ID = env.str("LANTOA_ZALO_APP_ID", default="1234567890")
LANTOA_ZALO_APP_SECRET = env.str("LANTOA_ZALO_APP_SECRET", default="zalo-fake-app-secret")

# SMS sign-in codes go to the local eSMS fake that `make run` starts (port after
# the four platform fakes); its page lists every message it "sent".
LANTOA_SMS_ENABLED = env.bool("LANTOA_SMS_ENABLED", default=True)
LANTOA_SMS_API_URL = env.str(
    "LANTOA_SMS_API_URL", default=f"http://127.0.0.1:{LANTOA_FAKES_BASE_PORT + 4}"
)
LANTOA_SMS_API_KEY = env.str("LANTOA_SMS_API_KEY", default="esms-fake-api-key")
LANTOA_SMS_SECRET_KEY = env.str("LANTOA_SMS_SECRET_KEY", default="esms-fake-secret-key")
LANTOA_SMS_BRANDNAME = env.str("LANTOA_SMS_BRANDNAME", default="CONGDOANDK")

# `make run` starts a local SMTP sink (manage.py smtp_sink) that keeps every
# message in var/mail/ for reading (`manage.py smtp_sink --list`).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:1025")
vars().update(EMAIL_CONFIG)
# The demo's reported pages and platform fakes live on 127.0.0.1.
LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS = True

# The dev stack reads figures as production does, only more often: a post sent
# a few minutes ago shows its reach without waiting three hours.
LANTOA_METRICS_INTERVAL_SECONDS = env.int("LANTOA_METRICS_INTERVAL_SECONDS", default=300)
LANTOA_METRICS_FIRST_PULL_SECONDS = env.int("LANTOA_METRICS_FIRST_PULL_SECONDS", default=60)
