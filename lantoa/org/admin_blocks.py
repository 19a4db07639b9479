"""The building blocks org offers to every app's back-office screens: a unit
chooser limited to the user's scope, the permission policy that scopes a
model's admin by its unit, the menu item that shows only to those who hold a
permission somewhere (and the admin home panel likewise), and the "unit and
its subtree" list filter.

Import it from admin code only (viewsets, forms, admin views): it loads
Wagtail's admin.
"""

from lantoa.org.forms import UnitChoiceField, fit_unit_widget
from lantoa.org.permissions import (
    VIEW_ACTIONS,
    ScopedPermissionPolicy,
    SeenWiderPolicy,
    content_policy,
)
from lantoa.org.viewsets.common import (
    PermAccessMixin,
    PermissionMenuViewSet,
    PermissionPanel,
    UnitSubtreeFilter,
    units_in_scope,
)

__all__ = [
    "VIEW_ACTIONS",
    "PermAccessMixin",
    "PermissionMenuViewSet",
    "PermissionPanel",
    "ScopedPermissionPolicy",
    "SeenWiderPolicy",
    "UnitChoiceField",
    "UnitSubtreeFilter",
    "content_policy",
    "fit_unit_widget",
    "units_in_scope",
]
