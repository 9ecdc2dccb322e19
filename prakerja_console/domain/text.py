"""Plain-words messages that the domain hands to the outer layers.

The domain knows *what* to say (an English template, the catalogue's msgid) but
never loads a catalogue: the UI and CLI translate the template, then fill it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, don't translate"
    """Mark a string for the translation catalogue without translating it here."""
    return message


@dataclass(frozen=True, slots=True)
class Message:
    """A translatable template plus the values that fill it (``str.format`` style)."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Any = None) -> str:
        """Fill the template (and nested messages), translated by ``translate`` when given.

        This is the plain fallback (logs, exceptions); user-facing text goes through
        ``i18n.Translator.message``, which also formats numbers and dates.
        """
        text = translate(self.template) if translate is not None else self.template
        params = {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return text.format(**params)
