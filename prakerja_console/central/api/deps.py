"""Request dependencies: the central's runtime, the caller, and fast JSON answers."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from prakerja_console.central.auth import Principal, authenticate
from prakerja_console.central.errors import ApiError
from prakerja_console.central.runtime import Runtime
from prakerja_console.domain.roles import Permission, allowed
from prakerja_console.sync.protocol import ErrorBody, ErrorCode

_bearer = HTTPBearer(auto_error=False, description="The access token from /v1/auth/token")

# Documented error answers (the bodies are always an ErrorBody).
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (401, 403, 404, 422, 429, 503)
}


def runtime(request: Request) -> Runtime:
    found = request.app.state.runtime
    assert isinstance(found, Runtime)
    return found


RuntimeDep = Annotated[Runtime, Depends(runtime)]


def principal(
    central: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from their bearer token; role and scope are the central's, not theirs."""
    if credentials is None:
        raise ApiError(
            401,
            ErrorCode.UNAUTHORIZED,
            "a bearer access token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with central.db.read() as tx:
        return authenticate(tx, credentials.credentials, central.now())


PrincipalDep = Annotated[Principal, Depends(principal)]


def reader(caller: PrincipalDep) -> Principal:
    """The caller, if their role may read applicant data: the gate of every read router.

    Every role has that permission today; the check keeps the central's reads
    under ``domain.roles`` like its mutations, should a role without it appear.
    """
    if not allowed(caller.role, Permission.VIEW_APPLICANT):
        raise ApiError(403, ErrorCode.FORBIDDEN, "your role may not read applicant data")
    return caller


READERS_ONLY = [Depends(reader)]  # ``dependencies=`` of a read router


def json_response(payload: Any) -> Response:
    """Encode with orjson directly: no pydantic model per row on the hot paths."""
    return Response(content=orjson.dumps(payload), media_type="application/json")


def rewind_by(limit: int) -> int:
    """How far an injected ``dup`` fault rewinds a page: half a page, so paging still advances."""
    return max(1, limit // 2)
