"""What an agent types for an applicant action: a note, or why personal data is revealed.

One rule for both sides: the console checks before it queues (so nothing doomed
waits in the outbox) and the central checks again, answering ``rejected`` with the
rule's code, because other clients than this console send mutations too. Lengths
count the text without its surrounding blanks, which is what is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from prakerja_console.domain.text import N_, Message

NOTE_MAX_LENGTH = 2_000
REVEAL_REASON_MIN_LENGTH = 10
REVEAL_REASON_MAX_LENGTH = 500


class TextRule(StrEnum):
    """Why a note or a reason was refused: the central's reason code."""

    EMPTY_BODY = "empty_body"
    NOTE_TOO_LONG = "note_too_long"
    REASON_REQUIRED = "reason_required"
    REASON_TOO_SHORT = "reason_too_short"
    REASON_TOO_LONG = "reason_too_long"


@dataclass(frozen=True, slots=True)
class TextRefusal:
    """The rule a text broke and what to tell the person who typed it."""

    rule: TextRule
    message: Message


def check_note(text: str) -> TextRefusal | None:
    """Why a note cannot be saved as typed, or None."""
    body = text.strip()
    if not body:
        return TextRefusal(
            TextRule.EMPTY_BODY, Message(N_("Write the note first; an empty note is not saved."))
        )
    if len(body) > NOTE_MAX_LENGTH:
        return TextRefusal(
            TextRule.NOTE_TOO_LONG,
            Message(
                N_("A note has at most {limit} characters; this one has {count}."),
                {"limit": NOTE_MAX_LENGTH, "count": len(body)},
            ),
        )
    return None


def check_reveal_reason(text: str) -> TextRefusal | None:
    """Why a reason for revealing personal data is not enough, or None."""
    reason = text.strip()
    if len(reason) < REVEAL_REASON_MIN_LENGTH:
        return TextRefusal(
            TextRule.REASON_TOO_SHORT if reason else TextRule.REASON_REQUIRED,
            Message(
                N_(
                    'Say why in at least {minimum} characters, e.g. "applicant on the phone, checking the KTP".'
                ),
                {"minimum": REVEAL_REASON_MIN_LENGTH},
            ),
        )
    if len(reason) > REVEAL_REASON_MAX_LENGTH:
        return TextRefusal(
            TextRule.REASON_TOO_LONG,
            Message(
                N_("The reason has at most {limit} characters."),
                {"limit": REVEAL_REASON_MAX_LENGTH},
            ),
        )
    return None
