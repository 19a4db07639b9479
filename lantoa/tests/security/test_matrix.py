"""The generated permission matrix of the back office and the API
(vocabulary and rules in `matrix.py`; how to register a screen in
docs/security.md).

For each declared screen and each role held at `own`, one test asks about a
fresh object at each of the five positions and compares every answer with
the rules; refused requests must leave the object's row and the audit log
as they were.
"""

import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lantoa.api import api
from lantoa.core.models import AuditLogEntry
from lantoa.org import services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory
from lantoa.tests.security.matrix import (
    DENIED,
    LOGIN,
    OK,
    POSITIONS,
    ROLES,
    TREE_ATTRIBUTE,
    VERBS,
    discover,
    row_state,
)

SCREENS = discover()

# Wagtail's own screens that take an object id, and what guards them. They
# hold no object of a Lantoa model: pages are guarded by Wagtail's page
# permissions (derived from the org roles per site, newsroom/tests/
# test_workflow.py), images and documents by collection permissions, the
# rest by Django permissions only superusers and Wagtail administrators hold.
WAGTAIL_GUARDED = {
    "admin/pages/": "Wagtail page permissions per site (newsroom_permissions_sync)",
    "admin/choose-page/": "Wagtail page permissions (browse)",
    "admin/images/": "collection per unit site (newsroom/tests/test_libraries.py)",
    "admin/documents/": "collection per unit site (newsroom/tests/test_libraries.py)",
    "admin/collections/": "Django permission wagtailcore.*_collection",
    "admin/users/": "Django permission auth.*_user",
    "admin/groups/": "Django permission auth.*_group",
    "admin/sites/": "Django permission wagtailcore.*_site",
    "admin/locales/": "Django permission wagtailcore.*_locale",
    "admin/workflows/": "Django permission wagtailcore.*_workflow",
    "admin/redirects/": "Django permission wagtailredirects.*_redirect",
    "admin/forms/submissions/": "Wagtail page permissions of the form page",
    "admin/reports/": "Django permissions per report",
    "admin/settings/": "Django permissions per setting",
    "admin/editing-sessions/": "Wagtail page/snippet permissions of the edited object",
    "admin/snippets/": "Lantoa snippets are declared as screens; only they are registered",
    "admin/bulk/": "per-model bulk actions; Lantoa snippets use the scoped one",
    "admin/account/": "the user's own account",
    "admin/api-tokens/": "Wagtail's API tokens: the user's own (auth.change_user for others')",
    "admin/api/": "Wagtail's admin API: page, image and document permissions",
    "admin/tag-autocomplete/": "tags only (no object)",
    "admin/password_reset/": "a signed one-time token",
    "admin/block-preview/": "no object",
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{p.namespace}:" if p.namespace else ""
            for route, name, view in _walk(p.url_patterns, prefix + str(p.pattern)):
                yield route, (namespace + name) if name else name, view
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name or "", p.callback


def _takes_an_object(route: str) -> bool:
    return bool(re.search(r"<[^>]+>|\(\?P<|\(\\d\+\)", route))


LANTOA_LABELS = {c.label for c in apps.get_app_configs() if c.name.startswith("lantoa.")}


def _is_lantoa(view, name: str) -> bool:
    """A Lantoa view, or one of Wagtail's built for a Lantoa model (snippets)."""
    view_class = getattr(view, "view_class", None)
    module = (view_class or view).__module__
    namespace = name.split(":")[0]
    return module.startswith("lantoa.") or any(
        namespace.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_"))
        and namespace.split("_", 1)[1].startswith(f"{label}_")
        for label in LANTOA_LABELS
    )


def test_every_object_url_is_declared():
    declared = {s.url_name for s in SCREENS}
    missing = []
    for route, name, view in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or not _takes_an_object(route):
            continue
        if _is_lantoa(view, name):
            if name not in declared:
                missing.append(f"{route} ({name})")
        elif not any(route.startswith(prefix) for prefix in WAGTAIL_GUARDED):
            missing.append(f"{route} ({name}): a Wagtail screen nobody looked at")
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            if "{" not in path:
                continue
            for operation in view.operations:
                url_name = getattr(operation, "url_name", None) or operation.view_func.__name__
                if f"api-v1:{url_name}" not in declared:
                    missing.append(f"API {operation.methods} {path}")
    assert missing == []


def test_every_declaration_is_routed_and_well_formed():
    for screen in SCREENS:
        assert screen.verb in VERBS, screen.id
        route_names = {name for _, name, _ in _walk(get_resolver().url_patterns)}
        assert screen.url_name in route_names, screen.id


# --- the cases ---------------------------------------------------------------------


def _login(client, role, unit):
    if role == "anonymous":
        return None
    user = UserFactory()
    if role == "member":
        MemberFactory(unit=unit, user=user)
    else:
        RoleAssignmentFactory(user=user, unit=unit, role=Role(role))
        services.sync_admin_access(user)
    client.force_login(user)
    return user


def _admin_answer(response, screen):
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
        if screen.refusal_redirect and location.startswith(reverse(screen.refusal_redirect)):
            return 404
        return OK
    if status == 403:
        return DENIED
    if status in (200, 204):
        return OK
    return status


def _api_answer(response):
    status = response.status_code
    if status in (401, 403, 404):
        return status
    if 200 <= status < 300 or status in (400, 409, 422):
        # Past the scope checks: the operation itself answered.
        return OK
    return status


def _request(client, screen, obj, token):
    url = reverse(screen.url_name, args=screen.args(obj))
    if screen.query is not None:
        url = f"{url}?{screen.query(obj)}"
    headers = {}
    if screen.api:
        if token:
            headers["Authorization"] = f"Bearer {token}"
        client.logout()
    data = screen.data(obj) if screen.data else {}
    if screen.method == "GET":
        return client.get(url, headers=headers)
    if screen.api or screen.json:
        return client.post(url, data, content_type="application/json", headers=headers)
    return client.post(url, data, headers=headers)


def _token(user):
    if user is None:
        return None
    from lantoa.core.api.testing import bearer_headers

    return bearer_headers(user)["Authorization"].removeprefix("Bearer ")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.id)
def test_matrix(client, tree, wagtail_base, screen, role):
    user = _login(client, role, tree.unit)
    token = _token(user) if screen.api else None
    ctx = SimpleNamespace(tree=tree, user=user)
    wrong = []
    for position in POSITIONS:
        obj = screen.make(getattr(tree, TREE_ATTRIBUTE[position]), ctx)
        before, audits = row_state(obj), AuditLogEntry.objects.count()
        if screen.api and user is not None:
            client.logout()
        elif user is not None:
            client.force_login(user)
        response = _request(client, screen, obj, token)
        answer = _api_answer(response) if screen.api else _admin_answer(response, screen)
        expected = screen.expected(role, position)
        if answer != expected:
            wrong.append(f"{position}: {answer!r}, expected {expected!r}")
        elif (
            answer != OK
            and screen.method == "POST"
            and (row_state(obj) != before or AuditLogEntry.objects.count() != audits)
        ):
            wrong.append(f"{position}: refused, but something was written")
    assert not wrong, "; ".join(wrong)
