"""NIK and KK numbers: read what was typed or dictated, decode it, explain a refusal.

A NIK is ``PPRRDD`` (province, regency, district) + ``DDMMYY`` (birth date, day +
40 for women) + ``SSSS`` (serial from 0001). A KK (family card) number has the
same region prefix and serial, with the card's issue date in the middle.

Parsers return a result instead of raising, because a refusal is an ordinary
outcome that callers show to an agent: one :class:`NikProblem` per kind, checked
in a fixed order, each with a plain-words :class:`Message` that names the part
that is wrong and never echoes more than a short, printable preview.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from prakerja_console.domain.regions import Province, province
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.typed_input import (
    describe_character,
    foreign_digit_message,
    is_ascii_digit,
    preview,
)

NUMBER_LENGTH = 16
SEPARATORS = " .-"  # agents dictate in groups: "3201 0141 0190 0001", "3201.0141…"
_DROP_SEPARATORS = str.maketrans("", "", SEPARATORS)
_WOMAN_DAY_OFFSET = 40


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"

    @property
    def label(self) -> str:
        return _SEX_LABELS[self]


_SEX_LABELS = {Sex.FEMALE: N_("Female"), Sex.MALE: N_("Male")}


class NikProblem(StrEnum):
    """Why a NIK was refused, in the order the checks run (the first failing one wins)."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_REGION = "unknown_region"
    IMPOSSIBLE_DATE = "impossible_date"
    SERIAL_ZERO = "serial_zero"
    FUTURE_BIRTH_DATE = "future_birth_date"


class KkProblem(StrEnum):
    """Why a KK number was refused; the codes mean the same as for a NIK."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_REGION = "unknown_region"
    SERIAL_ZERO = "serial_zero"


@dataclass(frozen=True, slots=True)
class Nik:
    """A decoded NIK. ``value`` is the 16 digits without separators."""

    value: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: Sex
    serial: int
    province: Province

    def age_on(self, day: date) -> int:
        """Completed years on ``day`` (born on 29 February: a year older on 1 March)."""
        if day < self.birth_date:
            raise ValueError(f"{day.isoformat()} is before the birth date")
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


@dataclass(frozen=True, slots=True)
class NikInvalid:
    problem: NikProblem
    message: Message


@dataclass(frozen=True, slots=True)
class Kk:
    """A KK number whose region part and serial are plausible."""

    value: str
    province_code: str
    regency_code: str
    district_code: str
    province: Province


@dataclass(frozen=True, slots=True)
class KkInvalid:
    problem: KkProblem
    message: Message


class NikError(ValueError):
    """Raised by :func:`require_nik`, for callers where a bad NIK is a bug (fixtures, seeds)."""

    def __init__(self, invalid: NikInvalid) -> None:
        super().__init__(invalid.message.render())
        self.invalid = invalid


@dataclass(frozen=True, slots=True)
class _Wording:
    """The messages that name the document (NIK or KK); the rest are shared."""

    empty: str
    one_missing: str
    one_extra: str
    wrong_length: str


_NIK_WORDING = _Wording(
    empty=N_("No NIK was entered."),
    one_missing=N_("A NIK has 16 digits; this one has 15 ({digits}), so one is missing."),
    one_extra=N_("A NIK has 16 digits; this one has 17 ({digits}), so one is extra."),
    wrong_length=N_("A NIK has 16 digits; this one has {count} ({digits})."),
)
_KK_WORDING = _Wording(
    empty=N_("No KK number was entered."),
    one_missing=N_("A KK number has 16 digits; this one has 15 ({digits}), so one is missing."),
    one_extra=N_("A KK number has 16 digits; this one has 17 ({digits}), so one is extra."),
    wrong_length=N_("A KK number has 16 digits; this one has {count} ({digits})."),
)
_NOT_A_DIGIT = N_(
    "Character {position} ({character}) is not a digit; only the digits 0-9 are allowed, with spaces, dots or hyphens between groups."
)
_UNKNOWN_PROVINCE = N_("The first two digits ({code}) are not the code of any province.")
_NO_REGENCY = N_("The regency digits (3-4) are 00, which no regency has.")
_NO_DISTRICT = N_("The district digits (5-6) are 00, which no district has.")
_DAY_NOT_A_DAY = N_(
    "The birth day digits (7-8) read {field}: a day is 01-31 for men and 41-71 for women (day + 40)."
)
_DAY_TOO_HIGH = N_(
    "The birth day digits (7-8) read {field}, which is still day {day} after removing the 40 added for women; no month has more than 31 days."
)
_NO_SUCH_MONTH = N_("The birth month digits (9-10) read {month}; a month is 01-12.")
_DAY_NOT_IN_MONTH = N_(
    "The birth date digits (7-12) give day {day} of month {month} in {year}, but that month has only {days} days."
)
_SERIAL_ZERO = N_("The serial number (the last four digits) is 0000; serials start at 0001.")
_FUTURE_BIRTH = N_("The birth date in the NIK ({birth_date}) is after today ({today}).")

# A refusal before the document's own enum is known: (problem code, message).
_Refusal = tuple[str, Message]


def parse_nik(text: str, today: date) -> Nik | NikInvalid:
    """Decode a NIK as typed, or say precisely why it cannot be one.

    The two-digit birth year is 20YY unless that year is after ``today``'s, else 19YY.
    """
    digits = _read_digits(text, _NIK_WORDING)
    if isinstance(digits, tuple):
        return NikInvalid(NikProblem(digits[0]), digits[1])
    region = _check_region(digits)
    if isinstance(region, tuple):
        return NikInvalid(NikProblem(region[0]), region[1])
    birth = _birth_of(digits, today)
    if isinstance(birth, Message):
        return NikInvalid(NikProblem.IMPOSSIBLE_DATE, birth)
    if digits[12:] == "0000":
        return NikInvalid(NikProblem.SERIAL_ZERO, Message(_SERIAL_ZERO))
    birth_date, sex = birth
    if birth_date > today:
        return NikInvalid(
            NikProblem.FUTURE_BIRTH_DATE,
            Message(_FUTURE_BIRTH, {"birth_date": birth_date, "today": today}),
        )
    return Nik(
        value=digits,
        province_code=digits[:2],
        regency_code=digits[:4],
        district_code=digits[:6],
        birth_date=birth_date,
        sex=sex,
        serial=int(digits[12:]),
        province=region,
    )


def require_nik(text: str, today: date) -> Nik:
    """:func:`parse_nik` for data that must already be valid; raises :class:`NikError`."""
    parsed = parse_nik(text, today)
    if isinstance(parsed, NikInvalid):
        raise NikError(parsed)
    return parsed


def compose_nik(region6: str, birth_date: date, sex: Sex, serial: int) -> str:
    """The NIK for these parts (the inverse of :func:`parse_nik`).

    It checks shape only; whether the province exists is :func:`parse_nik`'s job.
    """
    if len(region6) != 6 or not all(is_ascii_digit(ch) for ch in region6):
        raise ValueError(f"region must be 6 ASCII digits, got {region6!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1-9999, got {serial}")
    day = birth_date.day + (_WOMAN_DAY_OFFSET if sex is Sex.FEMALE else 0)
    return f"{region6}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def parse_kk(text: str) -> Kk | KkInvalid:
    """Check a KK number's shape, region part and serial (its date part is not checked)."""
    digits = _read_digits(text, _KK_WORDING)
    if isinstance(digits, tuple):
        return KkInvalid(KkProblem(digits[0]), digits[1])
    region = _check_region(digits)
    if isinstance(region, tuple):
        return KkInvalid(KkProblem(region[0]), region[1])
    if digits[12:] == "0000":
        return KkInvalid(KkProblem.SERIAL_ZERO, Message(_SERIAL_ZERO))
    return Kk(
        value=digits,
        province_code=digits[:2],
        regency_code=digits[:4],
        district_code=digits[:6],
        province=region,
    )


def birth_digits_differ(nik: Nik, registered_birth_date: date) -> bool:
    """Whether the NIK's ``DDMMYY`` disagrees with the registered birth date.

    Only the digits are compared (a NIK carries no century). A difference is a
    warning for the agent, never a rejection: the registry does not reissue NIKs.
    """
    born = nik.birth_date
    return (born.day, born.month, born.year % 100) != (
        registered_birth_date.day,
        registered_birth_date.month,
        registered_birth_date.year % 100,
    )


def _read_digits(text: str, wording: _Wording) -> str | _Refusal:
    """The 16 ASCII digits of ``text`` once separators are dropped, or the first problem."""
    stripped = text.strip()
    digits = stripped.translate(_DROP_SEPARATORS)
    if not (digits.isascii() and digits.isdigit()):
        if not digits:
            return NikProblem.EMPTY, Message(wording.empty)
        return NikProblem.NOT_DIGITS, _not_digit_message(stripped)
    if len(digits) != NUMBER_LENGTH:
        return NikProblem.WRONG_LENGTH, _length_message(digits, wording)
    return digits


def _not_digit_message(stripped: str) -> Message:
    position, character = next(
        (index, ch)
        for index, ch in enumerate(stripped, start=1)
        if not is_ascii_digit(ch) and ch not in SEPARATORS
    )
    return foreign_digit_message(character, position) or Message(
        _NOT_A_DIGIT, {"position": position, "character": describe_character(character)}
    )


def _length_message(digits: str, wording: _Wording) -> Message:
    shown = preview(digits)
    if len(digits) == NUMBER_LENGTH - 1:
        return Message(wording.one_missing, {"digits": shown})
    if len(digits) == NUMBER_LENGTH + 1:
        return Message(wording.one_extra, {"digits": shown})
    return Message(wording.wrong_length, {"count": len(digits), "digits": shown})


def _check_region(digits: str) -> Province | _Refusal:
    found = province(digits[:2])
    if found is None:
        return NikProblem.UNKNOWN_PROVINCE, Message(_UNKNOWN_PROVINCE, {"code": digits[:2]})
    if digits[2:4] == "00":
        return NikProblem.UNKNOWN_REGION, Message(_NO_REGENCY)
    if digits[4:6] == "00":
        return NikProblem.UNKNOWN_REGION, Message(_NO_DISTRICT)
    return found


def _birth_of(digits: str, today: date) -> tuple[date, Sex] | Message:
    """Birth date and sex from ``DDMMYY``, or a message naming the impossible part."""
    field, month_field, year_field = digits[6:8], digits[8:10], digits[10:12]
    day_number = int(field)
    if 1 <= day_number <= 31:
        day, sex = day_number, Sex.MALE
    elif _WOMAN_DAY_OFFSET + 1 <= day_number <= _WOMAN_DAY_OFFSET + 31:
        day, sex = day_number - _WOMAN_DAY_OFFSET, Sex.FEMALE
    elif day_number > _WOMAN_DAY_OFFSET + 31:
        return Message(_DAY_TOO_HIGH, {"field": field, "day": day_number - _WOMAN_DAY_OFFSET})
    else:
        return Message(_DAY_NOT_A_DAY, {"field": field})
    month = int(month_field)
    if not 1 <= month <= 12:
        return Message(_NO_SUCH_MONTH, {"month": month_field})
    year = 2000 + int(year_field)
    if year > today.year:
        year -= 100
    days_in_month = calendar.monthrange(year, month)[1]
    if day > days_in_month:
        return Message(
            _DAY_NOT_IN_MONTH,
            {"day": day, "month": month_field, "year": str(year), "days": days_in_month},
        )
    return date(year, month, day), sex
