"""The :class:`Translator`: gettext lookup plus Babel number/date formatting."""

from __future__ import annotations

import gettext
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal, format_percent

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sanitize import sanitised_message
from prakerja_console.domain.text import Message

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED_LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_BABEL_LOCALES = {"id": "id_ID", "en": "en_US"}
_JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = "d MMM y"  # day first in both languages, as in every moment and panel of the console
MOMENT = f"{DAY} HH:mm"  # the zone's abbreviation follows (Translator.moment)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """All compiled catalogues of a language, chained; English is the identity."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for mo_file in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        with mo_file.open("rb") as handle:
            part = gettext.GNUTranslations(handle)
        part.add_fallback(chain)
        chain = part
    return chain


def normalise_language(value: str | None) -> str:
    """Map ``id``, ``id_ID``, ``in``, ``EN-gb`` … onto a supported language code."""
    code = (value or DEFAULT_LANGUAGE).strip().lower().replace("-", "_").split("_")[0]
    if code == "in":  # Java's old code for Indonesian
        code = "id"
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {value!r}; choose one of {SUPPORTED_LANGUAGES}")
    return code


class Translator:
    """Translate catalogue ids and format numbers and dates for one language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = normalise_language(language)
        self.locale = Locale.parse(_BABEL_LOCALES[self.language])
        self._catalogue = _catalogue(self.language)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    # -- text -----------------------------------------------------------------
    def _(self, message: str) -> str:
        """Translate a catalogue id (an English source string)."""
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalogue.ngettext(singular, plural, count)

    def message(self, message: Message, zone: TimeZoneName = TimeZoneName.WIB) -> str:
        """Translate and fill a domain :class:`Message`, its text values cleaned.

        Values are formatted for the locale: integers as numbers, dates as the
        day first in both languages (``28 Nov 2026``, as the moments read),
        moments as ``28 Nov 2026 14:05 WIT`` in ``zone`` (the applicant's civil
        time, named because the agent may sit in another zone), durations in
        words, and values that are themselves messages (a status label inside a
        refusal) are translated too. Text values, nested ones too, may come from
        outside (a central's answer, an sqlite error, what the agent typed), and
        the CLI prints straight to a terminal: they are cleaned and cut to
        ``VALUE_LIMIT`` characters (``domain.sanitize.sanitised_message``).
        """
        return self._filled(sanitised_message(message), zone)

    def _filled(self, message: Message, zone: TimeZoneName) -> str:
        params = {key: self._param(value, zone) for key, value in message.params.items()}
        return self._(message.template).format(**params)

    def _param(self, value: object, zone: TimeZoneName) -> object:
        if isinstance(value, Message):
            return self._filled(value, zone)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return self.number(value)
        if isinstance(value, datetime):
            return self.moment(value, zone)
        if isinstance(value, date):
            return self.date_text(value, DAY)
        if isinstance(value, timedelta):
            return self.duration_text(value)
        return value

    # -- numbers --------------------------------------------------------------
    def number(self, value: float, digits: int | None = None) -> str:
        """``1.432.133`` in Indonesian, ``1,432,133`` in English."""
        if digits is None:
            return format_decimal(value, locale=self.locale)
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, ratio: float, digits: int = 2) -> str:
        """``5,43%`` in Indonesian for a ratio of 0.0543."""
        pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
        return format_percent(ratio, format=pattern, locale=self.locale)

    # -- dates and times ------------------------------------------------------
    def date_text(self, value: date, style: str = "medium") -> str:
        return format_date(value, format=style, locale=self.locale)

    def datetime_text(
        self, value: datetime, zone: ZoneInfo = _JAKARTA, pattern: str | None = None
    ) -> str:
        """A moment in the given civil zone, e.g. ``Sab 28 Nov 2026 14:05``."""
        return format_datetime(
            value, format=pattern or "EEE d MMM y HH:mm", tzinfo=zone, locale=self.locale
        )

    def moment(self, value: datetime, zone: TimeZoneName) -> str:
        """``28 Nov 2026 14:05 WIB``: a moment in one of Indonesia's zones, the zone named.

        The abbreviation is the Indonesian one in both languages: Babel would
        write ``+0900`` in English, which nobody on the phone says.
        """
        return f"{self.datetime_text(value, zone.zone, MOMENT)} {zone.value}"

    def duration_text(self, value: timedelta, **options: Any) -> str:
        """A rough human duration ("3 detik", "2 jam") for "last synced … ago"."""
        return format_timedelta(value, locale=self.locale, **options)
