"""Settings of the `db_worker` the embargo test starts: the test settings,
e-mail over SMTP to the test's sink (EMAIL_URL), and the test's frozen clock
(LANTOA_TEST_CLOCK_FILE)."""

import os

from lantoa.settings.env import env
from lantoa.settings.test import *  # noqa: F403

vars().update(env.email_url("EMAIL_URL"))

if os.environ.get("LANTOA_TEST_CLOCK_FILE"):
    from lantoa.press.tests.clock import install_file_clock

    install_file_clock(os.environ["LANTOA_TEST_CLOCK_FILE"])
