"""Reading the central's answers strictly: every field known, every type right.

Bodies are parsed with orjson and validated against the models of
:mod:`~prakerja_console.sync.protocol` in pydantic's strict mode with unknown
fields forbidden, so an answer that is not exactly the contract becomes a
:class:`~prakerja_console.sync.errors.ProtocolError` naming the request, the place
in the body and the problem — before anything of it reaches the mirror.

Pages are the exception on one point: pydantic would copy every row of a 10,000-row
page (~7 ms), so the envelope is validated with the rows set aside, the rows are
checked to be arrays here, and their cells are checked by the mirror's ``STRICT``
tables in C (:mod:`prakerja_console.store.rows` names a bad cell precisely).
"""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from prakerja_console.domain.text import N_, Message
from prakerja_console.sync.errors import ProtocolError
from prakerja_console.sync.protocol import ChangesPage, SnapshotPage

M = TypeVar("M", bound=BaseModel)

_SHOWN_CHARS = 120


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def protocol_error(request: str, location: str, problem: str) -> ProtocolError:
    """An answer to ``request`` that is wrong at ``location`` (a dotted path in the body)."""
    return ProtocolError(
        Message(
            N_(
                "The central's answer to {request} is not what this console expects: {where}: {problem}"
            ),
            {"request": request, "where": location or "body", "problem": _shown(problem)},
        )
    )


def parse_json(body: bytes, request: str) -> Any:
    """The body as Python values; malformed or truncated JSON is a ProtocolError."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise ProtocolError(
            Message(
                N_("The central's answer to {request} is not valid JSON ({problem})"),
                {"request": request, "problem": _shown(error)},
            )
        ) from error


def validated(model: type[M], data: Any, request: str) -> M:
    """``data`` as ``model``: strict types, no unknown fields."""
    try:
        return model.model_validate(data, strict=True, extra="forbid")
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        location = ".".join(str(part) for part in first["loc"])
        raise protocol_error(request, location, first["msg"]) from error


def decode(model: type[M], body: bytes, request: str) -> M:
    return validated(model, parse_json(body, request), request)


def _rows_aside(holder: Any) -> tuple[Any, Any]:
    """A TableRows-shaped dict with ``rows`` emptied, and the rows taken out (or None)."""
    if isinstance(holder, dict) and "rows" in holder:
        return {**holder, "rows": []}, holder["rows"]
    return holder, None


def _check_rows(rows: Any, location: str, request: str) -> list[list[Any]]:
    if not isinstance(rows, list):
        raise protocol_error(request, location, "expected an array of rows")
    if not set(map(type, rows)) <= {list}:  # the loop in C; find the culprit only on failure
        number = next(i for i, row in enumerate(rows) if type(row) is not list)
        raise protocol_error(request, f"{location}.{number}", "expected an array of values")
    return rows


def snapshot_page(body: bytes, request: str) -> SnapshotPage:
    """A ``GET /v1/snapshot/{table}`` answer."""
    data = parse_json(body, request)
    rows: Any = None
    if isinstance(data, dict):
        inner, rows = _rows_aside(data.get("data"))
        data = {**data, "data": inner} if "data" in data else data
    page = validated(SnapshotPage, data, request)
    if rows is not None:
        page.data.rows = _check_rows(rows, "data.rows", request)
    return page


def changes_page(body: bytes, request: str) -> ChangesPage:
    """A ``GET /v1/changes`` answer."""
    data = parse_json(body, request)
    aside: dict[str, Any] = {}
    if isinstance(data, dict) and isinstance(data.get("upserts"), dict):
        upserts = {}
        for table, holder in data["upserts"].items():
            upserts[table], rows = _rows_aside(holder)
            if rows is not None:
                aside[table] = rows
        data = {**data, "upserts": upserts}
    page = validated(ChangesPage, data, request)
    for table, rows in aside.items():
        page.upserts[table].rows = _check_rows(rows, f"upserts.{table}.rows", request)
    return page
