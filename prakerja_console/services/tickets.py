"""The Tickets screen's reads: queue pages, tab counts, a ticket's detail, canned responses.

Every method may touch SQLite: call it from a worker thread. The store's ticket
queries (and SQLAlchemy behind the store's schema) are imported on first use,
off the UI thread, so the console's first paint never waits for them.

The "breaching" tab holds tickets whose running clock is past due or due within
:data:`BREACH_HORIZON` of now. Tickets waiting for the applicant after their
first answer are not in it: their resolution clock is paused and nothing the
agent does moves it (their state shows on their row in every other tab).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from prakerja_console.domain.roles import Permission, Role, allowed, in_scope
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import Actor, Status, next_statuses
from prakerja_console.services.canned import (
    DEFAULT_FILE,
    CannedTemplate,
    ReplyContext,
    load_canned,
    ordered_for,
    placeholder_values,
)
from prakerja_console.services.errors import MirrorUnavailableError, NotFoundError
from prakerja_console.services.lookup import ApplicantRow, MatchField, applicant_row
from prakerja_console.services.mirror import Mirror, unreadable
from prakerja_console.services.outbox import QueuedAction, queued_action
from prakerja_console.services.rows import known
from prakerja_console.services.session import Operator
from prakerja_console.services.ticket_filter import TicketFilter, read_filter
from prakerja_console.services.ticket_views import (
    Clocks,
    EventView,
    TicketKey,
    TicketSummary,
    clocks_of,
    event_of,
    summary_of,
)
from prakerja_console.store.ticket_records import QueueKey, QueueSort, QueueView

__all__ = ["QueueKey", "QueueSort", "QueueView"]

PAGE_SIZE = 100
BREACH_HORIZON = timedelta(hours=4)


@dataclass(frozen=True, slots=True)
class QueuePage:
    """One page of a tab, with what the typed filter was read as."""

    lines: tuple[TicketSummary, ...]
    next_after: QueueKey | None
    filter: TicketFilter


@dataclass(frozen=True, slots=True)
class TabCounts:
    mine: int
    unassigned: int
    breaching: int
    escalated: int
    all: int
    by_category: dict[str, int]
    by_status: dict[str, int]

    def of(self, view: QueueView) -> int:
        if view is QueueView.CATEGORY:
            return sum(self.by_category.values())
        if view is QueueView.STATUS:
            return self.all
        return int(getattr(self, view.value))


@dataclass(frozen=True, slots=True)
class CaseBrief:
    id: int
    kind: str
    status: str
    assignee: str | None


@dataclass(frozen=True, slots=True)
class TicketDetail:
    """Everything the detail screen shows, and what the operator may do now."""

    ticket: TicketSummary
    clocks: Clocks | None  # None when no clock runs any more (resolved, closed, merged)
    events: tuple[EventView, ...]
    earlier_events: int
    applicant: ApplicantRow | None
    case: CaseBrief | None
    actions: tuple[QueuedAction, ...]
    next_statuses: tuple[Status, ...]
    may_assign_others: bool

    @property
    def conflicts(self) -> tuple[QueuedAction, ...]:
        return tuple(action for action in self.actions if action.open_conflict)


def actor_of(operator: Operator) -> Actor:
    return Actor(operator.username, operator.role, operator.scope)


class TicketService:
    """Reads for the Tickets screen and the ticket detail."""

    def __init__(
        self,
        mirror: Mirror,
        operator: Callable[[], Operator | None],
        clock: Callable[[], datetime],
        canned_file: Path = DEFAULT_FILE,
    ) -> None:
        self._mirror = mirror
        self._operator = operator
        self._clock = clock
        self._canned_file = canned_file
        self._canned: tuple[CannedTemplate, ...] | None = None

    # -- the queue ---------------------------------------------------------------------

    def breach_before(self) -> int:
        return int((self._clock() + BREACH_HORIZON).timestamp())

    def queue(
        self,
        view: QueueView,
        text: str = "",
        sort: QueueSort = QueueSort.SLA,
        *,
        choice: str | None = None,
        after: QueueKey | None = None,
        limit: int = PAGE_SIZE,
        translate: Callable[[str], str] = lambda text: text,
    ) -> QueuePage:
        """A page of ``view`` filtered by ``text``; ``choice`` is the category or status
        the "by category" / "by status" tab shows."""
        from prakerja_console.store.ticket_queries import queue_page

        typed, query = self._query(view, text, choice, translate)
        now = self._clock()
        page = self._read(lambda conn: queue_page(conn, query, sort, after=after, limit=limit))
        lines = tuple(summary_of(line, now) for line in page.items)
        return QueuePage(lines, page.next_after, typed)

    def lines(
        self,
        view: QueueView,
        text: str = "",
        sort: QueueSort = QueueSort.SLA,
        *,
        choice: str | None = None,
        translate: Callable[[str], str] = lambda text: text,
    ) -> Iterator[TicketSummary]:
        """Every ticket of a tab, in order (an export): read in keyset batches."""
        from prakerja_console.store.ticket_queries import iter_queue

        _typed, query = self._query(view, text, choice, translate)
        now = self._clock()
        try:
            for line in iter_queue(self._mirror.reader(), query, sort):
                yield summary_of(line, now)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error

    def _query(
        self,
        view: QueueView,
        text: str,
        choice: str | None,
        translate: Callable[[str], str],
    ) -> tuple[TicketFilter, Any]:
        """What was typed, and the store's query for the tab narrowed by it."""
        from prakerja_console.store.ticket_records import QueueQuery

        typed = read_filter(text, translate)
        operator = self._operator()
        query = QueueQuery(
            view=view,
            username=operator.username if operator else None,
            breach_before=self.breach_before(),
            categories=_narrowed(typed.categories, choice if view is QueueView.CATEGORY else None),
            statuses=_narrowed(typed.statuses, choice if view is QueueView.STATUS else None),
            priorities=typed.priorities,
            assignees=self._usernames(typed.assignees) if typed.assignees else (),
            ticket_ids=typed.ticket_ids,
            niks=typed.niks,
            phones=typed.phones,
            emails=typed.emails,
            words=typed.words,
        )
        return typed, query

    def counts(self) -> TabCounts:
        from prakerja_console.store.ticket_queries import queue_counts

        operator = self._operator()
        username = operator.username if operator else None
        found = self._read(lambda conn: queue_counts(conn, username, self.breach_before()))
        return TabCounts(
            found.mine,
            found.unassigned,
            found.breaching,
            found.escalated,
            found.all,
            found.by_category,
            found.by_status,
        )

    def _usernames(self, typed: tuple[str, ...]) -> tuple[str, ...]:
        """Usernames containing what was typed (``petugas:siti``); the typed text if none."""
        from prakerja_console.store.ticket_queries import users_by_name

        found = [
            name
            for name, _role, _scope in self._read(users_by_name)
            if any(part.casefold() in name.casefold() for part in typed)
        ]
        return tuple(found) or typed

    # -- one ticket -----------------------------------------------------------------------

    def detail(self, key: TicketKey) -> TicketDetail:
        from prakerja_console.store.screen_queries import wave_number as wave_number_of
        from prakerja_console.store.ticket_queries import ticket_bundle

        bundle = self._read(lambda conn: ticket_bundle(conn, key.id, key.ref))
        if bundle is None:
            raise NotFoundError(Message(N_("This ticket is not in the mirror (any more).")))
        now = self._clock()
        summary = summary_of(bundle.ticket, now)
        wave_number = None
        applicant = None
        if bundle.applicant is not None:
            wave_id = bundle.applicant.wave_id
            if wave_id is not None:
                wave_number = self._read(lambda conn: wave_number_of(conn, wave_id))
            applicant = applicant_row(bundle.applicant, wave_number, MatchField.ID)
        operator = self._operator()
        statuses: tuple[Status, ...] = ()
        may_assign_others = False
        if operator is not None:
            statuses = tuple(next_statuses(summary, actor_of(operator)))
            may_assign_others = allowed(operator.role, Permission.ASSIGN_TICKETS_TO_OTHERS)
        case = bundle.case
        return TicketDetail(
            ticket=summary,
            clocks=clocks_of(summary, bundle.ticket, bundle.events, now)
            if summary.is_active
            else None,
            events=tuple(event_of(event) for event in bundle.events),
            earlier_events=bundle.earlier_events,
            applicant=applicant,
            case=None
            if case is None
            else CaseBrief(case.id, case.kind, case.status, case.assignee),
            actions=tuple(queued_action(action) for action in bundle.actions),
            next_statuses=statuses,
            may_assign_others=may_assign_others,
        )

    def find(self, number: int) -> TicketSummary | None:
        """The ticket with this number (a merge target, ``:tiket 123``), if in the mirror."""
        from prakerja_console.store.ticket_queries import ticket_bundle

        bundle = self._read(lambda conn: ticket_bundle(conn, number))
        return None if bundle is None else summary_of(bundle.ticket, self._clock())

    def assignable(self, ticket: TicketSummary) -> tuple[str, ...]:
        """Who may be given this ticket: users who work tickets of its province."""
        from prakerja_console.store.ticket_queries import users_by_name

        rows = self._read(users_by_name)
        return tuple(
            username
            for username, role, scope in rows
            if (member := known(Role, role)) is not None
            and allowed(member, Permission.WORK_TICKETS)
            and in_scope(scope, ticket.province_code)
        )

    # -- canned responses ---------------------------------------------------------------------

    def canned(self, detail: TicketDetail, language: str) -> tuple[CannedTemplate, ...]:
        """The responses, this ticket's category and the agent's language first."""
        if self._canned is None:
            self._canned = load_canned(self._canned_file)
        return ordered_for(self._canned, detail.ticket.codes.category, language)

    def reply_values(self, detail: TicketDetail) -> dict[str, str]:
        """What the placeholders of a response are filled with for this ticket."""
        applicant = detail.applicant
        operator = self._operator()
        return placeholder_values(
            ReplyContext(
                name=applicant.name if applicant else None,
                nik=applicant.nik if applicant else None,
                email=applicant.email if applicant else None,
                wave=applicant.wave_number if applicant else None,
                ticket=detail.ticket.number,
                agent=operator.username if operator else None,
            )
        )

    # -- internals --------------------------------------------------------------------------

    def _read(self, query: Callable[[sqlite3.Connection], Any]) -> Any:
        try:
            return query(self._mirror.reader())
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error


def _narrowed(typed: tuple[str, ...], choice: str | None) -> tuple[str, ...]:
    """The tab's choice, narrowed further by what was typed (never widened).

    A typed value that excludes the tab's choice leaves a code no ticket has, so
    the view is honestly empty rather than silently showing the tab unfiltered.
    """
    if choice is None:
        return typed
    return (choice,) if not typed or choice in typed else ("",)
