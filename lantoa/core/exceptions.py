"""Domain errors. Edges (views, API, commands) translate them for people.

Each carries a stable `code` for the API and a Vietnamese `message` for the UI.

A refusal and a "not found" are also Django's own `PermissionDenied` and
`Http404`, so that wherever one escapes a view (a service refusing inside a
Wagtail form, a selector inside a public view) the answer is 403 or 404,
never 500. The API maps them first by their domain class (`core.api.errors`).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404


class LantoaError(Exception):
    code = "error"
    default_message = "Đã có lỗi xảy ra."

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.message = message or self.default_message
        self.params = params
        super().__init__(self.message)


class PermissionDenied(LantoaError, DjangoPermissionDenied):
    code = "permission_denied"
    default_message = "Bạn không có quyền thực hiện thao tác này."


class NotFound(LantoaError, Http404):
    code = "not_found"
    default_message = "Không tìm thấy."


class InvalidInput(LantoaError):
    code = "invalid_input"
    default_message = "Dữ liệu không hợp lệ."


class InvalidTreeMove(InvalidInput):
    code = "invalid_tree_move"
    default_message = "Không thể chuyển đơn vị vào chính nó hoặc đơn vị con của nó."
