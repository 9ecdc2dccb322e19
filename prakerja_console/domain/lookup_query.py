"""What an agent typed into the one search field, and what it was read as.

The lookup screen has a single field: an agent on the phone types whatever the
applicant dictates — a NIK, a family-card (KK) number, an e-mail address, a phone
number in any Indonesian form, a registration id, or part of a name — and the
console must recognise which without being told. :func:`read_query` decides, on
every keystroke, so it is cheap (regexes and the domain's own parsers, no I/O)
and never raises: a query that cannot be searched comes back as
:attr:`QueryKind.INVALID` with a plain-words :class:`~.text.Message` saying why.

Decisions:

* **16 digits** are a NIK when they decode as one, else a KK number when they pass
  the KK checks; either way both columns are searched (a NIK may be typed where a
  KK was meant, and the results must show every account that *claimed* a NIK).
  Sixteen digits that are neither are still searched — the applicant typed their
  NIK "as entered" and the agent must find that account — with the NIK problem
  attached as a warning.
* **Registration ids** are said as ``PK-0001234`` (leading zeros optional, any case,
  a space or no separator) or ``#1234``; bare short numbers are not ids, because
  they are far more often the start of a NIK or a phone number.
* **E-mail** is anything with an ``@``: a complete address is matched exactly and a
  partial one (``siti.rahayu@gm``) as a prefix while typing; mistakes that no amount
  of further typing fixes (a space, two ``@``) are refused.
* A **phone** is read with :func:`~.phone.looks_like_phone` and normalised to E.164.
* Anything with letters is a **name**; text that is mostly digits with a stray
  letter is a mistyped NIK and says which character is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from prakerja_console.domain.email_address import EmailProblem, looks_like_email, normalise_email
from prakerja_console.domain.nik import (
    NUMBER_LENGTH,
    SEPARATORS,
    KkInvalid,
    NikInvalid,
    parse_kk,
    parse_nik,
)
from prakerja_console.domain.phone import PhoneInvalid, looks_like_phone, normalise_phone
from prakerja_console.domain.text import N_, Message

MAX_QUERY_LENGTH = 100  # longer than any name, address or number anyone dictates
MAX_REGISTRATION_DIGITS = 10
_REGISTRATION = re.compile(r"(?:pk[\s\-.]*|#\s*)([0-9]{1,20})", re.IGNORECASE)
_DIGIT_SEPARATORS = str.maketrans("", "", SEPARATORS + "()+")
# Partial addresses that further typing completes: keep searching them as prefixes.
_PREFIX_PROBLEMS = frozenset(
    {EmailProblem.MISSING_DOMAIN, EmailProblem.DOMAIN_WITHOUT_DOT, EmailProblem.INVALID_DOMAIN}
)

_TOO_LONG = N_("The search text has {count} characters; type at most {limit}.")
_NOTHING_SEARCHABLE = N_(
    "Type a NIK, a KK number, an e-mail address, a phone number, a registration id "
    "(PK-1234) or letters of a name."
)
_BAD_REGISTRATION = N_(
    "A registration id is PK- followed by at most {limit} digits and is never 0, as in PK-0001234."
)


class QueryKind(StrEnum):
    """What the search text was read as; the value says which lookup runs."""

    EMPTY = "empty"
    NIK = "nik"  # 16 digits: searched as NIK, then as KK number
    KK = "kk"  # 16 digits that are a KK number but no NIK: KK first, then NIK
    EMAIL = "email"
    PHONE = "phone"
    REGISTRATION = "registration"
    NAME = "name"
    INVALID = "invalid"

    @property
    def searchable(self) -> bool:
        return self not in (QueryKind.EMPTY, QueryKind.INVALID)


@dataclass(frozen=True, slots=True)
class LookupQuery:
    """A search, ready for the mirror.

    ``value`` is the normalised key: the 16 digits, the lower-cased address (or
    its typed start when ``complete`` is False), the E.164 number, the id's
    decimal digits, or the name as typed. ``problem`` is why an INVALID query
    cannot run, or a warning about one that still runs (a 16-digit number that
    is not a valid NIK).
    """

    kind: QueryKind
    value: str = ""
    problem: Message | None = None
    complete: bool = True


def read_query(text: str, today: date) -> LookupQuery:
    """Recognise what ``text`` is; ``today`` lets a NIK's birth date be judged."""
    stripped = text.strip()
    if not stripped:
        return LookupQuery(QueryKind.EMPTY)
    if len(stripped) > MAX_QUERY_LENGTH:
        return _invalid(Message(_TOO_LONG, {"count": len(stripped), "limit": MAX_QUERY_LENGTH}))
    registration = _REGISTRATION.fullmatch(stripped)
    if registration is not None:
        return _registration(registration.group(1))
    if looks_like_email(stripped):
        return _email(stripped)
    digits = stripped.translate(_DIGIT_SEPARATORS)
    if digits.isascii() and digits.isdigit():
        return _number(stripped, digits, today)
    if _mostly_digits(stripped):
        return _id_number(stripped, today)
    if not any(character.isalnum() for character in stripped):
        return _invalid(Message(_NOTHING_SEARCHABLE))
    return LookupQuery(QueryKind.NAME, stripped)


def _invalid(problem: Message) -> LookupQuery:
    return LookupQuery(QueryKind.INVALID, problem=problem)


def _registration(digits: str) -> LookupQuery:
    number = digits.lstrip("0")
    if not number or len(number) > MAX_REGISTRATION_DIGITS:
        return _invalid(Message(_BAD_REGISTRATION, {"limit": MAX_REGISTRATION_DIGITS}))
    return LookupQuery(QueryKind.REGISTRATION, number)


def _email(text: str) -> LookupQuery:
    normalised = normalise_email(text)
    if isinstance(normalised, str):
        return LookupQuery(QueryKind.EMAIL, normalised)
    if normalised.problem in _PREFIX_PROBLEMS and _plain_prefix(text):
        return LookupQuery(QueryKind.EMAIL, _ascii_lower(text), complete=False)
    return _invalid(normalised.message)


def _plain_prefix(text: str) -> bool:
    """A typed start of an address: one ``@``, something before it, no spaces."""
    local, _, _domain = text.partition("@")
    return bool(local) and text.count("@") == 1 and not any(ch.isspace() for ch in text)


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's ``lower()`` does on the indexed side."""
    return "".join(character.lower() if character.isascii() else character for character in text)


def _number(text: str, digits: str, today: date) -> LookupQuery:
    """Digits with separators: a phone number, or a NIK/KK number (complete or not)."""
    if len(digits) != NUMBER_LENGTH and (looks_like_phone(text) or text[0] in "+0"):
        phone = normalise_phone(text)
        if isinstance(phone, PhoneInvalid):
            return _invalid(phone.message)
        return LookupQuery(QueryKind.PHONE, phone.e164)
    return _id_number(text, today)


def _id_number(text: str, today: date) -> LookupQuery:
    """A NIK or KK number: 16 digits are searched even when they do not decode."""
    nik = parse_nik(text, today)
    if not isinstance(nik, NikInvalid):
        return LookupQuery(QueryKind.NIK, nik.value)
    digits = text.strip().translate(str.maketrans("", "", SEPARATORS))
    if len(digits) != NUMBER_LENGTH or not (digits.isascii() and digits.isdigit()):
        return _invalid(nik.message)
    if not isinstance(parse_kk(digits), KkInvalid):
        return LookupQuery(QueryKind.KK, digits)
    return LookupQuery(QueryKind.NIK, digits, problem=nik.message)


def _mostly_digits(text: str) -> bool:
    """A NIK with a stray letter (``3201O14…``), not a name with a number in it."""
    digits = sum(character.isdigit() for character in text)
    letters = sum(character.isalpha() for character in text)
    return digits >= NUMBER_LENGTH // 2 and digits > letters


def describe(query: LookupQuery) -> str:
    """A short label for what the query was read as (a catalogue id), for hints."""
    return _KIND_LABELS[query.kind] if query.complete else N_("e-mail start")


_KIND_LABELS = {
    QueryKind.EMPTY: N_("nothing yet"),
    QueryKind.NIK: N_("NIK"),
    QueryKind.KK: N_("KK number"),
    QueryKind.EMAIL: N_("e-mail"),
    QueryKind.PHONE: N_("phone"),
    QueryKind.REGISTRATION: N_("registration id"),
    QueryKind.NAME: N_("name"),
    QueryKind.INVALID: N_("not searchable"),
}


def registration_label(applicant_id: int) -> str:
    """How an agent says a registration id aloud: ``PK-0001234``."""
    return f"PK-{applicant_id:07d}"
