"""Fixtures of the development stack's tests: the org tree, reused."""

from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
