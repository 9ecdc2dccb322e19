"""What the ticket rule tests share: a ticket as the rules see it, and the rule a call broke."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from prakerja_console.domain.tickets import TicketRule, TicketRuleError


@dataclass(frozen=True)
class Ticket:
    """A ``domain.tickets.TicketView`` with plausible defaults: open, unassigned, in Jakarta."""

    id: int | None = 8812
    status: str = "open"
    assignee: str | None = None
    applicant_id: int | None = 501
    merged_into: int | None = None
    province_code: str | None = "31"


def refused(call: object, *args: object) -> TicketRule:
    """The rule ``call(*args)`` refuses by (the test fails if it does not refuse)."""
    assert callable(call)
    with pytest.raises(TicketRuleError) as caught:
        call(*args)
    return caught.value.rule
