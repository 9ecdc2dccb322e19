"""The mirror's tables, declared once as SQLModel classes on the mirror's own registry.

The replicated tables subclass the wire records of :mod:`prakerja_console.sync.protocol`
so a field added to the contract reaches the mirror without a second declaration.
They live on :data:`MIRROR_REGISTRY`, never on ``SQLModel.metadata``: the reference
central declares tables with the same names and both run in one test process.

These classes *define* the schema (:mod:`prakerja_console.store.schema` turns them
into DDL); the hot paths read and write them with the stdlib ``sqlite3`` module and
tuples, because SQLModel's ``add_all`` costs ~35× a raw ``executemany`` (DESIGN §5).

Local columns added to replicated tables: ``client_ref`` names the outbox action
that created a *local* row (negative id) so it can be found, undone and replaced
when the central's row arrives. ``tickets`` already carries ``client_ref`` on the
wire (the central echoes it), which is how an offline-created ticket is matched.
"""

from __future__ import annotations

import warnings

from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from prakerja_console.sync.protocol import (
    ApplicantData,
    AuditData,
    NoteData,
    RegistryCheckData,
    Table,
    TicketData,
    TicketEventData,
    UserData,
    VerificationCaseData,
    WaveData,
    WaveEntryData,
)

MIRROR_REGISTRY = registry()


class MirrorTable(SQLModel, registry=MIRROR_REGISTRY):
    """Abstract base: every subclass with ``table=True`` lands on the mirror's metadata."""


# -- replicated tables --------------------------------------------------------------


class User(UserData, MirrorTable, table=True):
    __tablename__ = Table.USERS.value


class Wave(WaveData, MirrorTable, table=True):
    __tablename__ = Table.WAVES.value


class Applicant(ApplicantData, MirrorTable, table=True):
    __tablename__ = Table.APPLICANTS.value


# The wire field ``registry`` (dukcapil, dapodik, dtks) shadows the name SQLAlchemy's
# declarative base reserves for its registry. Ours is passed explicitly and the mirror
# never uses ORM attributes, so the warning says nothing here.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Attribute name 'registry'", category=SAWarning)

    class RegistryCheck(RegistryCheckData, MirrorTable, table=True):
        __tablename__ = Table.REGISTRY_CHECKS.value
        client_ref: str | None = None


class WaveEntry(WaveEntryData, MirrorTable, table=True):
    __tablename__ = Table.WAVE_ENTRIES.value


class VerificationCase(VerificationCaseData, MirrorTable, table=True):
    __tablename__ = Table.VERIFICATION_CASES.value


class Ticket(TicketData, MirrorTable, table=True):
    __tablename__ = Table.TICKETS.value


class TicketEvent(TicketEventData, MirrorTable, table=True):
    __tablename__ = Table.TICKET_EVENTS.value
    client_ref: str | None = None


class Note(NoteData, MirrorTable, table=True):
    __tablename__ = Table.NOTES.value
    client_ref: str | None = None


class AuditEntry(AuditData, MirrorTable, table=True):
    __tablename__ = Table.AUDIT_LOG.value
    client_ref: str | None = None


REPLICATED: dict[Table, type[MirrorTable]] = {
    Table.USERS: User,
    Table.WAVES: Wave,
    Table.APPLICANTS: Applicant,
    Table.REGISTRY_CHECKS: RegistryCheck,
    Table.WAVE_ENTRIES: WaveEntry,
    Table.VERIFICATION_CASES: VerificationCase,
    Table.TICKETS: Ticket,
    Table.TICKET_EVENTS: TicketEvent,
    Table.NOTES: Note,
    Table.AUDIT_LOG: AuditEntry,
}

# Tables a local effect may add rows to (negative ids, ``client_ref`` = action id).
LOCAL_ROW_TABLES: tuple[Table, ...] = (
    Table.REGISTRY_CHECKS,
    Table.TICKETS,
    Table.TICKET_EVENTS,
    Table.NOTES,
    Table.AUDIT_LOG,
)


# -- local tables: never replicated, never dropped by a re-snapshot -------------------


class SyncState(MirrorTable, table=True):
    """The single row (``id = 1``) that says who this device is and where sync stands.

    ``last_seq`` is the device's mutation sequence: the central remembers it for
    good, so it survives re-snapshots and every schema upgrade. ``generation``
    numbers the live replicated tables' index names (a re-snapshot builds the next
    generation beside the live one; SQLite cannot rename an index). ``server`` is
    the central this mirror syncs with: the device's sequence numbers mean
    something to that central only, so a mirror never changes servers.
    """

    __tablename__ = "sync_state"
    id: int = Field(primary_key=True)
    device_id: str
    last_seq: int = 0
    cursor: str | None = None
    scope: str | None = None
    username: str | None = None
    role: str | None = None
    last_pull_at: int | None = None
    last_push_at: int | None = None
    snapshot_cursor: str | None = None
    snapshot_scope: str | None = None
    snapshot_started_at: int | None = None
    generation: int = 0
    replicated_fingerprint: str
    server: str | None = None


class SnapshotProgress(MirrorTable, table=True):
    """Per table of a snapshot being loaded: rows so far and where the next page starts."""

    __tablename__ = "snapshot_progress"
    tbl: str = Field(primary_key=True)
    total: int
    done: int = 0
    next_after: int | None = None
    complete: int = 0


class Outbox(MirrorTable, table=True):
    """Every local action, written in the same transaction as its optimistic effect.

    ``id`` is the client-generated idempotency key, ``seq`` the device sequence
    number. ``status`` goes ``pending`` → ``applied | duplicate | conflict |
    rejected``; ``settled`` says its local effect has been retired (the central's
    rows carry it, or it will never happen). A resolved conflict keeps its row and
    points at the action that resolved it (``resolved_by``).
    """

    __tablename__ = "outbox"
    id: str = Field(primary_key=True)
    seq: int
    type: str
    entity_id: int | None = None
    entity_ref: str | None = None
    base_version: int | None = None
    payload: str
    created_at: int
    actor: str
    applicant_id: int | None = None
    status: str
    reason_code: str | None = None
    message: str | None = None
    result_entity_id: int | None = None
    result_entity_version: int | None = None
    current: str | None = None
    acked_at: int | None = None
    settled: int = 0
    resolution: str | None = None
    resolved_at: int | None = None
    resolved_by: str | None = None


class EffectPatch(MirrorTable, table=True):
    """The pre-image of one in-place change a pending action made to a central row.

    ``version`` is the row's version when patched: if the central has since sent a
    newer one, the pre-image is void (the row already holds the central's truth).
    """

    __tablename__ = "effect_patches"
    id: int = Field(primary_key=True)
    action_id: str
    seq: int
    tbl: str
    row_id: int
    version: int
    old: str


class Tombstone(MirrorTable, table=True):
    """A row the central deleted, with its last version, so a replayed page cannot revive it."""

    __tablename__ = "tombstones"
    tbl: str = Field(primary_key=True)
    id: int = Field(primary_key=True)
    version: int


LOCAL: tuple[type[MirrorTable], ...] = (
    SyncState,
    SnapshotProgress,
    Outbox,
    EffectPatch,
    Tombstone,
)
