"""Optimistic local effects of queued actions, and their rebase onto the central's rows.

A local action changes the mirror at once so the user sees what they did, long
before the central confirms it (or while offline for a week). An effect may only
do two things, both recorded so they can be undone:

* **add a local row** (:meth:`EffectWriter.insert_local`): negative id, ``client_ref``
  = the action id, e.g. a note not yet on the central;
* **patch a central row in place** (:meth:`EffectWriter.patch`), keeping its
  pre-image and version in ``effect_patches``, e.g. a registry check shown as
  ``pending`` after a re-verification request.

The mirror's central rows plus the effects of its *live* actions (``settled = 0``)
is what the screens see. The rebase, as Replicache does it, is: undo every live
effect (newest first; a pre-image whose row has a newer version is void, the
central's row already replaced it), retire the actions that are done, and re-apply
the rest in sequence order. It runs only when something changed underneath an
effect, so a pull that touches no patched row pays one lookup in a tiny table.

An action is retired (**settled**) when it can no longer show anything the
central's rows do not: rejected or in conflict (never happened), or applied and
its result is visible — a patched row moved to a newer version, the created row
arrived (``entity_id`` of the result, or a row echoing ``client_ref``), or a pull
caught up with the feed after the answer (the feed is commit-safe, so everything
the central did before answering has been delivered).

Adding an action type is one function plus one :data:`ACTIONS` entry.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import orjson
from pydantic import BaseModel

from prakerja_console.store.models import LOCAL_ROW_TABLES
from prakerja_console.store.records import OutboxAction, select_list
from prakerja_console.store.ticket_effects import TICKET_ACTIONS
from prakerja_console.sync.protocol import (
    ApplicantRef,
    MutationType,
    NotePayload,
    RevealPayload,
    ReverificationPayload,
    Table,
)

LIVE = "settled = 0"
ACKNOWLEDGED = ("applied", "duplicate")


class EffectWriter:
    """The only door through which an effect changes the mirror."""

    def __init__(self, conn: sqlite3.Connection, action: OutboxAction) -> None:
        self.conn = conn
        self.action = action

    def insert_local(self, table: Table, values: Mapping[str, object]) -> int:
        """Add a local row (next free negative id) and return its id."""
        (row_id,) = self.conn.execute(
            f"SELECT min(coalesce(min(id), 0), 0) - 1 FROM {table.value}"
        ).fetchone()
        row = {"version": 0, **values, "id": row_id, "client_ref": self.action.id}
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT INTO {table.value} ({names}) VALUES ({marks})", tuple(row.values())
        )
        return int(row_id)

    def patch(self, table: Table, row_id: int, changes: Mapping[str, object]) -> bool:
        """Change columns of an existing row, keeping its pre-image; False if it is gone."""
        names = list(changes)
        row = self.conn.execute(
            f"SELECT version, {', '.join(names)} FROM {table.value} WHERE id = ?", (row_id,)
        ).fetchone()
        if row is None:
            return False
        old = dict(zip(names, row[1:], strict=True))
        self.conn.execute(
            "INSERT INTO effect_patches (action_id, seq, tbl, row_id, version, old)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.action.id,
                self.action.seq,
                table.value,
                row_id,
                row[0],
                orjson.dumps(old).decode(),
            ),
        )
        assignments = ", ".join(f"{name} = ?" for name in names)
        self.conn.execute(
            f"UPDATE {table.value} SET {assignments} WHERE id = ?", (*changes.values(), row_id)
        )
        return True


Effect = Callable[[EffectWriter, Any], None]


@dataclass(frozen=True, slots=True)
class ActionKind:
    """How the console handles one mutation type locally.

    ``payload`` validates the payload when queued (the central validates it again);
    ``effect`` receives the validated payload; ``subject`` names the applicant the
    action concerns, for the detail screen; ``merge_field`` is the text field a
    conflict may be resolved by merging, if any.
    """

    payload: type[BaseModel]
    effect: Effect
    subject: Callable[[Any], int | None]
    merge_field: str | None = None


def _request_reverification(writer: EffectWriter, payload: ReverificationPayload) -> None:
    """The registry's check shows ``pending`` (a local row if there is none yet)."""
    found = writer.conn.execute(
        "SELECT id FROM registry_checks WHERE applicant_id = ? AND registry = ?"
        " ORDER BY id DESC LIMIT 1",
        (payload.applicant_id, payload.registry),
    ).fetchone()
    pending = {
        "result": "pending",
        "detail": None,
        "requested_at": writer.action.created_at,
        "checked_at": None,
    }
    if found is None or not writer.patch(Table.REGISTRY_CHECKS, found[0], pending):
        writer.insert_local(
            Table.REGISTRY_CHECKS,
            {"applicant_id": payload.applicant_id, "registry": payload.registry, **pending},
        )


def _add_note(writer: EffectWriter, payload: NotePayload) -> None:
    writer.insert_local(
        Table.NOTES,
        {
            "applicant_id": payload.applicant_id,
            "author": writer.action.actor,
            "body": payload.body,
            "at": writer.action.created_at,
        },
    )


def _audit(writer: EffectWriter, entity: str, entity_id: int, **details: object) -> None:
    """A local audit row: what the user did, shown as queued until the central's arrives."""
    writer.insert_local(
        Table.AUDIT_LOG,
        {
            "actor": writer.action.actor,
            "action": writer.action.type,
            "entity": entity,
            "entity_id": entity_id,
            "at": writer.action.created_at,
            **details,
        },
    )


def _reveal_pii(writer: EffectWriter, payload: RevealPayload) -> None:
    _audit(writer, payload.table, payload.record_id, field=payload.field, reason=payload.reason)


def _resend_verification_email(writer: EffectWriter, payload: ApplicantRef) -> None:
    _audit(writer, Table.APPLICANTS.value, payload.applicant_id)


def _applicant_of(payload: ApplicantRef) -> int:
    return payload.applicant_id


def _revealed_applicant(payload: RevealPayload) -> int | None:
    return payload.record_id if payload.table == Table.APPLICANTS.value else None


ACTIONS: Mapping[str, ActionKind] = MappingProxyType(
    {
        MutationType.REQUEST_REVERIFICATION: ActionKind(
            ReverificationPayload, _request_reverification, _applicant_of
        ),
        MutationType.ADD_NOTE: ActionKind(NotePayload, _add_note, _applicant_of, "body"),
        MutationType.REVEAL_PII: ActionKind(RevealPayload, _reveal_pii, _revealed_applicant),
        MutationType.RESEND_VERIFICATION_EMAIL: ActionKind(
            ApplicantRef, _resend_verification_email, _applicant_of
        ),
        **{kind: ActionKind(*spec) for kind, spec in TICKET_ACTIONS.items()},
    }
)


def kind_of(action_type: str) -> ActionKind:
    try:
        return ACTIONS[action_type]
    except KeyError:
        raise ValueError(f"no local handling for action type {action_type!r}") from None


# -- rebase -----------------------------------------------------------------------


def live_actions(conn: sqlite3.Connection) -> list[OutboxAction]:
    rows = conn.execute(
        f"SELECT {select_list(OutboxAction)} FROM outbox WHERE {LIVE} ORDER BY seq"
    ).fetchall()
    return [OutboxAction.from_row(row) for row in rows]


def apply_effect(conn: sqlite3.Connection, action: OutboxAction) -> None:
    kind = kind_of(action.type)
    kind.effect(EffectWriter(conn, action), kind.payload.model_validate(action.payload))


def _undo_all(conn: sqlite3.Connection) -> None:
    patches = conn.execute(
        "SELECT tbl, row_id, version, old FROM effect_patches ORDER BY seq DESC, id DESC"
    ).fetchall()
    for table, row_id, version, old in patches:
        values: dict[str, Any] = orjson.loads(old)
        assignments = ", ".join(f"{name} = ?" for name in values)
        # A row the central has replaced since (newer version) keeps the central's values.
        conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ? AND version = ?",
            (*values.values(), row_id, version),
        )
    conn.execute("DELETE FROM effect_patches")
    for table in LOCAL_ROW_TABLES:
        conn.execute(f"DELETE FROM {table.value} WHERE id < 0")


def rebase(conn: sqlite3.Connection, settle: Collection[str] = ()) -> None:
    """Undo every live effect, retire ``settle``, re-apply the rest in sequence order."""
    _undo_all(conn)
    if settle:
        conn.executemany("UPDATE outbox SET settled = 1 WHERE id = ?", [(i,) for i in settle])
    for action in live_actions(conn):
        apply_effect(conn, action)


def replanted(conn: sqlite3.Connection) -> None:
    """The central's rows were replaced wholesale (a snapshot swap, a schema rebuild).

    Pre-images point at rows that are gone and local rows went with their tables.
    Answered actions are retired: their results are in the new rows or arrive with
    the feed. Pending ones are re-applied on the new rows.
    """
    conn.execute("DELETE FROM effect_patches")
    conn.execute("UPDATE outbox SET settled = 1 WHERE settled = 0 AND status != 'pending'")
    rebase(conn)


def _stale_patches(conn: sqlite3.Connection) -> dict[str, bool]:
    """action id → whether a row it patched has changed underneath (newer or deleted)."""
    found: dict[str, bool] = {}
    patches = conn.execute("SELECT action_id, tbl, row_id, version FROM effect_patches")
    for action_id, table, row_id, version in patches.fetchall():
        row = conn.execute(f"SELECT version FROM {table} WHERE id = ?", (row_id,)).fetchone()
        found[action_id] = found.get(action_id, False) or row is None or row[0] != version
    return found


def _arrived(
    conn: sqlite3.Connection, action_id: str, entity_id: int | None, entity_version: int | None
) -> bool:
    """Whether the central's row that an acknowledged action created is in the mirror."""
    # A ticket created offline comes back carrying the action id as its client_ref.
    if conn.execute(
        "SELECT 1 FROM tickets WHERE client_ref = ? AND id > 0 LIMIT 1", (action_id,)
    ).fetchone():
        return True
    if conn.execute(
        "SELECT 1 FROM tickets WHERE client_ref = ? AND id < 0 LIMIT 1", (action_id,)
    ).fetchone():
        return False  # only its ticket arriving retires it, not its first note arriving
    if entity_id is None:
        return False
    for table in LOCAL_ROW_TABLES:
        has_local_row = conn.execute(
            f"SELECT 1 FROM {table.value} WHERE id < 0 AND client_ref = ? LIMIT 1", (action_id,)
        ).fetchone()
        if (
            has_local_row
            and conn.execute(
                f"SELECT 1 FROM {table.value} WHERE id = ? AND version >= ?",
                (entity_id, entity_version or 0),
            ).fetchone()
        ):
            return True
    return False


def refresh(
    conn: sqlite3.Connection, *, caught_up: bool = False, settle: Collection[str] = ()
) -> None:
    """After central rows or answers changed: retire what is done, rebase if needed.

    Runs inside the caller's transaction (the pulled page, or the recorded answers).
    """
    stale = _stale_patches(conn)
    done = set(settle)
    placeholders = ", ".join("?" for _ in ACKNOWLEDGED)
    acknowledged = conn.execute(
        f"SELECT id, result_entity_id, result_entity_version FROM outbox"
        f" WHERE {LIVE} AND status IN ({placeholders})",
        ACKNOWLEDGED,
    ).fetchall()
    for action_id, entity_id, entity_version in acknowledged:
        if (
            caught_up
            or stale.get(action_id)
            or _arrived(conn, action_id, entity_id, entity_version)
        ):
            done.add(action_id)
    if done or any(stale.values()):
        rebase(conn, done)
