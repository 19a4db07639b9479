"""Structured logs: one JSON object a line (python-json-logger), each carrying the
id of the request or the task it was written under.

`RequestIdMiddleware` takes the load balancer's `X-Request-ID` (or makes one) and
sends it back; the worker's `task_started` signal sets the task's id. A filter on
the handler copies both onto every record, so `grep <id>` follows one request or
one task through every process. `LANTOA_LOG_FORMAT=json` turns it on
(docs/deploy.md); the plain format stays the development default.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("lantoa_request_id", default="")
task_id: ContextVar[str] = ContextVar("lantoa_task_id", default="")

# An id from outside is kept only when it looks like one (no log injection).
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ContextFilter(logging.Filter):
    """Puts the current request and task ids on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.task_id = task_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_id.set(str(task_result.id))


def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_id.set("")


def register() -> None:
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="lantoa.ops.logs.started")
    task_finished.connect(_task_finished, dispatch_uid="lantoa.ops.logs.finished")
