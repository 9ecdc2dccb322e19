"""What the store's queries return: small frozen records and their row converters.

Rows come out of SQLite as tuples; each record here names its columns once
(:func:`select_list`) and is built from a row positionally (:func:`from_rows`),
so a query and its record cannot drift apart. Nothing here formats or masks:
that is the UI's job (DESIGN §3: a query never formats for display).

``pending`` on a row means "this is (or carries) a local action the central has
not confirmed yet": a local row with a negative id, or a central row with a
queued change applied on top.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson

T = TypeVar("T")
K = TypeVar("K")


def select_list(record: type[Any], alias: str = "", **expressions: str) -> str:
    """The SELECT list for ``record``'s fields, in order; ``expressions`` override columns."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        expressions.get(field.name, prefix + field.name) for field in dataclasses.fields(record)
    )


def _flag_positions(record: type[Any]) -> tuple[int, ...]:
    """Fields declared ``bool``: SQLite answers 0/1, the record promises a bool."""
    return tuple(
        index
        for index, field in enumerate(dataclasses.fields(record))
        if field.type in ("bool", bool)
    )


def from_rows(record: type[T], rows: Iterable[tuple[Any, ...]]) -> tuple[T, ...]:
    """Build records from rows selected with :func:`select_list`."""
    flags = _flag_positions(record)
    if not flags:
        return tuple(record(*row) for row in rows)
    built = []
    for row in rows:
        values = list(row)
        for index in flags:
            values[index] = bool(values[index])
        built.append(record(*values))
    return tuple(built)


def pending_sql(table: str, alias: str) -> str:
    """SQL for a row's ``pending`` flag: local, or patched by a queued action."""
    return (
        f"({alias}.id < 0 OR EXISTS (SELECT 1 FROM effect_patches p"
        f" WHERE p.tbl = '{table}' AND p.row_id = {alias}.id))"
    )


@dataclass(frozen=True, slots=True)
class Page(Generic[T, K]):
    """One page of a keyset-paged result; pass ``next_after`` back for the next page."""

    items: tuple[T, ...]
    next_after: K | None


@dataclass(frozen=True, slots=True, order=True)
class NameKey:
    """Keyset position in a name search: the match tier, then the applicant id."""

    tier: int
    id: int


@dataclass(frozen=True, slots=True)
class ApplicantSummary:
    """One line of a lookup result."""

    id: int
    name: str
    nik: str | None
    kk_number: str | None
    email: str
    phone: str | None
    province_code: str | None
    stage: str
    side_state: str | None
    reason_code: str
    wave_id: int | None
    state_changed_at: int


@dataclass(frozen=True, slots=True)
class Applicant:
    """An applicant's full record, as the central last sent it."""

    id: int
    name: str
    nik: str | None
    kk_number: str | None
    birth_date: str | None
    sex: str | None
    email: str
    phone: str | None
    province_code: str | None
    regency_code: str | None
    occupation: str | None
    priority_group: str | None
    stage: str
    side_state: str | None
    reason_code: str
    registered_at: int
    email_verified_at: int | None
    nik_verified_at: int | None
    joined_at: int | None
    accepted_at: int | None
    training_at: int | None
    completed_at: int | None
    incentive_paid_at: int | None
    state_changed_at: int
    wave_id: int | None
    version: int


@dataclass(frozen=True, slots=True)
class RegistryCheck:
    id: int
    registry: str
    result: str
    detail: str | None
    requested_at: int | None
    checked_at: int | None
    version: int
    pending: bool


@dataclass(frozen=True, slots=True)
class WaveEntry:
    id: int
    wave_id: int
    wave_number: int | None
    wave_name: str | None
    joined_at: int
    outcome: str
    reason_code: str
    decided_at: int | None
    priority_group: str | None


@dataclass(frozen=True, slots=True)
class TicketSummary:
    id: int
    client_ref: str | None
    category: str
    channel: str
    priority: str
    status: str
    subject: str
    assignee: str | None
    created_at: int
    updated_at: int
    resolution_due: int | None
    resolved_at: int | None
    pending: bool


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    author: str
    body: str
    at: int
    pending: bool


@dataclass(frozen=True, slots=True)
class VerificationCase:
    id: int
    kind: str
    status: str
    assignee: str | None
    opened_at: int
    decided_at: int | None
    decision: str | None
    reason_code: str | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    entity: str
    entity_id: int
    field: str | None
    reason: str | None
    at: int
    pending: bool


@dataclass(frozen=True, slots=True)
class OutboxAction:
    """A queued action and what the central answered (``status``)."""

    id: str
    seq: int
    type: str
    entity_id: int | None
    entity_ref: str | None
    base_version: int | None
    payload: Mapping[str, Any]
    created_at: int
    actor: str
    applicant_id: int | None
    status: str
    reason_code: str | None
    message: str | None
    current: Mapping[str, Any] | None  # the central's row, on conflict
    resolution: str | None
    resolved_by: str | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> OutboxAction:
        values = list(row)
        names = [field.name for field in dataclasses.fields(cls)]
        for name in ("payload", "current"):
            at = names.index(name)
            values[at] = None if values[at] is None else orjson.loads(values[at])
        return cls(*values)


@dataclass(frozen=True, slots=True)
class ApplicantBundle:
    """Everything the detail screen shows about one applicant, read in one snapshot."""

    applicant: Applicant
    registry_checks: tuple[RegistryCheck, ...]
    wave_entries: tuple[WaveEntry, ...]
    tickets: tuple[TicketSummary, ...]
    notes: tuple[Note, ...]
    verification_cases: tuple[VerificationCase, ...]
    audit: tuple[AuditEntry, ...]
    actions: tuple[OutboxAction, ...]  # queued, in conflict or rejected: need a person's eye


@dataclass(frozen=True, slots=True)
class HeaderFacts:
    """What the header shows: online state comes from the engine, the rest from here."""

    queued: int
    conflicts: int
    last_pull_at: int | None
    last_push_at: int | None
    cursor: str | None
    scope: str | None
    username: str | None
    role: str | None
    snapshot_in_progress: bool


@dataclass(frozen=True, slots=True)
class DeviceState:
    """The device's sync bookkeeping (the ``sync_state`` row)."""

    device_id: str
    last_seq: int
    cursor: str | None
    scope: str | None
    username: str | None
    role: str | None
    last_pull_at: int | None
    last_push_at: int | None
    snapshot_cursor: str | None
    snapshot_scope: str | None
    snapshot_started_at: int | None
    generation: int
    server: str | None  # the central this mirror syncs with (set at the first login)


@dataclass(frozen=True, slots=True)
class TableStats:
    """What one page did to one table."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0  # replayed, duplicated or older rows: skipped
    deleted: int = 0
