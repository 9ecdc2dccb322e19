"""E-mail addresses: the lower-cased lookup key, or a specific reason for refusal.

``email-validator`` decides validity (syntax only: the console never does DNS).
Its error texts are English prose, so we explain refusals ourselves: a few
structural checks run first (the mistakes people really make: no @, a space,
``gmail`` without ``.com``), and when the library still refuses we find which
side of the @ it objects to and name the offending character if there is one.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email

from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.typed_input import describe_character, preview

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, as email-validator applies it
_LOOKS_LIKE_LIMIT = 320
_FULL_WIDTH_AT = "\uff20"
# Characters allowed before the @ without quoting (RFC 5322 atext, plus the dot).
_LOCAL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-.")
_DOMAIN_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-.")
_PROBE_DOMAIN = "example.com"  # a domain the library accepts, to test a local part alone


class EmailProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTAINS_SPACE = "contains_space"
    MISSING_AT = "missing_at"
    TOO_MANY_AT = "too_many_at"
    MISSING_LOCAL_PART = "missing_local_part"
    MISSING_DOMAIN = "missing_domain"
    DOMAIN_WITHOUT_DOT = "domain_without_dot"
    INVALID_LOCAL_PART = "invalid_local_part"
    INVALID_DOMAIN = "invalid_domain"


@dataclass(frozen=True, slots=True)
class EmailInvalid:
    problem: EmailProblem
    message: Message


_EMPTY = N_("No e-mail address was entered.")
_TOO_LONG = N_("An e-mail address has at most 254 characters; this one has {count}.")
_SPACE = N_("Character {position} ({character}) is a space; an e-mail address has no spaces.")
_MISSING_AT = N_("An e-mail address needs an @, as in nama@gmail.com.")
_FULL_WIDTH = N_("The @ in this address is a full-width ＠; type an ordinary @.")
_TOO_MANY_AT = N_("An e-mail address has exactly one @; this one has {count}.")
_MISSING_LOCAL = N_("There is nothing before the @; an address looks like nama@gmail.com.")
_MISSING_DOMAIN = N_("There is nothing after the @; an address looks like nama@gmail.com.")
_NO_DOT = N_("The part after the @ ({domain}) needs a dot, as in gmail.com.")
_LOCAL_CHARACTER = N_(
    "Character {position} ({character}) cannot be used before the @ in an e-mail address."
)
_LOCAL_SHAPE = N_(
    "The part before the @ is not valid: it cannot start or end with a dot or have two dots in a row."
)
_DOMAIN_CHARACTER = N_(
    "Character {position} ({character}) cannot be used after the @ in an e-mail address."
)
_DOMAIN_SHAPE = N_("The part after the @ ({domain}) is not a valid domain name like gmail.com.")


def normalise_email(text: str) -> str | EmailInvalid:
    """The address lower-cased whole (the lookup key), or why it is not an address."""
    address = text.strip()
    refusal = _structural_refusal(address)
    if refusal is not None:
        return refusal
    try:
        validated = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return _explain_refusal(address)
    return validated.normalized.lower()


def looks_like_email(text: str) -> bool:
    """Whether the lookup box should read ``text`` as an e-mail address (no validation)."""
    return len(text) <= _LOOKS_LIKE_LIMIT and ("@" in text or _FULL_WIDTH_AT in text)


def _structural_refusal(address: str) -> EmailInvalid | None:
    if not address:
        return EmailInvalid(EmailProblem.EMPTY, Message(_EMPTY))
    if len(address) > MAX_LENGTH:
        return EmailInvalid(EmailProblem.TOO_LONG, Message(_TOO_LONG, {"count": len(address)}))
    space = next(((index, ch) for index, ch in enumerate(address, start=1) if ch.isspace()), None)
    if space is not None:
        position, character = space
        return EmailInvalid(
            EmailProblem.CONTAINS_SPACE,
            Message(_SPACE, {"position": position, "character": describe_character(character)}),
        )
    at_count = address.count("@")
    if at_count == 0:
        template = _FULL_WIDTH if _FULL_WIDTH_AT in address else _MISSING_AT
        return EmailInvalid(EmailProblem.MISSING_AT, Message(template))
    if at_count > 1:
        return EmailInvalid(EmailProblem.TOO_MANY_AT, Message(_TOO_MANY_AT, {"count": at_count}))
    local, domain = address.split("@")
    if not local:
        return EmailInvalid(EmailProblem.MISSING_LOCAL_PART, Message(_MISSING_LOCAL))
    if not domain:
        return EmailInvalid(EmailProblem.MISSING_DOMAIN, Message(_MISSING_DOMAIN))
    if "." not in domain:
        return EmailInvalid(
            EmailProblem.DOMAIN_WITHOUT_DOT, Message(_NO_DOT, {"domain": preview(domain)})
        )
    return None


def _explain_refusal(address: str) -> EmailInvalid:
    """Say which side of the @ the library refused, naming a bad character when there is one."""
    local, domain = address.split("@")
    if not _library_accepts_local_part(local):
        position = _first_outside(local, _LOCAL_CHARACTERS)
        if position is None:
            return EmailInvalid(EmailProblem.INVALID_LOCAL_PART, Message(_LOCAL_SHAPE))
        return EmailInvalid(
            EmailProblem.INVALID_LOCAL_PART, _character_message(_LOCAL_CHARACTER, local, position)
        )
    position = _first_outside(domain, _DOMAIN_CHARACTERS)
    if position is None:
        return EmailInvalid(
            EmailProblem.INVALID_DOMAIN, Message(_DOMAIN_SHAPE, {"domain": preview(domain)})
        )
    message = _character_message(_DOMAIN_CHARACTER, domain, position, offset=len(local) + 1)
    return EmailInvalid(EmailProblem.INVALID_DOMAIN, message)


def _library_accepts_local_part(local: str) -> bool:
    try:
        validate_email(f"{local}@{_PROBE_DOMAIN}", check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return False
    return True


def _first_outside(part: str, allowed: frozenset[str]) -> int | None:
    return next((index for index, ch in enumerate(part) if ch not in allowed), None)


def _character_message(template: str, part: str, index: int, offset: int = 0) -> Message:
    """Name ``part[index]`` by its 1-based position in the whole address."""
    return Message(
        template,
        {"position": offset + index + 1, "character": describe_character(part[index])},
    )
