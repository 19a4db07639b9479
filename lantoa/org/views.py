from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from lantoa.core.ratelimit import client_address
from lantoa.org.selectors import unit_directory_tree
from lantoa.org.services import PasswordResetLimited, password_reset_request


def unit_directory(request: HttpRequest) -> HttpResponse:
    """The public list of units: names and contacts only, never members."""
    return render(request, "org/unit_directory.html", {"tree": unit_directory_tree()})


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's "forgot your password" form, answered alike for every
    address: the request is counted (per address and per client) and the
    mail task enqueued; the worker looks the address up and mails. Over the
    limit the form says so (429) and nothing is enqueued."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            password_reset_request(
                actor=self.request.user,
                email=form.cleaned_data["email"],
                client_key=client_address(self.request),
            )
        except PasswordResetLimited as exc:
            form.add_error(None, exc.message)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return HttpResponseRedirect(self.get_success_url())
