"""The ticket queue's sort keys and indexes: what makes a 200,000-ticket queue instant.

**The SLA key.** A queue is sorted and filtered by when each ticket breaches next
if nobody acts: the first-response due time until the first reply, then the
resolution due time. A ticket with no running clock — resolved, closed, merged,
or waiting for the applicant after its first response (the resolution clock is
paused and the ball is in the applicant's court) — gets :data:`NO_CLOCK`, which
sorts after every real moment. The key is a SQL expression over wire columns, not
a stored column, so the central's rows and the console's optimistic patches keep
it right for free; an expression index makes it as cheap as a column. A query
must spell the expression exactly as :data:`SLA_KEY` does (SQLite matches index
expressions by their text), so queries import it from here.

An unknown status (a newer central) keeps its clock running, like ``domain.sla``:
a breach is never hidden by a value this console does not understand.

**Active** tickets are the work in hand: not resolved, closed or merged. The
queue views that list work (mine, unassigned, a category) use partial indexes
over active tickets only, which stay small while history grows.

Measured with ``benchmarks/bench_tickets.py`` (200,000 tickets, 2 cores): each
view's first page 0.1–3 ms with these indexes, versus a full scan and sort of the
tickets table per keystroke without them.
"""

from __future__ import annotations

NO_CLOCK = 9_223_372_036_854_775_807  # 2**63 - 1: after every moment, and never NULL
FINISHED = "('resolved', 'closed')"

SLA_KEY = (
    f"(CASE WHEN merged_into IS NOT NULL OR status IN {FINISHED} THEN {NO_CLOCK}"
    " WHEN first_responded_at IS NULL AND first_response_due IS NOT NULL"
    " THEN first_response_due"
    f" WHEN status = 'pending_applicant' THEN {NO_CLOCK}"
    f" ELSE coalesce(resolution_due, {NO_CLOCK}) END)"
)
"""When the ticket breaches next if nobody acts (epoch seconds), or :data:`NO_CLOCK`."""

ACTIVE = f"merged_into IS NULL AND status NOT IN {FINISHED}"
"""The partial-index condition of active tickets (queries repeat it verbatim)."""

PRIORITY_ORDER = (
    "(CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'low' THEN 3 ELSE 2 END)"
)
"""Most urgent first; an unknown priority sorts as normal (``domain.tickets.Priority.rank``)."""

TICKET_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("sla", f"{SLA_KEY}, id", ""),
    ("status_sla", f"status, {SLA_KEY}, id", ""),
    ("created", "created_at, id", ""),
    ("priority_sla", f"{PRIORITY_ORDER}, {SLA_KEY}, id", ""),
    ("assignee_sla", f"assignee, {SLA_KEY}, id", ACTIVE),
    ("category_sla", f"category, {SLA_KEY}, id", ACTIVE),
)
"""Indexes of ``tickets``: (name suffix, terms, partial-index condition or "")."""
