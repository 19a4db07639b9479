"""Settings shared by every environment. Values come from `env.py`."""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lantoa.settings.env import BASE_DIR, env
from lantoa.settings.storage import s3_storages

VAR_DIR = Path(env.str("LANTOA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lantoa.core",
    "lantoa.org",
    "lantoa.memberarea",
    "lantoa.newsroom",
    "lantoa.press",
    "lantoa.advocacy",
    "lantoa.race",
    "lantoa.contests",
    "lantoa.honours",
    "lantoa.engagement",
    "lantoa.events",
    "lantoa.campaigns",
    "lantoa.incidents",
    "lantoa.channels",
    "lantoa.listening",
    "lantoa.bulletin",
    "lantoa.analytics",
    "lantoa.ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # Only for its templates and static files: the API docs page then serves
    # Swagger UI locally instead of from a CDN (lantoa/api.py).
    "ninja",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every answer (cached pages and static files too) is counted and
    # carries a request id (lantoa/ops, docs/deploy.md "Observability").
    "lantoa.ops.logs.RequestIdMiddleware",
    "lantoa.ops.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached public pages get the header too.
    "lantoa.core.csp.LantoaCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, before sessions, CSRF, auth and routing.
    "lantoa.newsroom.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Vietnamese unless the reader chose English; never the browser's language.
    "lantoa.core.i18n.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp; docs/security.md): nothing from another
# host; scripts only from our static files or inline with this request's nonce;
# no eval. Inline <style> elements need the nonce too; style attributes are
# allowed (they style one element and cannot load anything from elsewhere).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lantoa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantoa.core.context_processors.site_context",
            ],
            "builtins": ["lantoa.core.templatetags.lantoa_csp"],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lantoa.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("LANTOA_DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: five failures per username and address lock for an hour.
AXES_FAILURE_LIMIT = env.int("LANTOA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lantoa" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lantoa" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("LANTOA_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that only some users may read (directive proofs, member lists): outside
# MEDIA_ROOT, so the web server never serves them; views check scope first.
PRIVATE_ROOT = Path(env.str("LANTOA_PRIVATE_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible object storage for media and private files (django-storages;
# lantoa/settings/storage.py, docs/deploy.md "Object storage"). Off: the file
# system above (`make run`). On: both buckets and the keys are required.
LANTOA_S3_ENABLED = env.bool("LANTOA_S3_ENABLED", default=False)
if LANTOA_S3_ENABLED:
    _s3 = {
        "endpoint_url": env.str("LANTOA_S3_ENDPOINT_URL", default=""),
        "region": env.str("LANTOA_S3_REGION", default=""),
        "access_key": env.str("LANTOA_S3_ACCESS_KEY_ID", default=""),
        "secret_key": env.str("LANTOA_S3_SECRET_ACCESS_KEY", default=""),
        "media_bucket": env.str("LANTOA_S3_MEDIA_BUCKET", default=""),
        "private_bucket": env.str("LANTOA_S3_PRIVATE_BUCKET", default=""),
    }
    _missing = [
        k for k in ("access_key", "secret_key", "media_bucket", "private_bucket") if not _s3[k]
    ]
    if _missing:
        raise ImproperlyConfigured(
            "LANTOA_S3_ENABLED needs LANTOA_S3_ACCESS_KEY_ID, LANTOA_S3_SECRET_ACCESS_KEY, "
            f"LANTOA_S3_MEDIA_BUCKET and LANTOA_S3_PRIVATE_BUCKET (missing: {', '.join(_missing)})."
        )
    STORAGES.update(
        s3_storages(
            **_s3,
            signed_url_seconds=env.int("LANTOA_S3_SIGNED_URL_SECONDS", default=300),
            media_domain=env.str("LANTOA_S3_MEDIA_DOMAIN", default=""),
        )
    )

# Member files can be large: 60,000 rows of XLSX is about 4 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LANTOA_MEMBER_IMPORT_MAX_BYTES = env.int("LANTOA_MEMBER_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# Days an uploaded member list waits for confirmation before its file is deleted.
LANTOA_MEMBER_IMPORT_KEEP_DAYS = env.int("LANTOA_MEMBER_IMPORT_KEEP_DAYS", default=7)

WAGTAIL_SITE_NAME = "Lantoa"
# No avatars from a third-party service: Gravatar would receive a hash of
# every officer's e-mail from each admin page (docs/security.md).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The public address of the default site: every absolute link (feeds, canonical
# and og:url, sitemap, robots.txt, bulletin e-mails and PDFs, channel posts, the
# admin's own e-mails) starts with it. A site can override it in the admin
# (Cài đặt → Địa chỉ công khai; lantoa/core/public_urls.py). `run_devstack`
# sets it to the address it serves when the environment does not.
LANTOA_BASE_URL = env.str("LANTOA_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = LANTOA_BASE_URL
WAGTAILADMIN_USER_LOGIN_FORM = "lantoa.core.forms.LoginForm"
# Wagtail's database backend; SQLite ranking weighted by title (lantoa.newsroom.search_backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lantoa.newsroom.search_backend"}}
# Newsroom uploads: limits explained in Vietnamese by lantoa.newsroom.forms.
WAGTAILIMAGES_IMAGE_FORM_BASE = "lantoa.newsroom.forms.LantoaImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Whole-response cache of public pages (seconds; 0 turns it off), and the
# reader-feedback rate limit per client address ("count/seconds").
LANTOA_PAGE_CACHE_SECONDS = env.int("LANTOA_PAGE_CACHE_SECONDS", default=300)
LANTOA_FEEDBACK_RATE = env.str("LANTOA_FEEDBACK_RATE", default="5/600")
# Bulletin subscriptions per client address ("count/seconds"): each sends a confirmation e-mail.
LANTOA_SUBSCRIBE_RATE = env.str("LANTOA_SUBSCRIBE_RATE", default="5/3600")
# Staff password resets ("count/seconds") per address and per client address;
# over either, the form answers 429 with a message and no mail leaves.
LANTOA_PASSWORD_RESET_RATE = env.str("LANTOA_PASSWORD_RESET_RATE", default="3/3600")
LANTOA_PASSWORD_RESET_CLIENT_RATE = env.str("LANTOA_PASSWORD_RESET_CLIENT_RATE", default="10/3600")
# Safety-net interval of the scheduled-publishing task chain (seconds).
LANTOA_PUBLISH_SCHEDULED_INTERVAL = 60
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

TASKS = {
    "default": {
        "BACKEND": env.str("LANTOA_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "LANTOA_DEFAULT_FROM_EMAIL", default="Lantoa <no-reply@lantoa.localhost>"
)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")

# Where each platform's API lives. Development points them at the local fakes
# (`manage.py fake_platforms`); tests point them at fakes they start themselves.
LANTOA_CHANNEL_API_URLS = {
    "facebook_page": env.str(
        "LANTOA_FACEBOOK_GRAPH_URL", default="https://graph.facebook.com/v25.0"
    ),
    "zalo_oa": env.str("LANTOA_ZALO_API_URL", default="https://openapi.zalo.me"),
    "viber_channel": env.str("LANTOA_VIBER_API_URL", default="https://chatapi.viber.com"),
    "telegram_channel": env.str("LANTOA_TELEGRAM_API_URL", default="https://api.telegram.org"),
    # Zalo's OAuth v4 host (token exchange and refresh), apart from its OA API.
    "zalo_oauth": env.str("LANTOA_ZALO_OAUTH_URL", default="https://oauth.zaloapp.com"),
}
# The deployment's Zalo app, for "connect a Zalo OA" through OAuth (a channel
# connected by pasting tokens may carry its own app id and secret instead).
LANTOA_ZALO_APP_ID = env.str("LANTOA_ZALO_APP_ID", default="")
LANTOA_ZALO_APP_SECRET = env.str("LANTOA_ZALO_APP_SECRET", default="")
# Listening: the model artefacts in use (folder name under listening/ml/artefacts;
# empty = the newest shipped) and when an unacknowledged alert goes to the parent unit.
LANTOA_LISTENING_MODEL_VERSION = env.str("LANTOA_LISTENING_MODEL_VERSION", default="")
LANTOA_LISTENING_ESCALATE_AFTER_HOURS = env.int("LANTOA_LISTENING_ESCALATE_AFTER_HOURS", default=4)
# Dashboards hide figures for groups smaller than this, so nobody can be singled out.
LANTOA_LISTENING_MIN_REPORTING_SIZE = env.int("LANTOA_LISTENING_MIN_REPORTING_SIZE", default=5)
# Models retrained from this deployment's officers' corrections live here (the
# shipped ones stay in the package); the public rows per split they retrain with
# (0 = all of them; a small number makes a quick trial).
LANTOA_LISTENING_MODELS_DIR = VAR_DIR / "listening-models"
LANTOA_LISTENING_RETRAIN_PUBLIC_ROWS = env.int("LANTOA_LISTENING_RETRAIN_PUBLIC_ROWS", default=0)
LANTOA_CHANNEL_MAX_ATTEMPTS = env.int("LANTOA_CHANNEL_MAX_ATTEMPTS", default=8)
# A delivery still "sending" this long after its attempt started belongs to a dead worker.
LANTOA_CHANNEL_STALE_SENDING_SECONDS = env.int("LANTOA_CHANNEL_STALE_SENDING_SECONDS", default=120)
# First retry delay of a transient failure (doubling, with jitter, up to an hour).
LANTOA_CHANNEL_BACKOFF_SECONDS = env.float("LANTOA_CHANNEL_BACKOFF_SECONDS", default=5.0)
# True when `manage.py outbox_worker` processes deliver posts (they claim due
# deliveries from the table in batches and send concurrently); False: one task
# per delivery, run by `db_worker`.
LANTOA_OUTBOX_WORKERS = env.bool("LANTOA_OUTBOX_WORKERS", default=False)
LANTOA_FERNET_KEYS = env.list("LANTOA_FERNET_KEYS", default=[])
# Channel webhooks and figures (lantoa/channels/webhooks.py, services/metrics.py).
# The Facebook app's secret signs its webhooks; the verify token answers Meta's handshake.
LANTOA_FACEBOOK_APP_SECRET = env.str("LANTOA_FACEBOOK_APP_SECRET", default="")
LANTOA_FACEBOOK_VERIFY_TOKEN = env.str("LANTOA_FACEBOOK_VERIFY_TOKEN", default="")
# Cover photo of Zalo OA articles for posts without an image (and no cover_url on the channel).
LANTOA_ZALO_DEFAULT_COVER_URL = env.str("LANTOA_ZALO_DEFAULT_COVER_URL", default="")
LANTOA_WEBHOOK_MAX_BYTES = 256 * 1024
LANTOA_WEBHOOK_RATE = "1200/60"  # requests per client address: "count/seconds"
# Retention (lantoa/ops/retention.py, the hourly `ops.retention` job; 0 keeps
# forever): raw webhook bodies hold platform user ids; opinions lose their text
# (figures stay); audit log entries and finished task results are deleted.
LANTOA_INBOUND_RAW_RETENTION_DAYS = env.int("LANTOA_INBOUND_RAW_RETENTION_DAYS", default=30)
LANTOA_RETENTION_OPINION_DAYS = env.int("LANTOA_RETENTION_OPINION_DAYS", default=730)
LANTOA_RETENTION_AUDIT_DAYS = env.int("LANTOA_RETENTION_AUDIT_DAYS", default=1825)
LANTOA_RETENTION_TASK_RESULT_DAYS = env.int("LANTOA_RETENTION_TASK_RESULT_DAYS", default=14)
LANTOA_METRICS_POST_DAYS = 14  # how long a sent post's figures keep being read
# Every channel's figures are read this often (the periodic job), and a sent
# post's first figures this long after it went out.
LANTOA_METRICS_INTERVAL_SECONDS = env.int("LANTOA_METRICS_INTERVAL_SECONDS", default=3 * 3600)
LANTOA_METRICS_FIRST_PULL_SECONDS = env.int("LANTOA_METRICS_FIRST_PULL_SECONDS", default=600)
# "Cập nhật số liệu" reads a channel at most once in this many seconds.
LANTOA_METRICS_REFRESH_MIN_SECONDS = 60
# Bulletin sending (lantoa/bulletin/services/sending.py): messages per SMTP batch (also
# the most a killed worker can leave in doubt), each lane's rate cap (0 = none) and
# how many lanes (parallel tasks) one issue uses.
LANTOA_BULLETIN_BATCH_SIZE = env.int("LANTOA_BULLETIN_BATCH_SIZE", default=100)
LANTOA_BULLETIN_MAX_PER_SECOND = env.float("LANTOA_BULLETIN_MAX_PER_SECOND", default=50.0)
LANTOA_BULLETIN_SEND_LANES = env.int("LANTOA_BULLETIN_SEND_LANES", default=2)
# django-anymail's tracking webhooks (bounces, complaints → bulletin suppression list)
# answer only with this HTTP basic-auth "user:password".
ANYMAIL = {"WEBHOOK_SECRET": env.str("LANTOA_ANYMAIL_WEBHOOK_SECRET", default="")}

# Member area sign-in (lantoa/memberarea): a one-time code by e-mail or SMS.
# Minutes a code lives, wrong tries before it locks, codes per address and per
# client address ("count/seconds").
LANTOA_MEMBER_CODE_MINUTES = env.int("LANTOA_MEMBER_CODE_MINUTES", default=10)
LANTOA_MEMBER_CODE_ATTEMPTS = 5
LANTOA_MEMBER_CODE_RATE = env.str("LANTOA_MEMBER_CODE_RATE", default="5/3600")
LANTOA_MEMBER_CODE_CLIENT_RATE = env.str("LANTOA_MEMBER_CODE_CLIENT_RATE", default="30/3600")
# SMS codes through the eSMS.vn gateway (off by default; on, it needs the credentials).
LANTOA_SMS_ENABLED = env.bool("LANTOA_SMS_ENABLED", default=False)
LANTOA_SMS_BACKEND = "esms"
LANTOA_SMS_API_URL = env.str("LANTOA_SMS_API_URL", default="https://rest.esms.vn")
LANTOA_SMS_API_KEY = env.str("LANTOA_SMS_API_KEY", default="")
LANTOA_SMS_SECRET_KEY = env.str("LANTOA_SMS_SECRET_KEY", default="")
LANTOA_SMS_BRANDNAME = env.str("LANTOA_SMS_BRANDNAME", default="")

# Ambassador sharing (lantoa/advocacy): a Redis URL queues each click of a personal
# short link (one RPUSH) for the drain to store; empty, a click is one INSERT.
LANTOA_ADVOCACY_CLICK_QUEUE = env.str("LANTOA_ADVOCACY_CLICK_QUEUE", default="")
# Photo contest votes (lantoa/contests/vote_queue.py): a Redis URL checks and
# queues each public vote in one script for the drain to store; empty, a vote
# is one transaction of two INSERTs.
LANTOA_CONTESTS_VOTE_QUEUE = env.str("LANTOA_CONTESTS_VOTE_QUEUE", default="")

# Password of the demo accounts (devstack/demo/org; the loader runs with DEBUG on only).
LANTOA_DEMO_PASSWORD = env.str("LANTOA_DEMO_PASSWORD", default="lantoa-demo-2026")

LOGIN_URL = "wagtailadmin_login"

# `/metrics` (lantoa/ops/views.py): with a token, scrapers send it as a bearer
# token; without one, only loopback callers may scrape.
LANTOA_METRICS_TOKEN = env.str("LANTOA_METRICS_TOKEN", default="")
# `/readyz` says "no worker" when no task finished for this long (the periodic
# sweep runs one a minute).
LANTOA_WORKER_HEARTBEAT_SECONDS = env.int("LANTOA_WORKER_HEARTBEAT_SECONDS", default=300)

# "json" in production: one JSON object a line with request_id / task_id.
LANTOA_LOG_FORMAT = env.str("LANTOA_LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "lantoa.ops.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LANTOA_LOG_FORMAT if LANTOA_LOG_FORMAT in ("plain", "json") else "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LANTOA_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # httpx logs every request URL at INFO, and the Telegram Bot API carries
        # the bot token in its URL: never let a credential reach the logs.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# Incidents: snapshots of reported URLs (docs/subsystems/incidents.md).
LANTOA_INCIDENTS_SNAPSHOT_MAX_BYTES = 5 * 1024 * 1024
LANTOA_INCIDENTS_SNAPSHOT_TIMEOUT = 20.0  # seconds, per request
# Fetch addresses inside the deployment's network (loopback, private ranges):
# never in production; the dev stack and tests serve pages on 127.0.0.1.
LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS = False
LANTOA_INCIDENTS_SCREENSHOTS = True  # with Chromium, where the server has it
LANTOA_INCIDENTS_CHROMIUM = "chromium"
# Members' public report form: reports per client address ("count/seconds").
LANTOA_INCIDENTS_REPORT_RATE = env.str("LANTOA_INCIDENTS_REPORT_RATE", default="10/600")
