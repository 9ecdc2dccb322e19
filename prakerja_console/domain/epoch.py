"""Wire and database timestamps (integer epoch seconds, UTC) as the datetimes the rules take.

The one conversion both sides use: the central's funnel and ticket rules, the
mirror's readers and the services all turn epoch seconds into an aware UTC
``datetime`` here, so a change of it (a zone, a precision) happens once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


@overload
def moment(epoch_seconds: int) -> datetime: ...
@overload
def moment(epoch_seconds: None) -> None: ...
@overload
def moment(epoch_seconds: int | None) -> datetime | None: ...
def moment(epoch_seconds: int | None) -> datetime | None:
    """An aware UTC ``datetime`` from epoch seconds (None, a moment not reached, stays None)."""
    return None if epoch_seconds is None else datetime.fromtimestamp(epoch_seconds, UTC)
