"""The Content-Security-Policy of every page (docs/security.md).

django-csp writes the header (`CSPMiddleware`); this module only adds what
Wagtail needs to live under a strict policy: templates that cannot see the
request (form widgets rendered by Django's form renderer, Wagtail panels)
still get the request's nonce through `{% csp_nonce %}`, which reads it from
the request being answered (a context variable set here, so it holds per
thread and per task). A page that never asks for a nonce gets a header with
none, so public pages served from the page cache stay valid.
"""

from contextvars import ContextVar

from csp.middleware import CSPMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_current_request: ContextVar[HttpRequest | None] = ContextVar("lantoa_csp_request", default=None)


class LantoaCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, remembering the request for `{% csp_nonce %}`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        _current_request.set(request)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        _current_request.set(None)
        return response


def current_nonce() -> str:
    """The nonce of the request being answered ("" outside a request: a
    mail or a PDF, where no policy applies)."""
    request = _current_request.get()
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    return str(nonce) if nonce is not None else ""


def nonce_wagtail_choosers() -> None:
    """Give the inline script that Wagtail's chooser widgets write after
    their markup (`BaseChooser.render`: image, page, document and snippet
    choosers) the request's nonce. Wagtail writes it in Python, with no
    template to override; every other inline script Wagtail writes comes
    from a template overridden in `lantoa/core/templates/wagtailadmin/`."""
    from django.utils.safestring import SafeString, mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    render = BaseChooser.render
    if getattr(render, "lantoa_nonced", False):
        return

    def render_with_nonce(self, name, value, attrs=None, renderer=None):  # type: ignore[no-untyped-def]
        html: SafeString = render(self, name, value, attrs, renderer)
        widget, tag, script = html.rpartition("<script>")
        if not tag:
            return html
        return mark_safe(f'{widget}<script nonce="{current_nonce()}">{script}')

    render_with_nonce.lantoa_nonced = True  # type: ignore[attr-defined]
    BaseChooser.render = render_with_nonce  # type: ignore[method-assign]
