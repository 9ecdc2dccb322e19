"""Checking the central's rows: cheaply on the way in, precisely when something fails.

The bulk paths hand rows to SQLite untouched and let ``STRICT`` tables and ``NOT
NULL`` refuse a wrong value in C. Only when SQLite refuses a page does
:func:`diagnose` walk it in Python to name the table, row and column, so the happy
path pays nothing for the error message. Every message is a domain
:class:`~prakerja_console.domain.text.Message`, translated where it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.models import REPLICATED
from prakerja_console.store.schema import sql_table
from prakerja_console.sync.protocol import Table, columns_of

_SHOWN_VALUE_CHARS = 40


class RowError(ValueError):
    """Rows from the central that the mirror refuses; nothing of their page was applied."""

    def __init__(
        self,
        message: Message,
        *,
        table: str,
        row: int | None = None,
        row_id: object = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message.render())
        self.message = message
        self.table = table
        self.row = row
        self.row_id = row_id
        self.column = column


@dataclass(frozen=True, slots=True)
class ColumnRule:
    name: str
    integer: bool
    nullable: bool


def _rules(table: Table) -> dict[str, ColumnRule]:
    sql = sql_table(REPLICATED[table])
    return {
        column.name: ColumnRule(
            column.name, isinstance(column.type, sa.Integer), bool(column.nullable)
        )
        for column in sql.columns
    }


def resolve_table(name: str) -> Table:
    try:
        return Table(name)
    except ValueError:
        raise RowError(
            Message(
                N_("The central sent rows of a table this console does not know: {table}"),
                {"table": _shown(name)},
            ),
            table=_shown(name),
        ) from None


def check_columns(table: Table, columns: Sequence[str]) -> tuple[int, int]:
    """Refuse a page whose columns are not exactly the wire columns of ``table``.

    Any order is accepted (the insert names the columns); returns the positions of
    ``id`` and ``version``.
    """
    expected = set(columns_of(table))
    given = list(columns)
    unknown = sorted(set(given) - expected)
    missing = sorted(expected - set(given))
    if unknown or missing or len(given) != len(expected):
        raise RowError(
            Message(
                N_(
                    "Table {table}: its columns do not match this console"
                    " (unknown: {unknown}; missing: {missing}; given: {given})"
                ),
                {
                    "table": table.value,
                    "unknown": _shown(", ".join(unknown) or "-"),
                    "missing": ", ".join(missing) or "-",
                    "given": len(given),
                },
            ),
            table=table.value,
        )
    return given.index("id"), given.index("version")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE_CHARS else text[: _SHOWN_VALUE_CHARS - 1] + "…"


_EMPTY = N_("Table {table}, row {row} (id {id}), column {column}: must not be empty")
_NOT_INTEGER = N_(
    "Table {table}, row {row} (id {id}), column {column}: expected a whole number, got {value}"
)
_NOT_TEXT = N_("Table {table}, row {row} (id {id}), column {column}: expected text, got {value}")
_BAD_ID = N_("Table {table}, row {row}: the id must be a positive whole number, got {value}")


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def _cell_problem(rule: ColumnRule, value: object) -> str | None:
    """The message template for a refusable cell, or None."""
    if value is None:
        return None if rule.nullable else _EMPTY
    if rule.integer:
        return None if _is_integer(value) else _NOT_INTEGER
    return None if isinstance(value, str) else _NOT_TEXT


def diagnose(
    table: Table, columns: Sequence[str], rows: Sequence[object], *, first_row: int = 1
) -> RowError | None:
    """The first refusable row of a page, as a :class:`RowError`; None if all look valid.

    ``first_row`` is the number the page's first row gets in the message (1-based).
    """
    all_rules = _rules(table)
    rules = [all_rules[name] for name in columns]
    id_at = list(columns).index("id")
    for number, row in enumerate(rows, start=first_row):
        if not isinstance(row, list | tuple):
            return RowError(
                Message(
                    N_("Table {table}, row {row}: not a list of values"),
                    {"table": table.value, "row": number},
                ),
                table=table.value,
                row=number,
            )
        row_id = row[id_at] if id_at < len(row) else None
        if len(row) != len(rules):
            return RowError(
                Message(
                    N_("Table {table}, row {row} (id {id}): expected {expected} values, got {got}"),
                    {
                        "table": table.value,
                        "row": number,
                        "id": _shown(row_id),
                        "expected": len(rules),
                        "got": len(row),
                    },
                ),
                table=table.value,
                row=number,
                row_id=row_id,
            )
        if not (_is_integer(row_id) and row_id > 0):  # type: ignore[operator]
            return _cell_error(_BAD_ID, table, number, row_id, "id", row_id)
        for rule, value in zip(rules, row, strict=True):
            problem = _cell_problem(rule, value)
            if problem is not None:
                return _cell_error(problem, table, number, row_id, rule.name, value)
    return None


def _cell_error(
    template: str, table: Table, row: int, row_id: object, column: str, value: object
) -> RowError:
    params = {
        "table": table.value,
        "row": row,
        "id": _shown(row_id),
        "column": column,
        "value": _shown(value),
    }
    return RowError(
        Message(template, params), table=table.value, row=row, row_id=row_id, column=column
    )


def refused(
    table: Table,
    error: Exception,
    columns: Sequence[str],
    rows: Sequence[object],
    *,
    first_row: int = 1,
) -> RowError:
    """Turn SQLite's refusal of a page into the most precise :class:`RowError` available."""
    found = diagnose(table, columns, rows, first_row=first_row)
    if found is not None:
        return found
    return RowError(
        Message(
            N_("Table {table}: the central's rows were refused ({detail})"),
            {"table": table.value, "detail": _shown(str(error))},
        ),
        table=table.value,
    )
