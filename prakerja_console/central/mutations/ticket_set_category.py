"""``ticket.set_category``: refile a ticket; two categories have tighter SLA targets.

Does not commute: it conflicts when the category changed since the agent saw it.
"""

from __future__ import annotations

from prakerja_console.central.mutations.ticket_common import refile_handler
from prakerja_console.domain.tickets import Category, check_category
from prakerja_console.sync.protocol import MutationType, TicketCategoryPayload

HANDLER = refile_handler(
    MutationType.TICKET_SET_CATEGORY, TicketCategoryPayload, "category", Category, check_category
)
