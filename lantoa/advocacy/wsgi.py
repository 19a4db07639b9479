"""The short-link server alone: serves `/l/<code>` without Django's
middleware, for a links host under load:

    granian --interface wsgi --workers 2 --blocking-threads 4 --no-ws \
        lantoa.advocacy.wsgi:application

(`gunicorn lantoa.advocacy.wsgi` serves it too, at about twice the CPU per
redirect: bench/links.py measures both). The same redirect is also at
`/l/<code>` of the whole site (`views.short_link`)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
django.setup()

from lantoa.advocacy.clicks import wsgi_application as application  # noqa: E402

__all__ = ["application"]
