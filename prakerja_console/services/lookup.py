"""The lookup: what was typed → which mirror queries → one page of result rows.

A query may need more than one index (a 16-digit number is looked up as NIK,
then as KK number), so a page is filled from ordered *tiers*, each keyset-paged
by the store, and the cursor remembers the tier and the position inside it.
Pages are small (:data:`PAGE_SIZE`) and the store caps every fetch whatever is
asked; the screen caps what it keeps on display separately.

E-mail prefixes ("siti.rahayu@gm" while the agent is still typing) use
:func:`~prakerja_console.store.screen_queries.email_prefix_page`, a range scan on
the ``lower(email)`` index.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from prakerja_console.domain.funnel import Reason, SideState, Stage, reason_from_code
from prakerja_console.domain.lookup_query import LookupQuery, QueryKind, read_query
from prakerja_console.services.errors import MirrorUnavailableError
from prakerja_console.services.mirror import Mirror, unreadable
from prakerja_console.services.rows import Attention, attention_of, known, stage_of

PAGE_SIZE = 50


class MatchField(StrEnum):
    """Which field of the applicant matched the query (shown beside the row)."""

    NIK = "nik"
    KK = "kk"
    EMAIL = "email"
    PHONE = "phone"
    ID = "id"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class ApplicantRow:
    """One lookup result, unformatted and unmasked: the screen masks and formats."""

    id: int
    name: str
    nik: str | None
    kk_number: str | None
    email: str
    phone: str | None
    province_code: str | None
    stage: Stage
    side_state: SideState | None
    reason: Reason
    wave_number: int | None
    matched: MatchField
    attention: Attention


@dataclass(frozen=True, slots=True)
class LookupCursor:
    """Where the next page starts: the tier, and the store's keyset position in it."""

    tier: int
    after: Any = None


@dataclass(frozen=True, slots=True)
class LookupPage:
    query: LookupQuery
    rows: tuple[ApplicantRow, ...]
    next: LookupCursor | None
    elapsed_ms: float


# A tier: (matched field, fetch(conn, value, after, limit) -> (summaries, next_after)).
Fetch = Callable[[sqlite3.Connection, str, Any, int], tuple[Sequence[Any], Any]]


class LookupService:
    """Runs lookups on the calling thread's read connection (call it from a worker)."""

    def __init__(self, mirror: Mirror, stopwatch: Callable[[], float] = time.perf_counter) -> None:
        """``stopwatch`` times each search for the screen's hint (fixed in snapshot tests)."""
        self._mirror = mirror
        self._stopwatch = stopwatch

    def read(self, text: str, today: date) -> LookupQuery:
        """What ``text`` will be searched as (pure; cheap enough for every keystroke)."""
        return read_query(text, today)

    def search(
        self,
        query: LookupQuery,
        cursor: LookupCursor | None = None,
        limit: int = PAGE_SIZE,
    ) -> LookupPage:
        """One page of results for ``query``, starting at ``cursor``."""
        started = self._stopwatch()
        if not query.kind.searchable:
            return LookupPage(query, (), None, 0.0)
        conn = self._mirror.reader()
        tiers = _tiers(query)
        position = cursor or LookupCursor(0)
        found: list[tuple[MatchField, Any]] = []
        next_cursor: LookupCursor | None = None
        try:
            tier = position.tier
            after = position.after
            while tier < len(tiers) and len(found) < limit:
                matched, fetch = tiers[tier]
                items, next_after = fetch(conn, query.value, after, limit - len(found))
                found += [(matched, item) for item in items]
                if next_after is not None:
                    next_cursor = LookupCursor(tier, next_after)
                    break
                tier, after = tier + 1, None
            else:
                if tier < len(tiers):
                    next_cursor = LookupCursor(tier, after)
            rows = _rows(conn, found)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error
        return LookupPage(query, rows, next_cursor, (self._stopwatch() - started) * 1000)


def _tiers(query: LookupQuery) -> list[tuple[MatchField, Fetch]]:
    from prakerja_console.store import queries  # heavy (SQLAlchemy): loaded on the first search
    from prakerja_console.store.screen_queries import email_prefix_page

    def by_key(function: Callable[..., Any]) -> Fetch:
        def fetch(conn: sqlite3.Connection, value: str, after: Any, limit: int) -> Any:
            page = function(conn, value, after=after, limit=limit)
            return page.items, page.next_after

        return fetch

    def by_id(conn: sqlite3.Connection, value: str, after: Any, limit: int) -> Any:
        found = queries.get_applicant(conn, int(value))
        return ((found,) if found is not None else ()), None

    nik = (MatchField.NIK, by_key(queries.find_by_nik))
    kk = (MatchField.KK, by_key(queries.find_by_kk))
    tiers: dict[QueryKind, list[tuple[MatchField, Fetch]]] = {
        QueryKind.NIK: [nik, kk],
        QueryKind.KK: [kk, nik],
        QueryKind.EMAIL: [(MatchField.EMAIL, email_prefix_page)],
        QueryKind.PHONE: [(MatchField.PHONE, by_key(queries.find_by_phone))],
        QueryKind.REGISTRATION: [(MatchField.ID, by_id)],
        QueryKind.NAME: [(MatchField.NAME, by_key(queries.search_name))],
    }
    return tiers[query.kind]


def _rows(
    conn: sqlite3.Connection, found: list[tuple[MatchField, Any]]
) -> tuple[ApplicantRow, ...]:
    from prakerja_console.store.screen_queries import wave_number_map

    if not found:
        return ()
    wave_numbers = wave_number_map(conn)
    return tuple(
        applicant_row(item, wave_numbers.get(item.wave_id), matched) for matched, item in found
    )


def applicant_row(item: Any, wave_number: int | None, matched: MatchField) -> ApplicantRow:
    """The store's ``ApplicantSummary`` as a row (its codes read tolerantly)."""
    side_state = known(SideState, item.side_state)
    stage = known(Stage, item.stage)
    reason = reason_from_code(item.reason_code) if stage is not None else Reason.UNKNOWN
    return ApplicantRow(
        id=item.id,
        name=item.name,
        nik=item.nik,
        kk_number=item.kk_number,
        email=item.email,
        phone=item.phone,
        province_code=item.province_code,
        stage=stage_of(item.stage),
        side_state=side_state,
        reason=reason,
        wave_number=wave_number,
        matched=matched,
        attention=attention_of(side_state, reason),
    )
