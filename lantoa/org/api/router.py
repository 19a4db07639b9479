"""Org endpoints: units (tree, subtree) and members (scoped, paginated)."""

from ninja import Router

router = Router(tags=["org"])
