"""Small admin display pieces shared by every app's screens."""

from typing import Any

from django.utils.translation import gettext
from wagtail.admin.ui.fields import BaseFieldDisplay


class YesNoDisplay(BaseFieldDisplay):
    """A boolean field on an inspect page: "Có" / "Không", not True / False."""

    def render_html(self, parent_context: Any = None) -> str:
        if self.value is None:
            return "—"
        return gettext("Có") if self.value else gettext("Không")
