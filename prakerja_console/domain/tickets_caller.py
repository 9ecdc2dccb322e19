"""Who the caller of a blank ticket is, as the agent types it: a NIK or a registration id.

A ticket filed before the caller was identified gets its applicant later (``i``),
when the caller reads out their NIK or their registration id. The text is read by
the lookup's own rules (:func:`~prakerja_console.domain.lookup_query.read_query`),
so ``PK-0001234``, ``#1234`` and a NIK with spaces mean the same here as in F1
Lookup; anything else is refused with words about this field, not the lookup's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prakerja_console.domain.lookup_query import MAX_REGISTRATION_DIGITS, QueryKind, read_query
from prakerja_console.domain.nik import NikInvalid, parse_nik
from prakerja_console.domain.text import N_, Message

_ONLY_NIK_OR_ID = N_(
    "Type the caller's NIK (16 digits) or registration id (e.g. PK-0001234); "
    "find them by e-mail or phone with F1 Lookup."
)

_SHORT_NUMBER = N_(
    "A NIK has 16 digits. If this is the registration id, type it with PK- in front: {typed}."
)


@dataclass(frozen=True, slots=True)
class CallerNik:
    """The caller's NIK: the mirror decides which applicant, if exactly one has it."""

    nik: str


@dataclass(frozen=True, slots=True)
class CallerId:
    """The caller's registration id (the applicant's number)."""

    applicant_id: int


def read_caller(text: str, today: date) -> CallerNik | CallerId | Message:
    """What the agent typed as the caller's NIK or registration id, or why it is neither.

    Sixteen digits are looked up as a NIK even when they do not decode as one (a
    family-card number among them): the mirror holds what was registered.
    """
    query = read_query(text, today)
    if query.kind is QueryKind.REGISTRATION:
        return CallerId(int(query.value))
    if query.kind in (QueryKind.NIK, QueryKind.KK):
        return CallerNik(query.value)
    stripped = text.strip()
    if query.kind is not QueryKind.INVALID:
        return Message(_ONLY_NIK_OR_ID)  # an e-mail address, a phone number, a name
    if query.problem is not None and stripped[:1] in "#pP":
        return query.problem  # a registration id out of range
    if stripped.isascii() and stripped.isdigit() and len(stripped) <= MAX_REGISTRATION_DIGITS:
        if int(stripped) == 0:
            return Message(_ONLY_NIK_OR_ID)
        return Message(_SHORT_NUMBER, {"typed": f"PK-{int(stripped):07d}"})
    digits = sum(character.isdigit() for character in stripped)
    if digits > sum(character.isalpha() for character in stripped) and "@" not in stripped:
        nik = parse_nik(stripped, today)
        if isinstance(nik, NikInvalid):
            return nik.message  # why these digits are no NIK: their count, a letter among them
    return Message(_ONLY_NIK_OR_ID)
