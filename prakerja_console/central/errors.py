"""Every non-2xx answer is an :class:`ErrorBody`, whoever produced it.

FastAPI's defaults answer validation errors, unknown routes and crashes with
their own shapes (``{"detail": …}`` or plain text); a console must be able to
read *every* failure the same way, so all of them are replaced here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prakerja_console.sync.protocol import ErrorBody, ErrorCode, ErrorDetail

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """A failure the client is told about, with its HTTP status and wire error code."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        detail: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = dict(detail or {})
        self.headers = dict(headers or {})


def error_response(
    status: int,
    code: ErrorCode,
    message: str,
    detail: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, detail=dict(detail or {})))
    return Response(
        content=orjson.dumps(body.model_dump(mode="json")),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


async def _api_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.code, error.message, error.detail, error.headers)


async def _validation_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = [
        {
            "location": [str(part) for part in problem.get("loc", ())],
            "message": str(problem.get("msg", "")),
            "type": str(problem.get("type", "")),
        }
        for problem in error.errors()
    ]
    first = problems[0] if problems else {"location": [], "message": "invalid request"}
    where = ".".join(first["location"]) or "request"
    return error_response(
        422,
        ErrorCode.VALIDATION,
        f"{where}: {first['message']}",
        {"problems": problems},
    )


async def _http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code in (404, 405):  # no such route, or not with that method
        code = ErrorCode.NOT_FOUND
    else:
        code = ErrorCode.VALIDATION if error.status_code < 500 else ErrorCode.INTERNAL
    return error_response(
        error.status_code, code, str(error.detail), headers=getattr(error, "headers", None)
    )


class _UnexpectedErrors:
    """Answer any unexpected exception with a 500 ``ErrorBody`` and log its traceback.

    Registering a handler for ``Exception`` would not do: Starlette re-raises after
    answering, and uvicorn then closes the connection, so a client's next request
    on that kept-alive connection fails with a reset. Here the error ends with
    the answer, and the connection stays usable.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as error:
            if started or scope["type"] != "http":
                raise
            logger.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            # The client learns the kind of failure, never its internals.
            response = error_response(
                500, ErrorCode.INTERNAL, "internal error", {"kind": type(error).__name__}
            )
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(_UnexpectedErrors)
