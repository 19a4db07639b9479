"""The short-link server alone: `gunicorn lantoa.advocacy.wsgi` serves
`/l/<code>` without Django's middleware (bench/links.py measures it). The
same redirect is also at `/l/<code>` of the whole site (`views.redirect`)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
django.setup()

from lantoa.advocacy.clicks import wsgi_application as application  # noqa: E402

__all__ = ["application"]
