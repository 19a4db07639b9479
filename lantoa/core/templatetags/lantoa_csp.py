"""`{% csp_nonce %}`: the Content-Security-Policy nonce of the current request,
for inline `<script>` and `<style>` elements (lantoa/core/csp.py). A builtin
of the project's template engine; form-widget templates `{% load lantoa_csp %}`."""

from django import template

from lantoa.core.csp import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()
