"""Turning the domain's messages and moments into what an agent reads.

The domain hands over :class:`~prakerja_console.domain.text.Message` templates
whose values are raw: moments, dates, counts, nested messages, and sometimes text
from outside. :func:`say` translates the template and formats each value for the
language and the *applicant's* time zone (an agent in Jakarta talking to someone
in Jayapura reads Jayapura times, marked WIT); string values are sanitised, so a
message can carry outside text safely.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import Message
from prakerja_console.i18n import Translator

MOMENT = "d MMM y HH:mm"
SHORT_MOMENT = "d MMM HH:mm"
DAY = "d MMM y"
VALUE_LIMIT = 80


def say(translator: Translator, message: Message, zone: TimeZoneName = TimeZoneName.WIB) -> str:
    """The message translated, its values formatted (moments in ``zone``)."""
    values = {key: _value(translator, value, zone) for key, value in message.params.items()}
    return translator._(message.template).format(**values)


def _value(translator: Translator, value: object, zone: TimeZoneName) -> object:
    if isinstance(value, Message):
        return say(translator, value, zone)
    if isinstance(value, datetime):
        return moment(translator, value, zone)
    if isinstance(value, date):
        return translator.date_text(value, DAY)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return translator.number(value)
    if isinstance(value, str):
        return clean_text(value, max_length=VALUE_LIMIT)
    return clean_text(value, max_length=VALUE_LIMIT)


def moment(
    translator: Translator, value: datetime, zone: TimeZoneName, pattern: str = MOMENT
) -> str:
    """``28 Nov 2026 14:05 WIB``: a moment in a civil zone, with the zone named."""
    return f"{translator.datetime_text(value, zone.zone, pattern)} {zone.value}"


def short_moment(translator: Translator, value: datetime | None, zone: TimeZoneName) -> str:
    """``28 Nov 14:05`` (the zone is shown once, elsewhere on the screen); ``—`` when unknown."""
    if value is None:
        return "—"
    return translator.datetime_text(value, zone.zone, SHORT_MOMENT)


def ago(translator: Translator, since: datetime, now: datetime) -> str:
    """``3 dtk`` / ``2 mnt``: how long ago, roughly (never negative)."""
    return translator.duration_text(max(now - since, timedelta(0)), format="short")
