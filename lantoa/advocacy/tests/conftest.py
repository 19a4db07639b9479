"""Advocacy fixtures: wiring only; data from the factories and the services."""

import pytest

from lantoa.advocacy import clicks
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_click_caches():
    clicks.forget_keys_in_memory()
    clicks._targets.clear()
    yield
    clicks.forget_keys_in_memory()
    clicks._targets.clear()


BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
