"""The identity catalogue: every Indonesian text fills exactly the English placeholders."""

from __future__ import annotations

import string

from prakerja_console.i18n.catalogue import load_catalogue
from prakerja_console.i18n.translator import LOCALE_DIR

IDENTITY_PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "identity.po"


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_translations_use_the_same_placeholders_as_their_source() -> None:
    entries = [message for message in load_catalogue(IDENTITY_PO) if message.id]
    assert len(entries) > 50
    mismatched = [
        message.id
        for message in entries
        if isinstance(message.id, str)
        and isinstance(message.string, str)
        and placeholders(message.id) != placeholders(message.string)
    ]
    assert not mismatched
