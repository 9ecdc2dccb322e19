"""``ticket.set_priority``: the SLA targets follow the priority, so the due times move at once.

Does not commute: it conflicts when the priority changed since the agent saw it.
"""

from __future__ import annotations

from prakerja_console.central.mutations.ticket_common import refile_handler
from prakerja_console.domain.tickets import Priority, check_priority
from prakerja_console.sync.protocol import MutationType, TicketPriorityPayload

HANDLER = refile_handler(
    MutationType.TICKET_SET_PRIORITY, TicketPriorityPayload, "priority", Priority, check_priority
)
