"""Settings of the `db_worker` processes that crash tests start: the test
settings, but e-mail goes over SMTP to the test's sink (EMAIL_URL)."""

from lantoa.settings.env import env
from lantoa.settings.test import *  # noqa: F403

vars().update(env.email_url("EMAIL_URL"))
