"""The central's HTTP API as typed calls, over an injected httpx transport.

Every endpoint of ``docs/protocol.md`` is one method that returns a protocol
model or raises one of :mod:`prakerja_console.sync.errors`; nothing else leaves
this module (no httpx exception, no half-read body). Answers are read strictly
(:mod:`prakerja_console.sync.decode`).

Authenticated calls take the bearer token from a :class:`TokenSource`. A 401
makes it renew the token (a refresh) and the call is sent once more; a second 401,
or a refused refresh, is an :class:`~prakerja_console.sync.errors.UnauthorizedError`:
log in again.
"""

from __future__ import annotations

import email.utils
import math
import time
from datetime import timedelta
from typing import Any, Protocol

import httpx
import orjson
from pydantic import ValidationError

from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message
from prakerja_console.sync import decode
from prakerja_console.sync.errors import (
    ForbiddenError,
    NotFoundError,
    OfflineError,
    ProtocolError,
    ResnapshotRequiredError,
    RetryLaterError,
    SequenceGapError,
    SequenceReusedError,
    ServerError,
    SyncError,
    UnauthorizedError,
)
from prakerja_console.sync.protocol import (
    API_PREFIX,
    ApplicantData,
    ChangesPage,
    Checksum,
    ErrorCode,
    Health,
    MutationBatch,
    MutationResponse,
    MutationResult,
    RefreshRequest,
    Session,
    SnapshotPage,
    SnapshotStart,
    Table,
    TokenRequest,
)

# Pages of 10,000 rows take well under a second on a LAN; a read that stalls for a
# minute is a dead connection, not a slow one.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
_SERVER_TEXT_CHARS = 300
_USER_AGENT = "prakerja-console"


class TokenSource(Protocol):
    """Where authenticated calls get their bearer token."""

    def access_token(self) -> str:
        """A token to send now (refreshed first if it is known to have expired)."""
        ...

    def renew(self, rejected: str) -> str:
        """A new token after the central refused ``rejected`` (401)."""
        ...


def _server_text(value: object) -> str:
    """Text the central wrote, made safe to show (no control characters, bounded)."""
    return clean_text(str(value), max_length=_SERVER_TEXT_CHARS)


class CentralClient:
    """Typed calls to one central. Thread-safe (httpx's client is)."""

    def __init__(
        self,
        server: str,
        *,
        transport: httpx.BaseTransport | None = None,
        tokens: TokenSource | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.server = server.rstrip("/")
        self.tokens = tokens
        self._http = httpx.Client(
            base_url=f"{self.server}{API_PREFIX}",
            transport=transport,
            timeout=timeout,
            headers={"user-agent": _USER_AGENT, "accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    # -- endpoints -------------------------------------------------------------------

    def health(self) -> Health:
        return decode.decode(
            Health, self._call("GET", "/health", auth=False).content, "GET /health"
        )

    def log_in(self, username: str, password: str, device_id: str) -> Session:
        """``POST /auth/token``; a wrong password is an UnauthorizedError."""
        try:
            request = TokenRequest(username=username, password=password, device_id=device_id)
        except ValidationError as error:  # the central would refuse it unread
            raise UnauthorizedError(
                Message(N_("Wrong username or password (too long, or empty)."))
            ) from error
        response = self._call("POST", "/auth/token", body=request.model_dump(), auth=False)
        return decode.decode(Session, response.content, "POST /auth/token")

    def refresh(self, refresh_token: str) -> Session:
        """``POST /auth/refresh``: a new token pair; the old refresh token is spent."""
        request = RefreshRequest(refresh_token=refresh_token)
        response = self._call("POST", "/auth/refresh", body=request.model_dump(), auth=False)
        return decode.decode(Session, response.content, "POST /auth/refresh")

    def snapshot_start(self) -> SnapshotStart:
        response = self._call("POST", "/snapshot")
        return decode.decode(SnapshotStart, response.content, "POST /snapshot")

    def snapshot_page(self, table: Table, after: int | None, limit: int) -> SnapshotPage:
        """``GET /snapshot/{table}``: rows with ``id > after``, in id order."""
        return self.read_snapshot_page(self.fetch_snapshot_page(table, after, limit), table, after)

    def fetch_snapshot_page(self, table: Table, after: int | None, limit: int) -> bytes:
        """The page's body, unread: the engine reads it while the next one downloads."""
        path = f"/snapshot/{table.value}"
        return self._call("GET", path, params={"after": after or 0, "limit": limit}).content

    @staticmethod
    def read_snapshot_page(body: bytes, table: Table, after: int | None) -> SnapshotPage:
        request = f"GET /snapshot/{table.value}"
        page = decode.snapshot_page(body, request)
        if page.table != table.value:
            raise decode.protocol_error(
                request, "table", f"rows of {page.table!r} instead of {table.value!r}"
            )
        if page.next_after is not None and page.next_after <= (after or 0):
            raise decode.protocol_error(
                request, "next_after", f"{page.next_after} does not move past {after or 0}"
            )
        return page

    def changes(self, since: str, limit: int) -> ChangesPage:
        """``GET /changes``: everything changed after the cursor ``since``."""
        return self.read_changes(self.fetch_changes(since, limit), since)

    def fetch_changes(self, since: str, limit: int) -> bytes:
        return self._call("GET", "/changes", params={"since": since, "limit": limit}).content

    @staticmethod
    def read_changes(body: bytes, since: str) -> ChangesPage:
        page = decode.changes_page(body, "GET /changes")
        if page.since != since:
            raise decode.protocol_error("GET /changes", "since", "not the cursor that was sent")
        return page

    def push(self, batch: MutationBatch) -> MutationResponse:
        """``POST /mutations``: answers in the batch's order, one per mutation."""
        response = self._call("POST", "/mutations", body=batch.model_dump(mode="json"))
        return decode.decode(MutationResponse, response.content, "POST /mutations")

    def checksum(self) -> Checksum:
        return decode.decode(Checksum, self._call("GET", "/checksum").content, "GET /checksum")

    def applicant(self, applicant_id: int) -> ApplicantData:
        path = f"/applicants/{int(applicant_id)}"
        return decode.record(ApplicantData, self._call("GET", path).content, f"GET {path}")

    # -- one exchange ----------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        auth: bool = True,
    ) -> httpx.Response:
        request = f"{method} {path}"
        content = None if body is None else orjson.dumps(body)
        if not auth:
            return self._checked(self._exchange(method, path, params, content, None), request)
        if self.tokens is None:
            raise UnauthorizedError(Message(N_("Not logged in: run prakerja-console login.")))
        token = self.tokens.access_token()
        response = self._exchange(method, path, params, content, token)
        if response.status_code == httpx.codes.UNAUTHORIZED:
            response = self._exchange(method, path, params, content, self.tokens.renew(token))
        return self._checked(response, request)

    def _exchange(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        content: bytes | None,
        token: str | None,
    ) -> httpx.Response:
        headers = {"content-type": "application/json"} if content is not None else {}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        try:
            response = self._http.request(
                method, path, params=params, content=content, headers=headers
            )
        except httpx.TimeoutException as error:
            raise OfflineError(
                Message(
                    N_("The central at {server} did not answer in time."), {"server": self.server}
                )
            ) from error
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
            raise OfflineError(
                Message(
                    N_("Cannot reach the central at {server} ({problem})."),
                    {"server": self.server, "problem": _server_text(error) or type(error).__name__},
                )
            ) from error
        except httpx.DecodingError as error:  # a body whose content-encoding is corrupt
            raise decode.protocol_error(f"{method} {path}", "body", str(error)) from error
        return response

    def _checked(self, response: httpx.Response, request: str) -> httpx.Response:
        if response.status_code == httpx.codes.OK:
            return response
        raise _failure(response, request, self.server)


def _error_parts(response: httpx.Response) -> tuple[str | None, str | None, dict[str, Any]]:
    """The ``ErrorBody`` fields, read leniently: the status decides what happens."""
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None, None, {}
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return None, None, {}
    code, message, detail = error.get("code"), error.get("message"), error.get("detail")
    return (
        code if isinstance(code, str) else None,
        _server_text(message) if isinstance(message, str) else None,
        detail if isinstance(detail, dict) else {},
    )


def _retry_after(response: httpx.Response) -> tuple[float | None, float | None]:
    """``Retry-After`` as (seconds, None) or, for an HTTP date, (None, epoch seconds)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None, None
    try:
        return max(0.0, float(value)), None
    except ValueError:
        pass
    try:
        return None, email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None, None


def _seconds_until(moment: float | None, response: httpx.Response) -> float:
    """Seconds until an HTTP-date ``Retry-After`` (by the response's own ``Date``, so the
    clocks' skew does not count); a minute when the central named no time."""
    if moment is None:
        return 60.0
    try:
        sent = email.utils.parsedate_to_datetime(response.headers["date"]).timestamp()
    except (KeyError, TypeError, ValueError):
        sent = time.time()
    return max(0.0, moment - sent)


def _failure(response: httpx.Response, request: str, server: str) -> SyncError:
    status = response.status_code
    code, said, detail = _error_parts(response)
    said = said or "-"
    if status in (httpx.codes.TOO_MANY_REQUESTS, httpx.codes.SERVICE_UNAVAILABLE):
        seconds, moment = _retry_after(response)
        busy = Message(N_("The central is busy; it asked to try again later."))
        if request == "POST /auth/token" and status == httpx.codes.TOO_MANY_REQUESTS:
            wait = seconds if seconds is not None else _seconds_until(moment, response)
            busy = Message(  # the central's limit on failed logins
                N_("Too many failed logins; try again in {wait}."),
                # A duration, so the translator words it with the language's plural
                # rules (CLDR, through Babel): "1 minute", "5 minutes", "5 menit".
                {"wait": timedelta(minutes=max(1, math.ceil(wait / 60)))},
            )
        return RetryLaterError(busy, retry_after=seconds, retry_at=moment)
    if status == httpx.codes.UNAUTHORIZED:
        if request == "POST /auth/token":
            return UnauthorizedError(Message(N_("Wrong username or password.")))
        return UnauthorizedError(
            Message(N_("Your session has ended: log in again with prakerja-console login."))
        )
    if status == httpx.codes.FORBIDDEN:
        return ForbiddenError(
            Message(N_("The central refused {request}: {said}"), {"request": request, "said": said})
        )
    if status == httpx.codes.NOT_FOUND:
        return NotFoundError(
            Message(N_("The central has no such record ({request})."), {"request": request})
        )
    if status == httpx.codes.CONFLICT and code in (
        ErrorCode.SEQUENCE_GAP,
        ErrorCode.SEQUENCE_REUSED,
    ):
        return _sequence_problem(detail, request, reused=code == ErrorCode.SEQUENCE_REUSED)
    if status == httpx.codes.GONE and code == ErrorCode.RESNAPSHOT_REQUIRED:
        reason = detail.get("reason")
        return ResnapshotRequiredError(
            Message(
                N_("The mirror must be loaded again from the central ({reason})."),
                {"reason": _server_text(reason) if isinstance(reason, str) else "-"},
            ),
            reason=reason if isinstance(reason, str) else "unknown",
        )
    if status >= httpx.codes.INTERNAL_SERVER_ERROR:
        return ServerError(
            Message(
                N_("The central at {server} failed (HTTP {status}): {said}"),
                {"server": server, "status": str(status), "said": said},
            ),
            status=status,
        )
    return ProtocolError(
        Message(
            N_(
                "The central answered {request} with HTTP {status}, which this console does not expect: {said}"
            ),
            {"request": request, "status": str(status), "said": said},
        )
    )


def _sequence_problem(detail: dict[str, Any], request: str, *, reused: bool) -> SyncError:
    expected = detail.get("expected_seq")
    if type(expected) is not int or expected < 1:
        return decode.protocol_error(request, "error.detail.expected_seq", "not a sequence number")
    raw = detail.get("results", [])
    if not isinstance(raw, list):
        return decode.protocol_error(request, "error.detail.results", "expected an array")
    try:
        results = [decode.validated(MutationResult, item, request) for item in raw]
    except ProtocolError as error:
        return error
    if reused:
        return SequenceReusedError(
            Message(
                N_(
                    "The central already holds other actions under this device's numbers up to"
                    " {last}; queued actions are numbered again from {seq}."
                ),
                {"last": str(expected - 1), "seq": str(expected)},
            ),
            expected_seq=expected,
            results=results,
        )
    return SequenceGapError(
        Message(
            N_("The central expects this device's actions from number {seq} on."),
            {"seq": str(expected)},
        ),
        expected_seq=expected,
        results=results,
    )
