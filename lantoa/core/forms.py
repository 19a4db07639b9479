"""Forms of the shared kernel."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with a translatable password label.

    Wagtail declares the field without a label, so Django derives "Password"
    from the field name, untranslated whatever the language. Django's own
    msgid is used, so both catalogues (vi: "Mật khẩu") apply.
    """

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time field (`datetime-local`): it opens no
    pop-up over the buttons below it, is labelled by the field's label and
    sends "2026-05-01T08:00", which Django's DateTimeField reads."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
