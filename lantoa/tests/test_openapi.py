"""The API's published contract: the OpenAPI document and the docs page."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from lantoa.api import api

OPENAPI = "/api/v1/openapi.json"
DOCS = "/api/v1/docs"

# The org app's operations; other apps add theirs beside them.
ORG_OPERATIONS = {
    ("get", "/api/v1/units/"),
    ("get", "/api/v1/units/tree/"),
    ("get", "/api/v1/units/{public_id}/"),
    ("get", "/api/v1/units/{public_id}/subtree/"),
    ("get", "/api/v1/members/"),
    ("get", "/api/v1/members/{public_id}/"),
    ("get", "/api/v1/me/"),
}


@pytest.fixture
def schema(client):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def operations(schema):
    return {
        (method, path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def test_schema_lists_the_org_operations(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Lantoa API"
    org = {key for key, op in operations(schema).items() if op.get("tags") == ["org"]}
    assert org == ORG_OPERATIONS


def test_every_operation_needs_the_bearer_token(schema):
    assert schema["components"]["securitySchemes"] == {
        "BearerTokenAuth": {"type": "http", "scheme": "bearer"}
    }
    for key, operation in operations(schema).items():
        assert operation["security"] == [{"BearerTokenAuth": []}], key
        assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }, key


def test_detail_operations_document_404(schema):
    for (_, path), operation in operations(schema).items():
        if "{public_id}" in path:
            assert "404" in operation["responses"], path


def _properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for prop in component.get("properties", {}):
            yield name, prop


def _types(spec):
    return {spec.get("type"), spec.get("format")} | {
        t for alt in spec.get("anyOf", []) for t in (alt.get("type"), alt.get("format"))
    }


def test_no_integer_keys_or_tree_paths_are_exposed(schema):
    """Objects are known by public UUIDs only: no integer key, no materialised path."""
    components = schema["components"]["schemas"]
    assert {(n, p) for n, p in _properties(schema) if p in {"id", "pk", "path"}} == set()
    for name, prop in _properties(schema):
        spec = components[name]["properties"][prop]
        if prop.endswith("_id"):
            assert "integer" not in _types(spec), (name, prop)
        if prop == "public_id" or (name in ORG_SCHEMAS and prop.endswith("_id")):
            assert "uuid" in _types(spec), (name, prop)


ORG_SCHEMAS = {
    "UnitOut", "UnitDetailOut", "UnitTreeNodeOut", "UnitSubtreeNodeOut", "MemberOut",
    "MemberUnitOut", "MemberDetailOut", "MemberDetailUnitOut", "MeOut", "MeRoleOut",
}  # fmt: skip


def test_error_shape_is_documented(schema):
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]


def test_schema_document_matches_the_api_object(schema):
    """The served document is the one ninja builds (no stale copy anywhere)."""
    assert json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"))) == schema


def test_docs_page_renders_with_debug_and_uses_only_local_assets(client, settings):
    settings.DEBUG = True
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Every stylesheet, script and icon comes from our own static files.
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert [a for a in assets if not a.startswith("/static/")] == []
    assert "cdn" not in html.lower()
    for asset in assets:
        path = asset.removeprefix("/static/")
        assert finders.find(path), f"{asset} is not among the static files"


def test_docs_page_points_at_the_schema(client):
    html = client.get(DOCS).content.decode()
    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    )
    assert settings_json is not None
    assert json.loads(settings_json.group(1))["url"] == OPENAPI
