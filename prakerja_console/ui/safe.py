"""Outside text as Textual ``Content``: sanitised, literal, never markup.

Everything an applicant typed or the central sent reaches a widget through
:func:`safe`, so ``[@click=app.quit]`` stays a pair of brackets and an escape
sequence becomes a visible ``␛``. The console's own styled text is assembled
from ``(text, style)`` pieces (:func:`styled`), never parsed from markup, so a
translation can contain brackets too. A domain :class:`Message` may carry
outside text among its values (what the agent typed, the central's answer):
:func:`sanitised` cleans those before the translator fills the template.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content

from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import Message

DEFAULT_LIMIT = 120
VALUE_LIMIT = 80  # one value inside a sentence: the sentence must stay readable around it


def safe(
    value: object, max_length: int = DEFAULT_LIMIT, *, style: str = "", multiline: bool = False
) -> Content:
    """Sanitise outside text and wrap it as literal content (optionally styled)."""
    text = clean_text(value, max_length=max_length, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def styled(*pieces: str | tuple[str, str] | Content) -> Content:
    """Literal content from plain strings, ``(text, style)`` pairs and finished Content."""
    return Content.assemble(*pieces)


def sanitised(message: Message, max_length: int = VALUE_LIMIT) -> Message:
    """``message`` with every text value (nested ones too) cleaned and cut to ``max_length``.

    Numbers, dates, moments and durations are left for the translator to format;
    anything else is shown as text, so it is cleaned as outside text.
    """
    return Message(
        message.template,
        {key: _sanitised(value, max_length) for key, value in message.params.items()},
    )


def _sanitised(value: object, max_length: int) -> object:
    if isinstance(value, Message):
        return sanitised(value, max_length)
    if isinstance(value, int | float | date | timedelta):
        return value
    return clean_text(value, max_length=max_length)
