"""Registration only: the scoped bulk delete of snippets (`core.viewsets`),
officers' own API tokens (Wagtail's screen, `core.viewsets.ApiTokenViewSet`) and
the site setting of each site's public address (`core.public_urls`), booleans
as "Có"/"Không" on inspect pages (`core.ui`), a label for the tag field's box
(`static/core/admin-labels.js`).

Registered after Wagtail's own (order 1), so it replaces Wagtail's bulk
delete for the snippets of a `ScopedSnippetViewSet`."""

from typing import Any

from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.fields import register_display_class
from wagtail.contrib.settings.registry import register_setting

from lantoa.core.models import PublicAddress
from lantoa.core.ui import YesNoDisplay
from lantoa.core.viewsets import ApiTokenViewSet, ScopedSnippetDeleteBulkAction

hooks.register("register_bulk_action", ScopedSnippetDeleteBulkAction, order=1)


def _api_tokens() -> ApiTokenViewSet:
    return ApiTokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")


hooks.register("register_admin_viewset", _api_tokens)


register_setting(PublicAddress, icon="site")
register_display_class(models.BooleanField, display_class=YesNoDisplay)


def _no_english_wagtail_guides(request: object, menu_items: list[Any]) -> None:
    """Wagtail's "Editor Guide" and "What's new" open English pages about Wagtail;
    officers keep the keyboard shortcuts."""
    menu_items[:] = [item for item in menu_items if item.name == "keyboard-shortcuts-trigger"]


hooks.register("construct_help_menu", _no_english_wagtail_guides)


def _admin_labels_script() -> str:
    """Labels for the boxes Wagtail's widgets draw without one (the tag field)."""
    return str(format_html('<script src="{}"></script>', static("core/admin-labels.js")))


hooks.register("insert_global_admin_js", _admin_labels_script)
