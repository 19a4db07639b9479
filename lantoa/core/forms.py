"""Forms of the shared kernel."""

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
