"""Every user-visible string has Indonesian, and the compiled catalogue is current."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from prakerja_console.domain.text import Message
from prakerja_console.i18n import Translator
from prakerja_console.i18n.catalogue import marked_strings, missing, stale_mo_files
from prakerja_console.i18n.translator import normalise_language


def test_every_marked_string_is_translated_to_indonesian() -> None:
    untranslated = [f"{m.location}: {m.msgid!r}" for m in missing("id")]
    assert not untranslated, "add these to a .po file:\n" + "\n".join(untranslated)


def test_markers_are_found_nested_and_as_methods(tmp_path: Path) -> None:
    (tmp_path / "screen.py").write_text(
        "words = _(NAMES.get(key, N_('other data')))\n"
        "label = translator._('Sync finished.')\n"
        "count = tr.ngettext('{n} result', '{n} results', n)\n"
    )
    found = {marked.msgid: marked.location for marked in marked_strings(tmp_path)}
    assert set(found) == {"other data", "Sync finished.", "{n} result", "{n} results"}
    assert found["other data"] == "screen.py:1"


def test_compiled_catalogues_match_their_sources() -> None:
    assert not stale_mo_files("id"), "run: python -m prakerja_console.i18n compile"


def test_indonesian_is_the_default_and_formats_the_indonesian_way() -> None:
    tr = Translator()
    assert tr.language == "id"
    assert tr.number(1_432_133) == "1.432.133"
    assert tr.percent(0.0543) == "5,43%"
    assert tr._("Revoked") == "Dicabut"


def test_english_is_the_source_language() -> None:
    tr = Translator("en")
    assert tr._("Revoked") == "Revoked"
    assert tr.number(1_432_133) == "1,432,133"
    assert tr.percent(0.0543) == "5.43%"


def test_dates_read_in_the_applicant_zone() -> None:
    moment = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)
    assert Translator("id").datetime_text(moment) == "Sab 28 Nov 2026 14:05"


def test_messages_are_translated_then_filled_with_locale_numbers() -> None:
    message = Message("Receives social assistance (DTKS), excluded by this wave's policy")
    assert "bansos" in Translator("id").message(message)
    assert Translator("id").message(Message("{n}", {"n": 1_400_000})) == "1.400.000"
    nested = Message("{status}", {"status": Message("Revoked")})
    assert Translator("id").message(nested) == "Dicabut"
    assert nested.render() == "Revoked"


def test_dates_in_messages_are_formatted_for_the_locale_and_zone() -> None:
    moment = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)
    when = Message("{at} / {day}", {"at": moment, "day": moment.date()})
    assert Translator("id").message(when) == "Sab 28 Nov 2026 14:05 / 28 Nov 2026"
    assert (
        Translator("en")
        .message(when, ZoneInfo("Asia/Jayapura"))
        .startswith("Sat 28 Nov 2026 16:05")
    )


@pytest.mark.parametrize(
    ("raw", "code"), [("id_ID", "id"), ("EN-gb", "en"), ("in", "id"), (None, "id")]
)
def test_language_codes_are_normalised(raw: str | None, code: str) -> None:
    assert normalise_language(raw) == code


def test_unsupported_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="fr"):
        normalise_language("fr")
