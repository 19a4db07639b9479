"""The org tests' `tree` (root › parent › unit › child › grandchild, sibling, uncle)."""

from lantoa.org.tests.conftest import tree  # noqa: F401 — a fixture, used by name
