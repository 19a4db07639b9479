"""Domain errors become JSON with a stable `code` and a Vietnamese `message`."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from lantoa.core.exceptions import InvalidInput, LantoaError, NotFound, PermissionDenied

STATUS_BY_ERROR: list[tuple[type[LantoaError], int]] = [
    (PermissionDenied, 403),
    (NotFound, 404),
    (InvalidInput, 400),
]


def register_error_handlers(api: NinjaAPI) -> None:
    def handle(request: HttpRequest, exc: LantoaError | type[LantoaError]) -> HttpResponse:
        if isinstance(exc, type):  # pragma: no cover - ninja passes instances
            exc = exc()
        status = next((s for cls, s in STATUS_BY_ERROR if isinstance(exc, cls)), 400)
        return api.create_response(
            request, {"code": exc.code, "message": exc.message}, status=status
        )

    api.add_exception_handler(LantoaError, handle)
