"""Tolerant conversion of the mirror's plain-string codes into the domain's enums.

The central may send a code this console does not know yet; a lookup row or a
detail screen must still show, so unknown codes become ``None``/``UNKNOWN``
instead of raising (the detail screen then tells the agent to update).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from prakerja_console.domain.funnel import Reason, SideState, Stage

E = TypeVar("E", bound=StrEnum)

# Reasons an agent must act on (or have the applicant act on); the list marks them ⚠.
ACTION_REASONS = frozenset(
    {
        Reason.EMAIL_PENDING,
        Reason.EMAIL_BOUNCED,
        Reason.EMAIL_VERIFIED,
        Reason.NIK_NOT_SUBMITTED,
        Reason.NIK_NOT_FOUND,
        Reason.NIK_REGISTRY_MISMATCH,
        Reason.NIK_KK_MISMATCH,
        Reason.NIK_ALREADY_USED,
        Reason.KTP_PHOTO_REJECTED,
        Reason.AWAITING_FIRST_PURCHASE,
        Reason.BANK_ACCOUNT_MISSING,
        Reason.INCENTIVE_FAILED_PHONE_CHANGED,
        Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE,
        Reason.INCENTIVE_FAILED_NAME_MISMATCH,
        Reason.UNKNOWN,
    }
)


class Attention(StrEnum):
    """How a lookup row is marked: on track, stuck (act), or stopped by the rules."""

    NONE = "none"
    ACTION = "action"
    BLOCKED = "blocked"


def known(enum: type[E], code: str | None) -> E | None:
    """The member of ``enum`` for ``code``, or None when missing or unknown here."""
    return next((member for member in enum if member.value == code), None)


def attention_of(side_state: SideState | None, reason: Reason) -> Attention:
    if side_state in (SideState.REJECTED, SideState.REVOKED):
        return Attention.BLOCKED
    return Attention.ACTION if reason in ACTION_REASONS else Attention.NONE


def stage_of(code: str | None) -> Stage:
    """A stage code; unknown codes read as the first stage (the reason then says UNKNOWN)."""
    return known(Stage, code) or Stage.REGISTERED
