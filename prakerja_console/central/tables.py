"""The central's own tables, on its own SQLAlchemy registry.

Each replicated record of ``sync/protocol.py`` is subclassed with ``table=True``
plus a private ``scope`` column: the province code of the record's applicant,
``'*'`` for reference data every user sees (users, waves) and ``''`` for records
with no province, which only nationwide users see. The ``(scope, id)`` index lets
a province-scoped snapshot walk its rows by keyset without touching the others.

The registry is the central's alone (never ``SQLModel.metadata``): the console's
mirror defines tables of the same names, and tests run both in one process.
"""

from __future__ import annotations

import warnings

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, text
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

central_registry = registry()

REFERENCE_SCOPE = "*"  # rows every user sees, whatever their province
NO_PROVINCE_SCOPE = ""  # rows no province owns: nationwide users only


class CentralModel(SQLModel, registry=central_registry):
    """Base of every central table: puts them on :data:`central_registry`."""


def _scope_index(table: Table) -> tuple[Index]:
    return (Index(f"ix_{table.value}_scope_id", "scope", "id"),)


class UserRow(UserData, CentralModel, table=True):
    __tablename__ = Table.USERS.value
    __table_args__ = _scope_index(Table.USERS)
    scope: str = Field(default=REFERENCE_SCOPE)


class WaveRow(WaveData, CentralModel, table=True):
    __tablename__ = Table.WAVES.value
    __table_args__ = _scope_index(Table.WAVES)
    scope: str = Field(default=REFERENCE_SCOPE)


class ApplicantRow(ApplicantData, CentralModel, table=True):
    __tablename__ = Table.APPLICANTS.value
    __table_args__ = _scope_index(Table.APPLICANTS)
    scope: str = Field(default=NO_PROVINCE_SCOPE)


# The wire field ``registry`` (dukcapil, dapodik, dtks) shadows the attribute name
# SQLAlchemy's declarative base reserves for its own registry; ours is passed
# explicitly (``central_registry``) and the central never uses ORM attributes,
# so the warning says nothing here.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Attribute name 'registry'", category=SAWarning)

    class RegistryCheckRow(RegistryCheckData, CentralModel, table=True):
        __tablename__ = Table.REGISTRY_CHECKS.value
        __table_args__ = (
            *_scope_index(Table.REGISTRY_CHECKS),
            Index("ix_registry_checks_applicant", "applicant_id", "registry"),
            # The registries' work queue: small, because answered checks leave it.
            Index(
                "ix_registry_checks_pending",
                "requested_at",
                sqlite_where=text("result = 'pending'"),
                postgresql_where=text("result = 'pending'"),
            ),
        )
        scope: str = Field(default=NO_PROVINCE_SCOPE)


class WaveEntryRow(WaveEntryData, CentralModel, table=True):
    __tablename__ = Table.WAVE_ENTRIES.value
    __table_args__ = (
        *_scope_index(Table.WAVE_ENTRIES),
        Index("ix_wave_entries_applicant", "applicant_id"),
    )
    scope: str = Field(default=NO_PROVINCE_SCOPE)


class VerificationCaseRow(VerificationCaseData, CentralModel, table=True):
    __tablename__ = Table.VERIFICATION_CASES.value
    __table_args__ = _scope_index(Table.VERIFICATION_CASES)
    scope: str = Field(default=NO_PROVINCE_SCOPE)


class TicketRow(TicketData, CentralModel, table=True):
    __tablename__ = Table.TICKETS.value
    __table_args__ = (
        *_scope_index(Table.TICKETS),
        # Later actions on a ticket created offline name it by its client_ref.
        Index("ix_tickets_client_ref", "client_ref"),
    )
    scope: str = Field(default=NO_PROVINCE_SCOPE)


class TicketEventRow(TicketEventData, CentralModel, table=True):
    __tablename__ = Table.TICKET_EVENTS.value
    __table_args__ = (
        *_scope_index(Table.TICKET_EVENTS),
        # A ticket's status history, replayed for its SLA clock on every pause and resume.
        Index("ix_ticket_events_ticket", "ticket_id", "id"),
    )
    scope: str = Field(default=NO_PROVINCE_SCOPE)


class NoteRow(NoteData, CentralModel, table=True):
    __tablename__ = Table.NOTES.value
    __table_args__ = _scope_index(Table.NOTES)
    scope: str = Field(default=NO_PROVINCE_SCOPE)


class AuditRow(AuditData, CentralModel, table=True):
    __tablename__ = Table.AUDIT_LOG.value
    __table_args__ = _scope_index(Table.AUDIT_LOG)
    scope: str = Field(default=NO_PROVINCE_SCOPE)


REPLICATED: dict[Table, type[CentralModel]] = {
    Table.USERS: UserRow,
    Table.WAVES: WaveRow,
    Table.APPLICANTS: ApplicantRow,
    Table.REGISTRY_CHECKS: RegistryCheckRow,
    Table.WAVE_ENTRIES: WaveEntryRow,
    Table.VERIFICATION_CASES: VerificationCaseRow,
    Table.TICKETS: TicketRow,
    Table.TICKET_EVENTS: TicketEventRow,
    Table.NOTES: NoteRow,
    Table.AUDIT_LOG: AuditRow,
}

# Tables whose rows are all reference data: a scoped reader filters them on '*'.
REFERENCE_TABLES = frozenset({Table.USERS, Table.WAVES})


# ---------------------------------------------------------------------------
# Private tables: never replicated.
# ---------------------------------------------------------------------------


class ChangeRow(CentralModel, table=True):
    """The compacted change log: one row per changed record, at its latest position.

    ``position`` comes from the ``positions`` counter, taken in the same transaction
    as the change (see ``docs/protocol.md``, "commit-safe cursor").
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_position", "position", unique=True),
        Index("ix_change_log_scope_position", "scope", "position"),
    )
    table_name: str = Field(primary_key=True)
    record_id: int = Field(primary_key=True)
    scope: str
    position: int = Field(sa_column=Column(BigInteger, nullable=False))


class CounterRow(CentralModel, table=True):
    """Named counters (change positions, ids per table); their row lock orders writers."""

    __tablename__ = "counters"
    name: str = Field(primary_key=True)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))


class CredentialRow(CentralModel, table=True):
    """A user's password as an scrypt hash with its salt and cost parameters."""

    __tablename__ = "credentials"
    username: str = Field(primary_key=True)
    salt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    password_hash: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    cost_n: int
    cost_r: int
    cost_p: int


class TokenRow(CentralModel, table=True):
    """An issued token, stored only as its SHA-256 hash.

    ``family`` ties a refresh token to the ones it was rotated from, so replaying a
    used refresh token can revoke the whole family.
    """

    __tablename__ = "tokens"
    __table_args__ = (
        Index("ix_tokens_family", "family"),
        Index("ix_tokens_expires_at", "expires_at"),
    )
    token_hash: str = Field(primary_key=True)
    kind: str  # access | refresh
    username: str
    device_id: str
    family: str
    expires_at: int = Field(sa_column=Column(BigInteger, nullable=False))
    used_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class TokenRotationRow(CentralModel, table=True):
    """What a spent refresh token was exchanged for, kept for the retry grace window.

    A console whose refresh answer was lost presents the spent token again; while
    the pair it was exchanged for is unused and the window is open, that is the
    same console retrying, not a copied token (see ``auth.refresh``).
    """

    __tablename__ = "token_rotations"
    __table_args__ = (Index("ix_token_rotations_rotated_at", "rotated_at"),)
    spent_hash: str = Field(primary_key=True)
    refresh_hash: str
    access_hash: str
    rotated_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class DeviceRow(CentralModel, table=True):
    """The last mutation seq processed per device, kept for good."""

    __tablename__ = "devices"
    device_id: str = Field(primary_key=True)
    last_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class IdempotencyRow(CentralModel, table=True):
    """A processed mutation's stored result, keyed by its id, kept for good."""

    __tablename__ = "idempotency"
    __table_args__ = (Index("ix_idempotency_device_seq", "device_id", "seq", unique=True),)
    mutation_id: str = Field(primary_key=True)
    device_id: str
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    result: str = Field(sa_column=Column(Text, nullable=False))  # MutationResult as JSON
    processed_at: int = Field(sa_column=Column(BigInteger, nullable=False))


class MetaRow(CentralModel, table=True):
    """Key/value facts about the data set: its epoch and schema version."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str
