"""Outside text as Textual ``Content``: sanitised, literal, never markup.

Everything an applicant typed or the central sent reaches a widget through
:func:`safe`, so ``[@click=app.quit]`` stays a pair of brackets and an escape
sequence becomes a visible ``␛``. The console's own styled text is assembled
from ``(text, style)`` pieces (:func:`styled`), never parsed from markup, so a
translation can contain brackets too. A domain :class:`Message`'s outside
values (what the agent typed, the central's answer) are cleaned by the
translator itself when it fills the template.
"""

from __future__ import annotations

from textual.content import Content

from prakerja_console.domain.sanitize import clean_text

DEFAULT_LIMIT = 120


def safe(
    value: object, max_length: int = DEFAULT_LIMIT, *, style: str = "", multiline: bool = False
) -> Content:
    """Sanitise outside text and wrap it as literal content (optionally styled)."""
    text = clean_text(value, max_length=max_length, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def styled(*pieces: str | tuple[str, str] | Content) -> Content:
    """Literal content from plain strings, ``(text, style)`` pairs and finished Content."""
    return Content.assemble(*pieces)
