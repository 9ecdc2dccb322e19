"""Masked forms of personal data, shown by default (revealing needs a reason and an audit).

Masks run on every row the UI paints and on whatever an applicant typed into the
public form, so each function takes any text (or None), never raises, and when
the value has an unexpected shape reveals nothing rather than more than the
usual mask would. The output is always printable: no control characters or
bidi overrides from the value survive.
"""

from __future__ import annotations

import re
from datetime import date

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from prakerja_console.domain.nik import SEPARATORS
from prakerja_console.domain.phone import Phone, normalise_phone

BULLET = "•"
_ID_SEPARATORS = str.maketrans("", "", SEPARATORS)
_ID_KEEP = 4  # NIK/KK: the region's first four digits and the serial stay visible
_ID_FALLBACK = BULLET * 16
# Outside these lengths a value is not a mistyped NIK/KK but something else: reveal nothing.
_ID_MIN_LENGTH = 12
_ID_MAX_LENGTH = 24
_EMAIL_KEEP = 2
_EMAIL_MIN_BULLETS = 2
_EMAIL_MAX_BULLETS = 6
_EMAIL_MAX_DOMAIN = 64
_PHONE_KEEP = 3
_PHONE_FALLBACK = BULLET * 10
_PHONE_MAX_TYPED = 32
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_BIRTH_DATE_FALLBACK = f"{BULLET * 2}/{BULLET * 2}/{BULLET * 4}"


def mask_nik(value: str | None) -> str:
    """``3201014101900001`` → ``3201••••••••0001``; odd values are masked whole."""
    return _mask_id_number(value)


def mask_kk(value: str | None) -> str:
    """A KK number masked like a NIK: region start and serial visible."""
    return _mask_id_number(value)


def mask_email(value: str | None) -> str:
    """``budi@gmail.com`` → ``bu••@gmail.com``: two characters at most, the domain kept."""
    if not isinstance(value, str) or not value.strip():
        return ""
    local, at, domain = value.strip().rpartition("@")
    if not at:
        local, domain = domain, ""
    # Keep fewer characters of a short local part so that at least half stays hidden.
    keep = min(_EMAIL_KEEP, len(local) // 2)
    hidden = min(max(len(local) - keep, _EMAIL_MIN_BULLETS), _EMAIL_MAX_BULLETS)
    shown_domain = domain if _is_plain(domain, _EMAIL_MAX_DOMAIN) else BULLET * 3
    masked_local = "".join(_printable(ch) for ch in local[:keep]) + BULLET * hidden
    return f"{masked_local}@{shown_domain}" if at else masked_local


def mask_phone(value: str | None) -> str:
    """``+6281234567890`` → ``+62 812•••••890``: country code, first three, last three digits."""
    if not isinstance(value, str) or not value.strip():
        return ""
    e164 = _e164_of(value.strip())
    if e164 is None:
        return _PHONE_FALLBACK
    digits = e164[1:]
    code_length = next(
        (n for n in (1, 2, 3) if int(digits[:n]) in COUNTRY_CODE_TO_REGION_CODE), None
    )
    if code_length is None:
        return _PHONE_FALLBACK
    national = digits[code_length:]
    return f"+{digits[:code_length]} {_reveal_ends(national, _PHONE_KEEP, _PHONE_KEEP)}"


def mask_birth_date(value: date | str | None) -> str:
    """``1990-01-01`` → ``••/••/1990``: the year (roughly the age) stays, day and month go."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return _BIRTH_DATE_FALLBACK if text else ""
    if not isinstance(value, date):
        return ""
    return f"{BULLET * 2}/{BULLET * 2}/{value.year:04d}"


def _e164_of(candidate: str) -> str | None:
    """The stored form as is; otherwise what an applicant might have typed, normalised."""
    if _E164.fullmatch(candidate):
        return candidate
    normalised = normalise_phone(candidate) if len(candidate) <= _PHONE_MAX_TYPED else None
    return normalised.e164 if isinstance(normalised, Phone) else None


def _mask_id_number(value: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    digits = value.strip().translate(_ID_SEPARATORS)
    plausible = _ID_MIN_LENGTH <= len(digits) <= _ID_MAX_LENGTH
    if not (plausible and digits.isascii() and digits.isdigit()):
        return _ID_FALLBACK
    return _reveal_ends(digits, _ID_KEEP, _ID_KEEP)


def _reveal_ends(digits: str, start: int, end: int) -> str:
    """Keep ``start`` leading and ``end`` trailing digits, fewer if under a third would hide."""
    minimum_hidden = max(2, len(digits) // 3)
    while start + end > 0 and len(digits) - start - end < minimum_hidden:
        if start >= end:
            start -= 1
        else:
            end -= 1
    hidden = max(len(digits) - start - end, 0)
    return digits[:start] + BULLET * hidden + (digits[len(digits) - end :] if end else "")


def _printable(character: str) -> str:
    return character if character.isprintable() and not character.isspace() else BULLET


def _is_plain(domain: str, limit: int) -> bool:
    """A domain shown as is: short and made of printable, non-space characters only."""
    return 0 < len(domain) <= limit and all(ch.isprintable() and not ch.isspace() for ch in domain)
