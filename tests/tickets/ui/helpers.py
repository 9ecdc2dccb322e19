"""Driving the Tickets screens in tests: opening views and tickets, preparing mirror states."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Tabs

from prakerja_console.services.ticket_views import TicketKey
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.ingest import apply_changes
from prakerja_console.store.outbox import pending_batch, record_results
from prakerja_console.sync.protocol import MutationResult, Table, TableRows, columns_of
from prakerja_console.ui.screens.ticket_detail import TicketDetailScreen
from prakerja_console.ui.screens.tickets import TicketsScreen
from tests.services.small_mirror import NOW_EPOCH
from tests.ui.conftest import settle

Step = Callable[[Pilot[Any]], Awaitable[None]]


def queue_of(app: object) -> TicketsScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TicketsScreen)
    return screen


def detail_of(app: object) -> TicketDetailScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TicketDetailScreen)
    return screen


def showing(view: str, text: str = "") -> Step:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = queue_of(pilot.app)
        screen.query_one("#views", Tabs).active = f"view-{view}"
        await settle(pilot)
        if text:
            screen.filter_for(text)
            await settle(pilot)

    return run_before


def opening(ticket_id: int) -> Step:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        pilot.app.open_ticket(TicketKey(ticket_id))  # type: ignore[attr-defined]
        await settle(pilot)

    return run_before


def add_rows(mirror: Path, table: Table, *records: dict[str, Any]) -> None:
    """Rows arriving from the central (a pulled page), on the mirror's sync connection."""
    conn = connect(mirror, Purpose.SYNC)
    try:
        columns = list(columns_of(table))
        rows = [[record.get(column) for column in columns] for record in records]
        apply_changes(
            conn, {table.value: TableRows(columns=columns, rows=rows)}, {}, "test-1", now=NOW_EPOCH
        )
    finally:
        conn.close()


def answer_pending(mirror: Path, status: str, current: dict[str, Any] | None = None) -> None:
    """The central answers every pending action with ``status`` (``conflict`` carries ``current``)."""
    conn = connect(mirror, Purpose.OUTBOX)
    try:
        results = [
            MutationResult(
                id=mutation.id,
                seq=mutation.seq,
                status=status,  # type: ignore[arg-type]
                reason_code="stale_base_version" if status == "conflict" else None,
                message=None,
                current=current,
            )
            for mutation in pending_batch(conn)
        ]
        record_results(conn, results, now=NOW_EPOCH)
    finally:
        conn.close()


def users(mirror: Path) -> None:
    """The call centre's users, as the central replicates them."""
    add_rows(
        mirror,
        Table.USERS,
        *(
            {
                "id": number,
                "username": name,
                "display_name": name,
                "role": role,
                "province_code": scope,
                "version": 1,
            }
            for number, (name, role, scope) in enumerate(
                (
                    ("siti.agent", "agent", None),
                    ("rudi.agent", "agent", None),
                    ("budi.supervisor", "supervisor", None),
                    ("dewi.jabar", "officer", "32"),
                ),
                start=1,
            )
        ),
    )


def outbox_types(mirror: Path) -> list[tuple[str, dict[str, Any]]]:
    import orjson

    conn = sqlite3.connect(mirror)
    try:
        rows = conn.execute("SELECT type, payload FROM outbox ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [(kind, orjson.loads(payload)) for kind, payload in rows]
