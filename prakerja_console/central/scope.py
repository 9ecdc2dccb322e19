"""Which rows a user sees: the one place that turns a user's scope into SQL.

A nationwide user (scope ``None``) sees every row. A province-scoped user sees
the rows of their province and the reference rows (``'*'``: users, waves).
Reference tables hold only ``'*'`` rows and the others never do, so a scoped
read is always a single ``scope = ?`` range on the ``(scope, id)`` index, never
an ``IN`` that would have to merge and sort two ranges.
"""

from __future__ import annotations

from prakerja_console.central.tables import NO_PROVINCE_SCOPE, REFERENCE_SCOPE, REFERENCE_TABLES
from prakerja_console.domain.roles import in_scope
from prakerja_console.sync.protocol import Table


def scope_of(province_code: str | None) -> str:
    """The ``scope`` column value of a record that belongs to ``province_code``."""
    return province_code or NO_PROVINCE_SCOPE


def visible_scope(table: Table, user_scope: str | None) -> str | None:
    """The one ``scope`` value a user's rows of ``table`` carry; None = no filter."""
    if user_scope is None:
        return None
    return REFERENCE_SCOPE if table in REFERENCE_TABLES else user_scope


def scope_where(table: Table, user_scope: str | None) -> tuple[str, tuple[str, ...]]:
    """A ``WHERE`` clause (or nothing) restricting ``table`` to a user's rows, and its params."""
    scope = visible_scope(table, user_scope)
    return ("", ()) if scope is None else (" WHERE scope = ?", (scope,))


def may_see(user_scope: str | None, record_scope: str) -> bool:
    """Whether a user may read or act on a record with this ``scope`` column."""
    return record_scope == REFERENCE_SCOPE or in_scope(user_scope, record_scope or None)
