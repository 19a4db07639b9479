"""The generated permission matrix: its vocabulary and its discovery
(docs/security.md, "The permission matrix").

Every app declares, in `lantoa/<app>/tests/matrix.py`, a list `SCREENS` of
`Screen`s: one per admin URL or API operation that takes an object id (and
per export), with how to make that object at a unit and what the request
does. `test_matrix.py` then asks each screen for each role held at the unit
`own` about an object at each position of the tree, and compares the answer
with the one the rules below predict. A URL or operation that takes an
object id and is declared nowhere fails `test_every_object_url_is_declared`.

The rules are written out here (not read from `scoping.ROLE_PERMISSIONS`),
so that a change of the rules shows up as failing cases:

- anonymous: the admin sends them to its login page; the API answers 401;
- a member without a role: no admin at all (login page); the API shows them
  nothing (404);
- a role without the permission the verb needs (or without the one to see
  the object): the admin refuses ("denied": Wagtail's redirect with a
  message, 403 for scripts); the API answers 404 when the object is not
  visible, 403 when it is visible but the verb is not allowed;
- an object at the sibling or the parent: 404;
- otherwise the request goes through ("ok").
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from lantoa.org.choices import Perm

POSITIONS = ("own", "child", "grandchild", "sibling", "parent")
IN_SCOPE = frozenset({"own", "child", "grandchild"})
# position → attribute of the org tests' `tree` fixture
TREE_ATTRIBUTE = {
    "own": "unit",
    "child": "child",
    "grandchild": "grandchild",
    "sibling": "sibling",
    "parent": "parent",
}
ROLES = ("officer", "approver", "administrator", "member", "anonymous")
ROLE_PERMS: dict[str, frozenset[str]] = {
    "officer": frozenset({Perm.UNIT_VIEW, Perm.MEMBER_VIEW, Perm.MEMBER_CHANGE, Perm.CONTENT_EDIT}),
    "approver": frozenset(
        {Perm.UNIT_VIEW, Perm.MEMBER_VIEW, Perm.CONTENT_EDIT, Perm.CONTENT_APPROVE}
    ),
    "administrator": frozenset(Perm.values),
    "member": frozenset(),
    "anonymous": frozenset(),
}
VERBS = frozenset({"view", "edit", "delete", "state", "export"})

OK, DENIED, LOGIN = "ok", "denied", "login"


def _pk(obj: Any) -> list[Any]:
    return [obj.pk]


@dataclass(frozen=True)
class Screen:
    """One admin URL (by its URL name) or API operation (`api-v1:<name>`),
    asked one way.

    - `make(unit, ctx)` returns a fresh object belonging to `unit` (`ctx.tree`
      is the tree, `ctx.user` the user asking, None when anonymous);
    - `args(obj)` the URL's arguments, `query(obj)` a query string;
    - `data(obj)` the POST body (a form that fails validation is fine: the
      question is whether the request gets past the scope checks);
    - `view_perm`/`perm`: what it takes to see the object / to do the verb;
    - `global_rows`: the object belongs to no unit (every position is "in
      scope" for whoever holds the permission somewhere);
    - `refusal_redirect`: a URL name where the screen sends a user it
      refuses, with a message (a form that names the unit to export): a
      redirect there counts as 404;
    - `expect(role, position)`: an answer that differs from the rules, with
      the reason in a comment at the declaration.
    """

    url_name: str
    verb: str
    make: Callable[[Any, Any], Any]
    method: str = "GET"
    args: Callable[[Any], list[Any]] = _pk
    query: Callable[[Any], str] | None = None
    data: Callable[[Any], dict[str, Any]] | None = None
    view_perm: str = Perm.CONTENT_EDIT
    perm: str = Perm.CONTENT_EDIT
    global_rows: bool = False
    json: bool = False
    refusal_redirect: str | None = None
    expect: Callable[[str, str], Any] | None = None
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def api(self) -> bool:
        return self.url_name.startswith("api-v1:")

    @property
    def id(self) -> str:
        return self.label or f"{self.url_name}[{self.verb}]"

    def expected(self, role: str, position: str) -> Any:
        if self.expect is not None:
            answer = self.expect(role, position)
            if answer is not None:
                return answer
        perms = ROLE_PERMS[role]
        in_scope = self.global_rows or position in IN_SCOPE
        if self.api:
            if role == "anonymous":
                return 401
            if self.view_perm not in perms or not in_scope:
                return 404
            return OK if self.perm in perms else 403
        if role in ("anonymous", "member"):
            return LOGIN
        if self.perm not in perms or self.view_perm not in perms:
            return DENIED
        return OK if in_scope else 404


def posted(
    url_name: str, make: Callable[[Any, Any], Any], key: str, value: str, **kwargs: Any
) -> Screen:
    """A state change POSTed to `url_name` as `key=value` (a step's `action`,
    a review's `decision`), labelled by the value."""
    return Screen(
        url_name,
        "state",
        make,
        "POST",
        data=lambda obj: {key: value},
        label=f"{url_name}[{value}]",
        **kwargs,
    )


def discover() -> list[Screen]:
    """Every app's `SCREENS` (from `lantoa.<app>.tests.matrix`)."""
    screens: list[Screen] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lantoa."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.matrix":
                raise
            continue
        screens.extend(module.SCREENS)
    return screens


def row_state(obj: Any) -> Any:
    """What a refused request must leave untouched: the object's row."""
    if not isinstance(obj, models.Model) or obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()
