"""The race app's named system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

ACTIVITY_PROCESS = system_actor("race.activity_process", _("Kiểm tra tệp hoạt động giải chạy"))
"""The worker that reads an uploaded GPX/FIT/TCX file and runs the automatic checks."""
