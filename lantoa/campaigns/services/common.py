"""Pieces shared by the campaign services."""

from lantoa.org.public import OrgUnit


def in_subtree(unit: OrgUnit, root: OrgUnit) -> bool:
    return unit.path.startswith(root.path)
