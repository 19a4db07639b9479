"""Analytics fixtures: wiring only; the data comes from factories."""

import pytest

from lantoa.org.tests.conftest import Tree, tree  # noqa: F401 — the org tree fixture


@pytest.fixture
def pages(wagtail_base):
    """Wagtail's root page exists (site homes are created under it)."""
    return wagtail_base
