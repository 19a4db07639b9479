"""The one lookup of a single object by id, for every edge: admin views,
ViewSets, snippets, API routes and exports (docs/security.md).

A model's rule is its registered Wagtail permission policy; every policy of
Lantoa answers from `lantoa.org.scoping` (units and paths live in `org`, so
`core` only asks the policy). The answers, in this order:

- outside the user's view scope: the object does not exist for them
  (`NotFound`, 404), whatever the action;
- visible but not open to `action`: `PermissionDenied` (403).

Both are also Django's `Http404` / `PermissionDenied`, so no edge turns a
refusal into a 500. `org.scoping.object_for` finds the policy by model.
"""

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.exceptions import NotFound, PermissionDenied


def object_in_scope(
    policy: BasePermissionPolicy,
    user: Any,
    action: str = "view",
    *,
    queryset: QuerySet[Any] | None = None,
    select_related: tuple[str, ...] = (),
    not_found: str | None = None,
    **lookup: Any,
) -> Any:
    """The object matching `lookup` that `user` may see, checked for `action`.

    `queryset` narrows the policy's visible set further (a screen that shows
    fewer objects than the model's rule allows); it never widens it.
    """
    visible = policy.instances_user_has_permission_for(user, "view")
    if queryset is not None:
        visible = visible.filter(pk__in=queryset.values("pk"))
    if select_related:
        visible = visible.select_related(*select_related)
    if "pk" in lookup:
        lookup["pk"] = _clean_pk(policy.model, lookup["pk"])
        if lookup["pk"] is None:
            raise NotFound(not_found)
    obj: Model | None = visible.filter(**lookup).first()
    if obj is None:
        raise NotFound(not_found)
    if action != "view" and not policy.user_has_permission_for_instance(user, action, obj):
        raise PermissionDenied()
    return obj


def _clean_pk(model: type[Model], value: Any) -> Any:
    """The URL's (quoted) key as the model's key type; None when it cannot be one."""
    try:
        return model._meta.pk.to_python(unquote(str(value)))  # type: ignore[union-attr]
    except (ValidationError, ValueError, TypeError):
        return None
