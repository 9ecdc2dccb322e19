"""Reading the central's answers strictly: every field known, every type right.

Bodies are parsed with orjson and validated against the models of
:mod:`~prakerja_console.sync.protocol` in pydantic's strict mode with unknown
fields forbidden, so an answer that is not exactly the contract becomes a
:class:`~prakerja_console.sync.errors.ProtocolError` naming the request, the place
in the body and the problem — before anything of it reaches the mirror.

Pages are the exception on one point: pydantic would copy every row of a 10,000-row
page (~7 ms), so the envelope is validated with the rows set aside and the rows
are checked here, column by column, with the loops in C (:func:`check_cells`:
~24 ms for 25,000 applicants). The mirror's ``STRICT`` tables are no substitute:
SQLite coerces ``12345`` into a TEXT column and ``"7"`` into an INTEGER one
without complaint; only what cannot be converted is refused.
"""

from __future__ import annotations

from functools import cache
from itertools import repeat
from typing import Any, TypeVar, get_args

import orjson
from pydantic import BaseModel, ValidationError, create_model
from sqlmodel import SQLModel

from prakerja_console.domain.text import N_, Message
from prakerja_console.sync.errors import ProtocolError
from prakerja_console.sync.protocol import RECORD_TYPES, ChangesPage, SnapshotPage, Table

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=SQLModel)

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


@cache
def _wire_twin(record: type[SQLModel]) -> type[BaseModel]:
    """A plain pydantic twin of a wire record: SQLModel's validation ignores strict and extra."""
    fields: dict[str, Any] = {
        name: (info.annotation, ... if info.is_required() else info.default)
        for name, info in record.model_fields.items()
    }
    return create_model(f"{record.__name__}Wire", **fields)


def record(model: type[R], body: bytes, request: str) -> R:
    """One replicated record (e.g. ``GET /applicants/{id}``), read as strictly as the rest."""
    checked = decode(_wire_twin(model), body, request)
    return model.model_validate(checked.model_dump())


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


@cache
def _column_types(table: str) -> dict[str, frozenset[type]]:
    """Python types each wire column accepts (``int | None`` → int and None)."""
    try:
        model = RECORD_TYPES[Table(table)]
    except ValueError:
        return {}
    return {
        name: frozenset(get_args(field.annotation) or (field.annotation,))
        for name, field in model.model_fields.items()
    }


def _type_name(kind: type) -> str:
    return {int: "whole number", str: "text", type(None): "null"}.get(kind, kind.__name__)


def check_cells(
    table: str, columns: list[str], rows: list[list[Any]], location: str, request: str
) -> None:
    """Every row has one value per column, of the column's wire type (bool is not int).

    Rows are reduced to their distinct type signatures in C (a page has a handful),
    and only those are compared with the columns. Columns or tables this console
    does not know are left to the mirror, which names them (``store.rows``).
    """
    kinds = _column_types(table)
    allowed = [kinds.get(column) for column in columns]
    for signature in set(map(tuple, map(map, repeat(type), rows))):
        if len(signature) == len(columns) and all(
            accepted is None or kind in accepted
            for kind, accepted in zip(signature, allowed, strict=True)
        ):
            continue
        number = next(i for i, row in enumerate(rows) if tuple(map(type, row)) == signature)
        row = rows[number]
        if len(row) != len(columns):
            raise protocol_error(
                request, f"{location}.{number}", f"{len(row)} values for {len(columns)} columns"
            )
        index = next(
            i
            for i, (kind, accepted) in enumerate(zip(signature, allowed, strict=True))
            if accepted is not None and kind not in accepted
        )
        expected = " or ".join(sorted(_type_name(kind) for kind in allowed[index] or ()))
        raise protocol_error(
            request,
            f"{location}.{number}.{index}",
            f"column {columns[index]} must be {expected}, got {_shown(repr(row[index]))}",
        )


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
        check_cells(page.table, page.data.columns, page.data.rows, "data.rows", request)
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
        where = f"upserts.{table}.rows"
        page.upserts[table].rows = _check_rows(rows, where, request)
        check_cells(table, page.upserts[table].columns, page.upserts[table].rows, where, request)
    return page
