"""The read side of sync: snapshot, change feed, checksum.

Pages are encoded with orjson straight from row tuples; the response models
are declared for the OpenAPI document only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from prakerja_console.central.api.deps import (
    ERRORS,
    READERS_ONLY,
    PrincipalDep,
    RuntimeDep,
    json_response,
    rewind_by,
)
from prakerja_console.central.checksum import checksum as compute_checksum
from prakerja_console.central.config import (
    DEFAULT_CHANGES_PAGE,
    DEFAULT_SNAPSHOT_PAGE,
    MAX_CHANGES_PAGE,
    MAX_SNAPSHOT_PAGE,
)
from prakerja_console.central.cursor import CursorError
from prakerja_console.central.errors import ApiError
from prakerja_console.central.faults import page_faults
from prakerja_console.central.feed import read_changes
from prakerja_console.central.snapshot import current_cursor, read_page, row_counts
from prakerja_console.sync.protocol import (
    ChangesPage,
    Checksum,
    ErrorBody,
    ErrorCode,
    SnapshotPage,
    SnapshotStart,
    Table,
    columns_of,
)

router = APIRouter(tags=["sync"], responses=ERRORS, dependencies=READERS_ONLY)


@router.post("/snapshot")
def snapshot_start(central: RuntimeDep, caller: PrincipalDep) -> SnapshotStart:
    """Where to resume the feed after the snapshot, and how many rows are coming."""
    with central.db.read() as tx:
        cursor = current_cursor(tx, caller.scope)
        counts = row_counts(tx, caller.scope)
    return SnapshotStart(cursor=cursor.encode(), tables=counts, server_time=central.now())


@router.get("/snapshot/{table}", response_model=SnapshotPage)
def snapshot_page(
    table: Table,
    request: Request,
    central: RuntimeDep,
    caller: PrincipalDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_SNAPSHOT_PAGE)] = DEFAULT_SNAPSHOT_PAGE,
) -> Response:
    """Rows of ``table`` in the caller's scope with ``id > after``, by id."""
    faults = page_faults(request.scope)
    start = max(0, after - rewind_by(limit)) if faults.rewind else after
    with central.db.read() as tx:
        page = read_page(tx, table, caller.scope, start, limit)
    if faults.shuffle is not None:
        faults.shuffle.shuffle(page.rows)
    return json_response(
        {
            "table": table.value,
            "data": {"columns": page.columns, "rows": page.rows},
            "next_after": page.next_after,
        }
    )


@router.get(
    "/changes",
    response_model=ChangesPage,
    responses={410: {"model": ErrorBody, "description": "resnapshot required"}},
)
def changes(
    request: Request,
    central: RuntimeDep,
    caller: PrincipalDep,
    since: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = DEFAULT_CHANGES_PAGE,
) -> Response:
    """Every record in scope changed after ``since``, once, with its current row."""
    faults = page_faults(request.scope)
    try:
        with central.db.read() as tx:
            page = read_changes(
                tx, since, caller.scope, limit, rewind=rewind_by(limit) if faults.rewind else 0
            )
    except CursorError as error:
        raise ApiError(
            410,
            ErrorCode.RESNAPSHOT_REQUIRED,
            f"this cursor cannot resume the feed ({error.reason.value}): take a new snapshot",
            {"reason": error.reason.value},
        ) from error
    upserts = {}
    for table, rows in page.upserts.items():
        if faults.shuffle is not None:
            faults.shuffle.shuffle(rows)
        upserts[table.value] = {"columns": columns_of(table), "rows": rows}
    return json_response(
        {
            "since": since,
            "next_cursor": page.next_cursor.encode(),
            "has_more": page.has_more,
            "upserts": upserts,
            "deletes": {},
            "server_time": central.now(),
        }
    )


@router.get("/checksum")
def checksum(central: RuntimeDep, caller: PrincipalDep) -> Checksum:
    """Row count and digest per table over the caller's scope."""
    with central.db.read() as tx:
        return compute_checksum(tx, caller.scope)
