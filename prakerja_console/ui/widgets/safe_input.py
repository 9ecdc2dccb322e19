"""An ``Input`` whose value can never carry a terminal control sequence.

Textual's ``Input`` draws its value as it is: a pasted or programmatically set
value with ``ESC ] 52 ;`` (OSC 52, clipboard), ``ESC ] 0 ;`` (window title), C1
controls or a right-to-left override would reach the terminal — a pty test
caught exactly that. Every value goes through the domain's one sanitiser on its
way in (controls become visible pictures, bidi and zero-width characters go), so
what is shown, searched and stored is the same safe text.
"""

from __future__ import annotations

from textual.widgets import Input

from prakerja_console.domain.sanitize import clean_text

MAX_INPUT_LENGTH = 10_000  # far beyond anything typed; the sanitiser cuts past it


class SafeInput(Input):
    def validate_value(self, value: str) -> str:
        return clean_text(value, max_length=MAX_INPUT_LENGTH)
