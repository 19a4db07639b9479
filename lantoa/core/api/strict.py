"""Query strings hold only the parameters an operation documents, as text a
database can take (NUL characters are dropped, as from bodies: PostgreSQL
refuses them in text, which would be a 500).

A misspelt filter (`/api/v1/deliveries/?stauts=failed`) would otherwise be
ignored and the answer would be the unfiltered list, which a script would take
for the filtered one. Every operation answers such a request with 422
`validation_error`, naming each unknown parameter, as it does for a known
parameter with a bad value.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseBase, QueryDict
from ninja.operation import Operation
from ninja.params.models import QueryModel

from lantoa.core.api.errors import VALIDATION_ERROR, error_response

Run = Callable[..., HttpResponseBase]


def query_parameter_names(operation: Operation) -> frozenset[str]:
    """The query parameters `operation` reads (flattened from its Query schemas)."""
    names: set[str] = set()
    for model in operation.models:
        if not issubclass(model, QueryModel):
            continue
        flatten = getattr(model, "__ninja_flatten_map__", None)
        if flatten:
            names.update(flatten)
        else:
            names.update(field.alias or name for name, field in model.model_fields.items())
    return frozenset(names)


def _without_nul(query: QueryDict) -> Any:
    """The query string with NUL characters dropped, as request bodies have them
    dropped (lantoa/core/api/parser.py)."""
    pairs = [
        (name.replace("\x00", ""), value.replace("\x00", ""))
        for name, values in query.lists()
        for value in values
    ]
    return QueryDict(urlencode(pairs))


def refuse_unknown_query_parameters(run: Run) -> Run:
    """A ninja "view" decorator (`api.add_decorator(..., mode="view")`): it wraps
    an operation's bound `run`, so it knows the operation it guards."""
    operation = getattr(run, "__self__", None)
    if not isinstance(operation, Operation):
        raise TypeError("refuse_unknown_query_parameters must wrap an Operation's run method")
    known = query_parameter_names(operation)

    @wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if any("\x00" in item for pair in request.GET.lists() for item in (pair[0], *pair[1])):
            request.GET = _without_nul(request.GET)
        errors = [
            {"loc": ["query", name], "msg": "Unknown parameter", "type": "extra_forbidden"}
            for name in sorted(set(request.GET) - known)
        ]
        if errors:
            return error_response(operation.api, request, 422, *VALIDATION_ERROR, errors=errors)
        return run(request, *args, **kwargs)

    return guarded
