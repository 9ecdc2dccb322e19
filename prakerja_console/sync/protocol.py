"""The wire protocol between the console and the central API, version 1.

This module is the one contract both sides import (the reference central and the
console's sync engine); nothing else of either side may cross. It holds:

* the **record shapes** of every replicated table (``*Data`` SQLModel bases, not
  tables: the central and the mirror each subclass them with ``table=True`` on
  their own registry and add their private columns);
* the **columnar page** used by both the snapshot and the change feed
  (``columns`` + ``rows`` of JSON arrays, so a client can bulk-insert tuples);
* requests and responses for auth, changes, snapshot, mutations, checksum, health;
* the **error body** every non-2xx answer carries.

Conventions: timestamps are integer seconds since the Unix epoch (UTC); calendar
dates (birth dates) are ISO ``YYYY-MM-DD`` strings; enum-like fields (stage,
status, reason codes) travel as plain strings so an older console meets a newer
code as "unknown", never as a crash. See ``docs/protocol.md`` for the semantics of
cursors and idempotency.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from prakerja_console.domain.action_text import NOTE_MAX_LENGTH, REVEAL_REASON_MAX_LENGTH

PROTOCOL_VERSION = 1
API_PREFIX = "/v1"


# ---------------------------------------------------------------------------
# Replicated records. ``id`` is the central's id; ``version`` increases by one
# on every change the central makes, and is what "newer" means everywhere.
# ---------------------------------------------------------------------------


class ApplicantData(SQLModel):
    """A registration and where it stands in the funnel (``domain.funnel``)."""

    id: int = Field(primary_key=True)
    name: str
    nik: str | None = None  # as entered; may be shared with another account (NIK already used)
    kk_number: str | None = None
    birth_date: str | None = None  # ISO date as the applicant entered it
    sex: str | None = None  # "F" | "M"
    email: str
    phone: str | None = None  # E.164
    province_code: str | None = None
    regency_code: str | None = None
    occupation: str | None = None
    priority_group: str | None = None  # laid_off | furloughed | micro_business
    stage: str  # domain.funnel.Stage value
    side_state: str | None = None  # domain.funnel.SideState value
    reason_code: str  # domain.funnel.Reason value
    registered_at: int
    email_verified_at: int | None = None
    nik_verified_at: int | None = None
    joined_at: int | None = None
    accepted_at: int | None = None
    training_at: int | None = None
    completed_at: int | None = None
    incentive_paid_at: int | None = None
    state_changed_at: int
    wave_id: int | None = None  # the wave last joined
    version: int = 1


class RegistryCheckData(SQLModel):
    """The latest answer of one registry about one applicant."""

    id: int = Field(primary_key=True)
    applicant_id: int
    registry: str  # dukcapil | dapodik | dtks
    result: str  # pending | match | mismatch | not_found | already_used | kk_mismatch
    #              | student | not_student | recipient | not_recipient | error
    detail: str | None = None  # compact JSON, e.g. {"birth_date": "1990-01-11"}
    requested_at: int | None = None
    checked_at: int | None = None
    version: int = 1


class WaveData(SQLModel):
    """A gelombang: schedule, quota and the policy knobs that changed between years."""

    id: int = Field(primary_key=True)
    number: int
    name: str
    opens_at: int
    closes_at: int
    announce_at: int
    quota: int
    status: str  # scheduled | open | closed | announced
    dtks_policy: str  # deprioritise | exclude
    min_age: int = 18
    revocation_days: int = 30
    version: int = 1


class WaveEntryData(SQLModel):
    """An applicant's "join batch" into one wave and its outcome."""

    id: int = Field(primary_key=True)
    applicant_id: int
    wave_id: int
    joined_at: int
    outcome: str  # pending | accepted | not_accepted | rejected
    reason_code: str
    decided_at: int | None = None
    priority_group: str | None = None
    version: int = 1


class TicketData(SQLModel):
    """A call-centre case. ``client_ref`` is the id a console gave it offline."""

    id: int = Field(primary_key=True)
    client_ref: str | None = None
    applicant_id: int | None = None
    category: str
    channel: str
    priority: str
    status: str
    subject: str
    assignee: str | None = None
    created_by: str
    created_at: int
    updated_at: int
    first_response_due: int | None = None
    resolution_due: int | None = None
    first_responded_at: int | None = None
    resolved_at: int | None = None
    merged_into: int | None = None
    verification_case_id: int | None = None
    province_code: str | None = None
    version: int = 1


class TicketEventData(SQLModel):
    """One append-only entry of a ticket's conversation or history."""

    id: int = Field(primary_key=True)
    ticket_id: int
    kind: str  # reply | note | status | assign | priority | category | escalate | merge | link
    author: str
    body: str | None = None
    data: str | None = (
        None  # compact JSON for structured changes, e.g. {"from": "new", "to": "open"}
    )
    at: int
    version: int = 1


class VerificationCaseData(SQLModel):
    """A case a regional officer triages (NIK mismatch, photo, duplicate NIK …)."""

    id: int = Field(primary_key=True)
    applicant_id: int
    kind: str
    status: str  # open | in_review | approved | rejected
    assignee: str | None = None
    province_code: str | None = None
    opened_at: int
    decided_at: int | None = None
    decision: str | None = None
    reason_code: str | None = None
    version: int = 1


class NoteData(SQLModel):
    """A free-text note an agent or officer left on an applicant."""

    id: int = Field(primary_key=True)
    applicant_id: int
    author: str
    body: str
    at: int
    version: int = 1


class AuditData(SQLModel):
    """Who did what to which record, and why (e.g. revealing a NIK)."""

    id: int = Field(primary_key=True)
    actor: str
    action: str
    entity: str
    entity_id: int
    field: str | None = None
    reason: str | None = None
    at: int
    version: int = 1


class UserData(SQLModel):
    """A console user as others see them (for assignment and audit); never a secret."""

    id: int = Field(primary_key=True)
    username: str
    display_name: str
    role: str  # domain.roles.Role value
    province_code: str | None = None  # scope; None = nationwide
    version: int = 1


class Table(StrEnum):
    """Replicated tables, in the order a snapshot fills them."""

    USERS = "users"
    WAVES = "waves"
    APPLICANTS = "applicants"
    REGISTRY_CHECKS = "registry_checks"
    WAVE_ENTRIES = "wave_entries"
    VERIFICATION_CASES = "verification_cases"
    TICKETS = "tickets"
    TICKET_EVENTS = "ticket_events"
    NOTES = "notes"
    AUDIT_LOG = "audit_log"


RECORD_TYPES: dict[Table, type[SQLModel]] = {
    Table.USERS: UserData,
    Table.WAVES: WaveData,
    Table.APPLICANTS: ApplicantData,
    Table.REGISTRY_CHECKS: RegistryCheckData,
    Table.WAVE_ENTRIES: WaveEntryData,
    Table.VERIFICATION_CASES: VerificationCaseData,
    Table.TICKETS: TicketData,
    Table.TICKET_EVENTS: TicketEventData,
    Table.NOTES: NoteData,
    Table.AUDIT_LOG: AuditData,
}


def columns_of(table: Table) -> tuple[str, ...]:
    """The wire column order of a table: its record fields, as declared."""
    return tuple(RECORD_TYPES[table].model_fields)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class ErrorCode(StrEnum):
    UNAUTHORIZED = "unauthorized"  # no/expired/invalid access token: refresh, then log in
    FORBIDDEN = "forbidden"  # role or scope does not allow it
    NOT_FOUND = "not_found"
    VALIDATION = "validation"  # the request body or query is malformed
    RESNAPSHOT_REQUIRED = "resnapshot_required"  # cursor too old, epoch/scope/schema changed
    SEQUENCE_GAP = "sequence_gap"  # mutation seq skipped ahead; resend from detail.expected_seq
    SEQUENCE_REUSED = "sequence_reused"  # seq already taken by another action (a mirror restored
    #                                     from a backup): renumber pending actions from detail.expected_seq
    RATE_LIMITED = "rate_limited"  # 429; honour Retry-After
    UNAVAILABLE = "unavailable"  # 503; honour Retry-After
    INTERNAL = "internal"


class ErrorDetail(BaseModel):
    code: ErrorCode
    message: str
    detail: dict[str, Any] = PydanticField(default_factory=dict)


class ErrorBody(BaseModel):
    """Every non-2xx response of the central has this body."""

    error: ErrorDetail


# ---------------------------------------------------------------------------
# Auth
# ---------------------------------------------------------------------------


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = PydanticField(min_length=1, max_length=100)
    password: str = PydanticField(min_length=1, max_length=200)
    device_id: str = PydanticField(min_length=8, max_length=64)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = PydanticField(min_length=16, max_length=200)


class Session(BaseModel):
    """Tokens plus who they belong to; scope comes from here, never from the client."""

    access_token: str
    refresh_token: str
    expires_in: int  # seconds until access_token expires
    username: str
    display_name: str
    role: str
    scope: str | None  # province code, or None for nationwide


# ---------------------------------------------------------------------------
# Pages of rows: snapshot and change feed share the columnar shape.
# ---------------------------------------------------------------------------


class TableRows(BaseModel):
    """Rows of one table as arrays in ``columns`` order (cheap to parse and insert)."""

    columns: list[str]
    rows: list[list[Any]]


class SnapshotStart(BaseModel):
    """Answer to ``POST /v1/snapshot``: where the change feed resumes afterwards."""

    cursor: str
    tables: dict[str, int]  # table -> rows in scope, for progress bars
    server_time: int


class SnapshotPage(BaseModel):
    """``GET /v1/snapshot/{table}?after=&limit=``: a keyset page of current rows."""

    table: str
    data: TableRows
    next_after: int | None  # pass as ``after`` for the next page; None when done


class ChangesPage(BaseModel):
    """``GET /v1/changes?since=&limit=``: current state of everything changed since a cursor.

    The feed is compacted: a record changed many times appears once, at its latest
    change, with its full current row. ``next_cursor`` is commit-safe: no change
    can later appear with a position at or before it.
    """

    since: str
    next_cursor: str
    has_more: bool
    upserts: dict[str, TableRows] = PydanticField(default_factory=dict)
    deletes: dict[str, list[int]] = PydanticField(default_factory=dict)
    server_time: int


# ---------------------------------------------------------------------------
# Mutations: domain operations pushed from a console's outbox.
# ---------------------------------------------------------------------------


class MutationType(StrEnum):
    RESEND_VERIFICATION_EMAIL = "applicant.resend_verification_email"
    REQUEST_REVERIFICATION = "applicant.request_reverification"
    ADD_NOTE = "applicant.add_note"
    REVEAL_PII = "audit.reveal_pii"
    TICKET_CREATE = "ticket.create"
    TICKET_REPLY = "ticket.reply"
    TICKET_NOTE = "ticket.note"
    TICKET_SET_STATUS = "ticket.set_status"
    TICKET_SET_PRIORITY = "ticket.set_priority"
    TICKET_SET_CATEGORY = "ticket.set_category"
    TICKET_ASSIGN = "ticket.assign"
    TICKET_ESCALATE = "ticket.escalate"
    TICKET_MERGE = "ticket.merge"
    TICKET_LINK_CASE = "ticket.link_case"
    TICKET_SET_APPLICANT = "ticket.set_applicant"


class Mutation(BaseModel):
    """One queued action. ``id`` is its idempotency key; ``seq`` its place in the device's log.

    ``entity_ref`` names a record the same device created offline (its
    ``client_ref``) before the central gave it an id.
    """

    model_config = ConfigDict(extra="forbid")
    id: str = PydanticField(min_length=8, max_length=64)
    seq: int = PydanticField(ge=1)
    type: str
    entity_id: int | None = None
    entity_ref: str | None = None
    base_version: int | None = None
    payload: dict[str, Any] = PydanticField(default_factory=dict)
    created_at: int


class MutationBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    device_id: str = PydanticField(min_length=8, max_length=64)
    mutations: list[Mutation] = PydanticField(max_length=500)


MutationStatus = Literal["applied", "duplicate", "conflict", "rejected"]


class MutationResult(BaseModel):
    id: str
    seq: int
    status: MutationStatus
    reason_code: str | None = None  # why rejected or in conflict
    message: str | None = None
    entity_id: int | None = None  # the record it touched or created
    entity_version: int | None = None
    current: dict[str, Any] | None = None  # the central's row, on conflict
    # On a duplicate: what the first processing answered (the rest is that stored result).
    original_status: MutationStatus | None = None


class MutationResponse(BaseModel):
    results: list[MutationResult]
    device_seq: int  # the last seq the central has processed for this device


# Payloads, validated on both sides.


class ApplicantRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    applicant_id: int


class ReverificationPayload(ApplicantRef):
    registry: Literal["dukcapil", "dapodik", "dtks"] = "dukcapil"


# A note's and a reveal reason's rule (blanks, length) is ``domain.action_text``'s,
# checked by the console before queuing and by the central with its own reason codes;
# the wire only caps them at the same maximum.


class NotePayload(ApplicantRef):
    body: str = PydanticField(min_length=1, max_length=NOTE_MAX_LENGTH)


class RevealPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: str
    record_id: int
    field: str
    reason: str = PydanticField(min_length=1, max_length=REVEAL_REASON_MAX_LENGTH)


# Ticket payloads. Texts are capped here only against absurd requests; the ticket
# rules (``domain.tickets.check_body``: at most 20,000 characters, not blank) answer
# with their own reason codes. ``seen_*`` is the value the agent saw when acting:
# a non-commutative change on a stale ``base_version`` conflicts only if that
# field changed meanwhile (a reply by a colleague does not make a status change stale).

TICKET_TEXT_CAP = 200_000


class TicketTarget(BaseModel):
    """Which ticket: its id, or the ``client_ref`` a console gave it offline.

    A ticket created offline is known to its console by the id of its
    ``ticket.create`` action until the central's row arrives; the central stores
    that id as the ticket's ``client_ref`` and resolves ``ticket_ref`` through it.
    """

    model_config = ConfigDict(extra="forbid")
    ticket_id: int | None = None
    ticket_ref: str | None = PydanticField(default=None, min_length=8, max_length=64)

    @model_validator(mode="after")
    def _exactly_one_target(self) -> Self:
        if (self.ticket_id is None) == (self.ticket_ref is None):
            raise ValueError("name the ticket by exactly one of ticket_id and ticket_ref")
        return self


class TicketCreatePayload(BaseModel):
    """A new ticket; ``applicant_id`` None when the caller is not identified yet."""

    model_config = ConfigDict(extra="forbid")
    applicant_id: int | None = None
    category: str = PydanticField(min_length=1, max_length=64)
    channel: str = PydanticField(min_length=1, max_length=64)
    priority: str = PydanticField(min_length=1, max_length=64)
    subject: str = PydanticField(min_length=1, max_length=200)
    description: str | None = PydanticField(default=None, max_length=TICKET_TEXT_CAP)
    assignee: str | None = PydanticField(default=None, max_length=100)


class TicketTextPayload(TicketTarget):
    """A public reply or an internal note (``ticket.reply``, ``ticket.note``)."""

    body: str = PydanticField(max_length=TICKET_TEXT_CAP)


class TicketStatusPayload(TicketTarget):
    status: str = PydanticField(min_length=1, max_length=64)
    seen_status: str = PydanticField(max_length=64)


class TicketPriorityPayload(TicketTarget):
    priority: str = PydanticField(min_length=1, max_length=64)
    seen_priority: str = PydanticField(max_length=64)


class TicketCategoryPayload(TicketTarget):
    category: str = PydanticField(min_length=1, max_length=64)
    seen_category: str = PydanticField(max_length=64)


class TicketAssignPayload(TicketTarget):
    """``assignee`` None gives the ticket up; both fields must be present."""

    assignee: str | None = PydanticField(max_length=100)
    seen_assignee: str | None = PydanticField(max_length=100)


class TicketEscalatePayload(TicketTarget):
    reason: str = PydanticField(max_length=TICKET_TEXT_CAP)
    seen_status: str = PydanticField(max_length=64)


class TicketMergePayload(TicketTarget):
    """Merge this ticket (the duplicate) into ``into_id`` or ``into_ref``."""

    into_id: int | None = None
    into_ref: str | None = PydanticField(default=None, min_length=8, max_length=64)
    seen_status: str = PydanticField(max_length=64)

    @model_validator(mode="after")
    def _exactly_one_survivor(self) -> Self:
        if (self.into_id is None) == (self.into_ref is None):
            raise ValueError("name the surviving ticket by exactly one of into_id and into_ref")
        return self


class TicketLinkCasePayload(TicketTarget):
    case_id: int
    seen_case_id: int | None


class TicketSetApplicantPayload(TicketTarget):
    """The caller of a ticket opened blank has been identified."""

    applicant_id: int
    seen_applicant_id: int | None


# ---------------------------------------------------------------------------
# Health and convergence
# ---------------------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    protocol_version: int
    epoch: str  # changes when the central's data is re-seeded; cursors of another epoch are void
    server_time: int


class TableChecksum(BaseModel):
    count: int
    digest: int  # order-independent: the sum of checksum_term(id, version) over the rows


class Checksum(BaseModel):
    scope: str | None
    tables: dict[str, TableChecksum]


CHECKSUM_PRIME = 2_147_483_647  # 2**31 - 1: every intermediate fits a signed 64-bit integer


def checksum_term(record_id: int, version: int) -> int:
    """One row's share of a table digest.

    Both sides compute it in SQL (:data:`CHECKSUM_TERM_SQL`); it mixes id and
    version non-linearly so that compensating differences do not cancel out.
    """
    mixed = ((record_id % CHECKSUM_PRIME) * 48_271 + version * 16_807 + 12_345) % CHECKSUM_PRIME
    return (mixed * (mixed + 7_919)) % CHECKSUM_PRIME


CHECKSUM_TERM_SQL = (
    "((((CAST(id AS BIGINT) % 2147483647) * 48271 + CAST(version AS BIGINT) * 16807 + 12345)"
    " % 2147483647) * ((((CAST(id AS BIGINT) % 2147483647) * 48271"
    " + CAST(version AS BIGINT) * 16807 + 12345) % 2147483647) + 7919)) % 2147483647"
)
