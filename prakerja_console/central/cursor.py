"""The change-feed cursor: ``v<schema>.<epoch>.<scope>.<position>``.

Clients treat it as opaque. The central reads back the schema version, the data
epoch and the scope it was issued for, so a cursor that no longer describes the
data the client holds is answered with "resnapshot required" and a reason,
instead of a feed that would silently miss or mix rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

NATIONWIDE = "all"  # the scope part of a nationwide user's cursor
_CURSOR = re.compile(r"v(\d{1,6})\.([0-9a-f]{1,64})\.(all|\d{2})\.(\d{1,19})")


class ResnapshotReason(StrEnum):
    EPOCH_CHANGED = "epoch_changed"
    SCOPE_CHANGED = "scope_changed"
    CURSOR_INVALID = "cursor_invalid"
    SCHEMA_CHANGED = "schema_changed"


class CursorError(ValueError):
    """The cursor cannot resume the feed; the client must take a new snapshot."""

    def __init__(self, reason: ResnapshotReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def scope_part(scope: str | None) -> str:
    return NATIONWIDE if scope is None else scope


@dataclass(frozen=True, slots=True)
class Cursor:
    schema: int
    epoch: str
    scope: str | None  # province code, None = nationwide
    position: int

    def encode(self) -> str:
        return f"v{self.schema}.{self.epoch}.{scope_part(self.scope)}.{self.position}"

    @classmethod
    def decode(cls, text: str, *, schema: int, epoch: str, scope: str | None) -> Cursor:
        """Read a cursor a client sent back, checking it against the current data.

        Raises :class:`CursorError` naming the first thing that does not match.
        """
        found = _CURSOR.fullmatch(text)
        if found is None:
            raise CursorError(ResnapshotReason.CURSOR_INVALID)
        if int(found[1]) != schema:
            raise CursorError(ResnapshotReason.SCHEMA_CHANGED)
        if found[2] != epoch:
            raise CursorError(ResnapshotReason.EPOCH_CHANGED)
        if found[3] != scope_part(scope):
            raise CursorError(ResnapshotReason.SCOPE_CHANGED)
        return cls(schema, epoch, scope, int(found[4]))
