"""What the ticket queries return: a queue line, a conversation entry, a ticket's bundle.

Like :mod:`prakerja_console.store.records`: each record names its columns once
(``select_list``), rows are built positionally, nothing is formatted, and
``pending`` means the row is, or carries, a local action the central has not
confirmed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from prakerja_console.store.records import ApplicantSummary, OutboxAction, VerificationCase


class QueueView(StrEnum):
    """The queue's tabs."""

    MINE = "mine"  # active tickets assigned to the user
    UNASSIGNED = "unassigned"  # active tickets nobody has taken
    BREACHING = "breaching"  # a running clock past due or due within the horizon
    ESCALATED = "escalated"
    CATEGORY = "category"  # active tickets of the chosen categories
    STATUS = "status"  # tickets of the chosen statuses, finished ones included
    ALL = "all"


class QueueSort(StrEnum):
    SLA = "sla"  # breaching first: earliest due first, tickets with no running clock last
    NEWEST = "newest"
    PRIORITY = "priority"  # most urgent first, then by SLA


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """A queue view with the filter an agent typed, already read into values.

    ``username`` is whose "mine" it is; ``breach_before`` (epoch seconds) is where
    "about to breach" ends. Value filters are OR within a field and AND across
    fields; ``words`` match the applicant's name by word starts; ``applicant_keys``
    are NIKs, phones (E.164) or e-mails that must be the applicant's.
    """

    view: QueueView = QueueView.ALL
    username: str | None = None
    breach_before: int | None = None
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    ticket_ids: tuple[int, ...] = ()
    niks: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    words: str = ""


QueueKey = tuple[int, ...]
"""Keyset position in a queue: the sort key values of the last row, then its id."""


@dataclass(frozen=True, slots=True)
class TicketLine:
    """One ticket as the queue and the detail header show it."""

    id: int
    client_ref: str | None
    applicant_id: int | None
    category: str
    channel: str
    priority: str
    status: str
    subject: str
    assignee: str | None
    created_by: str
    created_at: int
    updated_at: int
    first_response_due: int | None
    resolution_due: int | None
    first_responded_at: int | None
    resolved_at: int | None
    merged_into: int | None
    verification_case_id: int | None
    province_code: str | None
    version: int
    sla_key: int
    pending: bool
    applicant_name: str | None = None  # filled from applicants after the page is read


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One entry of a ticket's conversation or history (``pending``: queued here)."""

    id: int
    ticket_id: int
    kind: str
    author: str
    body: str | None
    data: str | None
    at: int
    pending: bool


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """How many tickets each tab holds (whatever the typed filter)."""

    mine: int
    unassigned: int
    breaching: int
    escalated: int
    all: int
    by_category: dict[str, int]  # active tickets
    by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class TicketBundle:
    """Everything the ticket detail shows, read in one consistent snapshot."""

    ticket: TicketLine
    events: tuple[TicketEvent, ...]  # oldest first; the newest EVENT_CAP when longer
    earlier_events: int  # how many older events are not included
    applicant: ApplicantSummary | None
    case: VerificationCase | None
    actions: tuple[OutboxAction, ...]  # queued, in conflict or refused: need a person's eye
