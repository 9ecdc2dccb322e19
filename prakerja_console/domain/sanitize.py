"""The one sanitiser for text that comes from outside (applicants, the central, CSV files).

Textual parses markup in plain strings and terminals obey escape sequences, so a
name typed into the public form could click buttons, rewrite the clipboard (OSC
52) or reorder what an agent reads (bidi overrides). Every field from outside
goes through :func:`clean_text` before it is shown, and the UI then renders the
result as literal text, never as markup. The function is pure so the CLI, the
UI and the exports share it; :func:`sanitised_message` applies it to the values
of a :class:`Message`, which the translator does for every message it fills.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from prakerja_console.domain.text import Message

VALUE_LIMIT = 80  # one value inside a sentence: the sentence must stay readable around it

_ELLIPSIS = "…"
_REPLACEMENT = "\ufffd"
# Format characters (Unicode category Cf) are dropped: bidi embeddings, overrides
# and isolates reorder what is displayed, zero-width characters hide differences
# between two names that look identical, tag characters smuggle invisible text.
# The combining grapheme joiner is invisible too, though not Cf.
_INVISIBLE_NON_FORMAT = "\u034f"


def _visible_control(char: str) -> str:
    """C0 controls become their Unicode "control picture" (ESC → ␛) so tampering shows."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    return _REPLACEMENT  # C1 controls have no pictures


def clean_text(value: object, max_length: int = 200, *, multiline: bool = False) -> str:
    """Make outside text safe and literal for display.

    Control characters become visible pictures (``␛``), bidi controls and
    zero-width characters are dropped, surrogates and private-use characters
    become ``�``, and the result is cut to ``max_length`` characters with an
    ellipsis. With ``multiline`` line breaks are kept (ticket bodies), otherwise
    they become spaces (names, cells). ``None`` becomes an empty string.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    out: list[str] = []
    length = 0
    for char in text:
        if length >= max_length:
            out.append(_ELLIPSIS)
            break
        if char == "\n" or char == "\r":
            if not multiline:
                piece = " "
            elif char == "\r":
                continue  # keep "\n" only; a lone CR would move the cursor
            else:
                piece = "\n"
        elif char == "\t":
            piece = " "
        elif char == _INVISIBLE_NON_FORMAT:
            continue
        else:
            category = unicodedata.category(char)
            if category == "Cc":
                piece = _visible_control(char)
            elif category in ("Cs", "Co", "Cn"):
                piece = _REPLACEMENT
            elif category == "Cf":
                continue
            elif category in ("Zl", "Zp"):
                piece = "\n" if multiline else " "
            else:
                piece = char
        out.append(piece)
        length += 1
    return "".join(out)


def sanitised_message(message: Message, max_length: int = VALUE_LIMIT) -> Message:
    """``message`` with every text value (nested ones too) cleaned and cut to ``max_length``.

    Numbers, dates, moments and durations are left for the translator to format;
    anything else is shown as text, so it is cleaned as outside text (a central's
    answer, an sqlite error, what the agent typed).
    """
    return Message(
        message.template,
        {key: _sanitised_value(value, max_length) for key, value in message.params.items()},
    )


def _sanitised_value(value: object, max_length: int) -> object:
    if isinstance(value, Message):
        return sanitised_message(value, max_length)
    if isinstance(value, int | float | date | timedelta):
        return value
    return clean_text(value, max_length=max_length)
