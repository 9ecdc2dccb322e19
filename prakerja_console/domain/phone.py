"""Indonesian mobile numbers, however they are written, to E.164.

Applicants and agents write ``0812-3456-7890``, ``+62 812 …``, ``62812…`` or just
``812…``; the mirror stores ``+6281234567890``. The programme sends OTPs by SMS,
so only a mobile number will do, and a refusal says which rule it broke.
Parsing and the number plan come from ``phonenumbers`` (Google's libphonenumber);
we only pre-screen the characters so junk never reaches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.typed_input import (
    describe_character,
    foreign_digit_message,
    is_ascii_digit,
    preview,
)

REGION = "ID"
COUNTRY_CODE = 62
_FORMATTING = " .-()"
_DROP_FORMATTING = str.maketrans("", "", _FORMATTING)
# No telephone number has more digits than E.164's 15, plus a typed trunk or exit prefix.
_MAX_DIGITS = 17
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# Cheap shape of a phone number for the lookup box: optional "+", then digits and
# formatting, starting like a number an Indonesian would type (+…, 0…, 62 8…, 8…).
_PHONE_SHAPE = re.compile(r"\+?[0-9 .()-]{7,38}")
_PHONE_START = re.compile(r"\+|\(?0|62 ?8|8")
_LOOKS_LIKE_LIMIT = 40


class PhoneProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_INDONESIAN = "not_indonesian"
    NOT_MOBILE = "not_mobile"


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid Indonesian mobile number; ``e164`` is the lookup key (``+6281234567890``)."""

    e164: str


@dataclass(frozen=True, slots=True)
class PhoneInvalid:
    problem: PhoneProblem
    message: Message


_EMPTY = N_("No phone number was entered.")
_NOT_A_DIGIT = N_(
    "Character {position} ({character}) cannot be part of a phone number; use the digits 0-9, a leading +, spaces, dots, hyphens or brackets."
)
_NO_DIGITS = N_("There are no digits in this phone number.")
_TOO_SHORT = N_("The phone number {digits} is too short for an Indonesian mobile number.")
_TOO_LONG = N_("The phone number {digits} is too long for an Indonesian mobile number.")
_NOT_INDONESIAN = N_(
    "+{code} is not Indonesia's country code (+62); the programme needs an Indonesian mobile number."
)
_UNKNOWN_COUNTRY = N_(
    "The number starts with a country code that does not exist; an Indonesian number starts with +62 or 0."
)
_LANDLINE = N_(
    "The phone number {digits} is a landline; the programme sends codes by SMS, so it needs a mobile number (08…)."
)
_NOT_MOBILE = N_(
    "The phone number {digits} is not an Indonesian mobile number; mobile numbers start with 08 (+62 8)."
)


def normalise_phone(text: str) -> Phone | PhoneInvalid:
    """The E.164 form of an Indonesian mobile number, or the reason it is not one."""
    stripped = text.strip()
    if not stripped:
        return PhoneInvalid(PhoneProblem.EMPTY, Message(_EMPTY))
    plus = stripped.startswith("+")
    digits = (stripped[1:] if plus else stripped).translate(_DROP_FORMATTING)
    if not (digits.isascii() and digits.isdigit()):
        if not digits:
            return PhoneInvalid(PhoneProblem.NOT_A_NUMBER, Message(_NO_DIGITS))
        return PhoneInvalid(PhoneProblem.NOT_A_NUMBER, _not_digit_message(stripped))
    shown = {"digits": preview(digits)}
    if len(digits) > _MAX_DIGITS:
        return PhoneInvalid(PhoneProblem.TOO_LONG, Message(_TOO_LONG, shown))
    try:
        # Parsing the bare digits: our pre-screen already owns the formatting rules.
        number = phonenumbers.parse(("+" if plus else "") + digits, REGION)
    except NumberParseException as error:
        return _parse_refusal(error, shown)
    code = number.country_code or 0
    if code != COUNTRY_CODE:
        if phonenumbers.region_code_for_country_code(code) == phonenumbers.UNKNOWN_REGION:
            return PhoneInvalid(PhoneProblem.NOT_INDONESIAN, Message(_UNKNOWN_COUNTRY))
        return PhoneInvalid(
            PhoneProblem.NOT_INDONESIAN, Message(_NOT_INDONESIAN, {"code": str(code)})
        )
    if phonenumbers.is_valid_number(number):
        kind = phonenumbers.number_type(number)
        if kind in _MOBILE_TYPES:
            return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        template = _LANDLINE if kind == PhoneNumberType.FIXED_LINE else _NOT_MOBILE
        return PhoneInvalid(PhoneProblem.NOT_MOBILE, Message(template, shown))
    # Invalid: say "too short/long" when the length is what no mobile number has.
    reason = phonenumbers.is_possible_number_for_type_with_reason(number, PhoneNumberType.MOBILE)
    if reason == ValidationResult.TOO_SHORT:
        return PhoneInvalid(PhoneProblem.TOO_SHORT, Message(_TOO_SHORT, shown))
    if reason == ValidationResult.TOO_LONG:
        return PhoneInvalid(PhoneProblem.TOO_LONG, Message(_TOO_LONG, shown))
    return PhoneInvalid(PhoneProblem.NOT_MOBILE, Message(_NOT_MOBILE, shown))


def readable_phone(e164: str) -> str:
    """``+6287812340005`` → ``+62 878-1234-0005``: how an agent reads a number back to a caller.

    Anything that does not parse is returned as stored, so a revealed value is never lost.
    """
    try:
        number = phonenumbers.parse(e164, REGION)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def looks_like_phone(text: str) -> bool:
    """Whether the lookup box should read ``text`` as a phone number.

    A regex on at most 40 characters: no ``phonenumbers`` call, so it is safe on
    every keystroke. A NIK never matches: it has 16 digits, one more than E.164 allows.
    """
    if len(text) > _LOOKS_LIKE_LIMIT:
        return False
    candidate = text.strip()
    if not _PHONE_SHAPE.fullmatch(candidate) or not _PHONE_START.match(candidate):
        return False
    digit_count = len(candidate.translate(_DROP_FORMATTING).lstrip("+"))
    return 8 <= digit_count <= 15


def _not_digit_message(stripped: str) -> Message:
    """Name the first character no phone number contains (a "+" may only lead)."""
    position, character = next(
        (index, ch)
        for index, ch in enumerate(stripped, start=1)
        if not (is_ascii_digit(ch) or ch in _FORMATTING or (ch == "+" and index == 1))
    )
    return foreign_digit_message(character, position) or Message(
        _NOT_A_DIGIT, {"position": position, "character": describe_character(character)}
    )


def _parse_refusal(error: NumberParseException, shown: dict[str, str]) -> PhoneInvalid:
    if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
        return PhoneInvalid(PhoneProblem.NOT_INDONESIAN, Message(_UNKNOWN_COUNTRY))
    if error.error_type == NumberParseException.TOO_LONG:
        return PhoneInvalid(PhoneProblem.TOO_LONG, Message(_TOO_LONG, shown))
    # NOT_A_NUMBER and TOO_SHORT_*: the characters were pre-screened, so too few digits.
    return PhoneInvalid(PhoneProblem.TOO_SHORT, Message(_TOO_SHORT, shown))
