"""The Tickets screen's ``/`` filter: ``kategori:nik status:open budi`` read into values.

An agent types keys in Indonesian or English (``kategori:``/``category:``,
``status:``, ``prioritas:``/``priority:``, ``petugas:``/``assignee:``) and free
words. A key's value picks every code whose wire value, English label or label in
the agent's language contains it (``kategori:nik`` is the three NIK categories,
``status:tunggu`` is "waiting for the applicant" in Indonesian); a value that
picks nothing is reported and matches nothing, rather than being ignored.

Free words are read like the lookup box reads them: ``#123`` or a bare number of
up to ten digits is a ticket number, 16 digits a NIK, anything with ``@`` an
e-mail address, a phone number in any Indonesian form its E.164 number, and the
rest the applicant's name (word starts). Cheap enough for every keystroke: no
I/O, and input beyond :data:`MAX_FILTER_LENGTH` characters is cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from prakerja_console.domain.email_address import looks_like_email, normalise_email
from prakerja_console.domain.phone import Phone, looks_like_phone, normalise_phone
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import Category, Priority, Status

MAX_FILTER_LENGTH = 200
_TICKET_NUMBER = re.compile(r"#?([0-9]{1,10})")
_NIK = re.compile(r"[0-9]{16}")


class FilterKey(StrEnum):
    CATEGORY = "category"
    STATUS = "status"
    PRIORITY = "priority"
    ASSIGNEE = "assignee"


KEY_NAMES: dict[str, FilterKey] = {
    "kategori": FilterKey.CATEGORY,
    "category": FilterKey.CATEGORY,
    "kat": FilterKey.CATEGORY,
    "status": FilterKey.STATUS,
    "prioritas": FilterKey.PRIORITY,
    "priority": FilterKey.PRIORITY,
    "petugas": FilterKey.ASSIGNEE,
    "agen": FilterKey.ASSIGNEE,
    "assignee": FilterKey.ASSIGNEE,
}
_VOCABULARIES: dict[FilterKey, tuple[Category, ...] | tuple[Status, ...] | tuple[Priority, ...]] = {
    FilterKey.CATEGORY: tuple(member for member in Category if member is not Category.UNKNOWN),
    FilterKey.STATUS: tuple(member for member in Status if member is not Status.UNKNOWN),
    FilterKey.PRIORITY: tuple(member for member in Priority if member is not Priority.UNKNOWN),
}
_NO_MATCH = {
    FilterKey.CATEGORY: N_('No category matches "{value}".'),
    FilterKey.STATUS: N_('No status matches "{value}".'),
    FilterKey.PRIORITY: N_('No priority matches "{value}".'),
}
_EMPTY_VALUE = N_('"{key}:" needs a value, e.g. kategori:nik or status:open.')


@dataclass(frozen=True, slots=True)
class TicketFilter:
    """What the typed filter asks for; ``problems`` say what could not be read."""

    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()  # as typed: matched against usernames by the service
    ticket_ids: tuple[int, ...] = ()
    niks: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    words: str = ""
    problems: tuple[Message, ...] = field(default_factory=tuple)


def _labels(member: Category | Status | Priority) -> tuple[str, ...]:
    if isinstance(member, Category):
        return (member.label, member.short_label)
    return (member.label,)


def matching_codes(key: FilterKey, value: str, translate: Callable[[str], str]) -> tuple[str, ...]:
    """The codes of ``key``'s vocabulary that ``value`` names (by code or label, any case)."""
    wanted = value.casefold()
    found = []
    for member in _VOCABULARIES[key]:
        texts = (member.value, *_labels(member), *(translate(label) for label in _labels(member)))
        if any(wanted in text.casefold() for text in texts):
            found.append(member.value)
    return tuple(found)


def _split(text: str) -> Iterable[str]:
    return text[:MAX_FILTER_LENGTH].split()


def read_filter(text: str, translate: Callable[[str], str] = lambda text: text) -> TicketFilter:
    """Read a typed filter; never raises (problems come back as messages)."""
    values: dict[FilterKey, list[str]] = {key: [] for key in FilterKey}
    ticket_ids: list[int] = []
    niks: list[str] = []
    phones: list[str] = []
    emails: list[str] = []
    words: list[str] = []
    problems: list[Message] = []
    for token in _split(text):
        name, colon, value = token.partition(":")
        key = KEY_NAMES.get(name.casefold()) if colon else None
        if key is not None:
            if not value:
                problems.append(Message(_EMPTY_VALUE, {"key": name}))
            elif key is FilterKey.ASSIGNEE:
                values[key].append(value)
            else:
                codes = matching_codes(key, value, translate)
                if not codes:
                    problems.append(Message(_NO_MATCH[key], {"value": value}))
                    codes = (value,)  # matches nothing: say so rather than ignore it
                values[key] += codes
            continue
        phone = normalise_phone(token) if token[0] in "0+" and looks_like_phone(token) else None
        number = _TICKET_NUMBER.fullmatch(token)
        if isinstance(phone, Phone):  # before numbers: "0812345678" is no ticket number
            phones.append(phone.e164)
        elif _NIK.fullmatch(token):
            niks.append(token)
        elif number is not None:
            ticket_ids.append(int(number.group(1)))
        elif "@" in token and looks_like_email(token):
            normalised = normalise_email(token)
            emails.append(normalised if isinstance(normalised, str) else token.casefold())
        else:
            words.append(token)
    return TicketFilter(
        categories=tuple(dict.fromkeys(values[FilterKey.CATEGORY])),
        statuses=tuple(dict.fromkeys(values[FilterKey.STATUS])),
        priorities=tuple(dict.fromkeys(values[FilterKey.PRIORITY])),
        assignees=tuple(dict.fromkeys(values[FilterKey.ASSIGNEE])),
        ticket_ids=tuple(ticket_ids),
        niks=tuple(niks),
        phones=tuple(phones),
        emails=tuple(emails),
        words=" ".join(words),
        problems=tuple(problems),
    )
