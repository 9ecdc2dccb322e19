"""Short forms of moments and durations for tables and the header.

Whole sentences (a domain :class:`~prakerja_console.domain.text.Message`) and
full moments with their zone (``28 Nov 2026 14:05 WIT``) come from
:class:`~prakerja_console.i18n.Translator`; these are the terse forms a column
or the header has room for.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.i18n import Translator

SHORT_MOMENT = "d MMM HH:mm"


def short_moment(translator: Translator, value: datetime | None, zone: TimeZoneName) -> str:
    """``28 Nov 14:05`` (the zone is shown once, elsewhere on the screen); ``—`` when unknown."""
    if value is None:
        return "—"
    return translator.datetime_text(value, zone.zone, SHORT_MOMENT)


def ago(translator: Translator, since: datetime, now: datetime) -> str:
    """``3 dtk`` / ``2 mnt``: how long ago, roughly (never negative)."""
    return translator.duration_text(max(now - since, timedelta(0)), format="short")
