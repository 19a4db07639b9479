"""Every API error is JSON `{"code": ..., "message": ...}`: a stable `code` for
programs and a Vietnamese `message` for people.

Domain errors (`lantoa.core.exceptions`) and ninja's own errors (no token,
invalid query parameters, 404) all pass through here, so a client never sees
ninja's English `{"detail": ...}` shape.
"""

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from lantoa.core.api.parser import UnreadableBody
from lantoa.core.exceptions import InvalidInput, LantoaError, NotFound, PermissionDenied

STATUS_BY_ERROR: list[tuple[type[LantoaError], int]] = [
    (PermissionDenied, 403),
    (NotFound, 404),
    (InvalidInput, 422),
]

UNAUTHENTICATED = (
    "unauthenticated",
    "Cần xác thực: gửi mã truy cập API trong tiêu đề «Authorization: Bearer <mã>».",
)
VALIDATION_ERROR = ("validation_error", "Tham số gửi lên không hợp lệ.")
THROTTLED = ("throttled", "Quá nhiều yêu cầu, vui lòng thử lại sau.")
# For ninja's HttpError raised with only a status code.
CODE_BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: UNAUTHENTICATED,
    403: (PermissionDenied.code, PermissionDenied.default_message),
    404: (NotFound.code, NotFound.default_message),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    429: THROTTLED,
}


class ErrorOut(Schema):
    code: str
    message: str


class ValidationErrorOut(ErrorOut):
    # Which parameters failed, for request validation; empty for domain checks.
    errors: list[dict[str, Any]] = []


# Declared on operations so the OpenAPI document shows the error shape.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut}
DETAIL_ERRORS: dict[int, type[Schema]] = {**AUTH_ERRORS, 404: ErrorOut}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    response = api.create_response(
        request, {"code": code, "message": message, **extra}, status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"  # RFC 6750 §3
    return response


def register_error_handlers(api: NinjaAPI) -> None:
    def on_domain_error(request: HttpRequest, exc: object) -> HttpResponse:
        err = cast(LantoaError, exc)  # each handler is registered for its class only
        status = next((s for cls, s in STATUS_BY_ERROR if isinstance(err, cls)), 400)
        return error_response(api, request, status, err.code, err.message)

    def on_validation_error(request: HttpRequest, exc: object) -> HttpResponse:
        err = cast(ValidationError, exc)
        # Pydantic's own `msg` stays English; `loc` tells the client which field.
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in err.errors
        ]
        return error_response(api, request, 422, *VALIDATION_ERROR, errors=errors)

    def on_http_error(request: HttpRequest, exc: object) -> HttpResponse:
        err = cast(HttpError, exc)
        if isinstance(err.__cause__, UnreadableBody):  # ninja wraps the parser's error
            return error_response(
                api, request, 422, *VALIDATION_ERROR, errors=[err.__cause__.error]
            )
        if isinstance(err, AuthenticationError):
            code, message = UNAUTHENTICATED
        elif isinstance(err, Throttled):
            code, message = THROTTLED
        else:
            code, message = CODE_BY_STATUS.get(
                err.status_code, ("error", LantoaError.default_message)
            )
        return error_response(api, request, err.status_code, code, message)

    def on_404(request: HttpRequest, exc: object) -> HttpResponse:
        return error_response(api, request, 404, NotFound.code, NotFound.default_message)

    api.add_exception_handler(LantoaError, on_domain_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
