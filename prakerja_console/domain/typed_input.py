"""Talking about what someone typed without echoing it back.

Identity numbers arrive from agents dictating over the phone and from applicants'
form fields: they may hold control characters, bidi overrides, full-width digits
or megabytes of junk. Messages about them name one character (as a safe
``repr``) and at most a short preview, so nothing outside printable text ever
reaches a terminal and nothing huge lands in a log.
"""

from __future__ import annotations

import unicodedata

from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message

PREVIEW_LIMIT = 20

_FULL_WIDTH_DIGIT = N_(
    "Character {position} ({character}) is a full-width digit; type it with the ordinary digits 0-9."
)
_ARABIC_INDIC_DIGIT = N_(
    "Character {position} ({character}) is an Arabic-Indic digit; type it with the ordinary digits 0-9."
)
_OTHER_SCRIPT_DIGIT = N_(
    "Character {position} ({character}) is a digit from another script; type it with the ordinary digits 0-9."
)


def describe_character(character: str) -> str:
    """A printable, quoted name for one character: ``'a'``, ``'\\x1b'``, ``'１' (U+FF11)``.

    ``repr`` escapes everything a terminal could act on; the code point makes
    look-alikes (full-width digits, Cyrillic letters) distinguishable.
    """
    shown = repr(character)
    return shown if character.isascii() else f"{shown} (U+{ord(character):04X})"


def preview(text: str, limit: int = PREVIEW_LIMIT) -> str:
    """At most ``limit`` characters of ``text`` (plus ``…``), made safe to display."""
    return clean_text(text, max_length=limit)


def is_ascii_digit(character: str) -> bool:
    return "0" <= character <= "9"


def foreign_digit_message(character: str, position: int) -> Message | None:
    """Say which script a non-ASCII decimal digit comes from, or None if it is no digit.

    Phones with an Arabic or Japanese keyboard produce these, and they look like
    digits to the agent, so "not a digit" alone would be confusing.
    """
    if character.isascii() or unicodedata.decimal(character, None) is None:
        return None
    name = unicodedata.name(character, "")
    if name.startswith("FULLWIDTH"):
        template = _FULL_WIDTH_DIGIT
    elif "ARABIC-INDIC" in name:
        template = _ARABIC_INDIC_DIGIT
    else:
        template = _OTHER_SCRIPT_DIGIT
    return Message(template, {"position": position, "character": describe_character(character)})
