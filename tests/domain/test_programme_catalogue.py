"""The programme catalogue: same placeholders as the English, and nothing stale in it."""

from __future__ import annotations

import string
from pathlib import Path

from prakerja_console.i18n.catalogue import PACKAGE_DIR, load_catalogue, marked_strings
from prakerja_console.i18n.translator import LOCALE_DIR

PROGRAMME_PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "programme.po"
PROGRAMME_MODULES = ("applicant", "eligibility", "selection", "waves", "transitions", "stuck")


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def entries() -> dict[str, str]:
    return {
        message.id: message.string
        for message in load_catalogue(PROGRAMME_PO)
        if isinstance(message.id, str) and message.id and isinstance(message.string, str)
    }


def test_translations_fill_exactly_the_english_placeholders() -> None:
    catalogue = entries()
    assert len(catalogue) > 100
    mismatched = [mid for mid, text in catalogue.items() if placeholders(mid) != placeholders(text)]
    assert not mismatched


def test_every_entry_is_still_used_by_the_programme_modules() -> None:
    sources = {str(Path("domain") / f"{name}.py") for name in PROGRAMME_MODULES}
    used = {
        marked.msgid
        for marked in marked_strings(PACKAGE_DIR)
        if marked.location.rsplit(":", 1)[0] in sources
    }
    assert set(entries()) == used
