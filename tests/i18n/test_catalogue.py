"""Every user-visible string has Indonesian, and the compiled catalogue is current."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.text import Message
from prakerja_console.i18n import Translator
from prakerja_console.i18n.catalogue import marked_strings, missing, stale_mo_files, unused
from prakerja_console.i18n.translator import SUPPORTED_LANGUAGES, normalise_language


def test_every_marked_string_is_translated_to_indonesian() -> None:
    untranslated = [f"{m.location}: {m.msgid!r}" for m in missing("id")]
    assert not untranslated, "add these to a .po file:\n" + "\n".join(untranslated)


def test_no_translation_is_left_that_nothing_marks() -> None:
    dead = [f"{po_file.name}: {msgid!r}" for po_file, msgid in unused("id")]
    assert not dead, "delete these entries:\n" + "\n".join(dead)


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
    assert Translator("id").message(when) == "28 Nov 2026 14:05 WIB / 28 Nov 2026"
    jayapura = Translator("en").message(when, TimeZoneName.WIT)
    assert jayapura == "28 Nov 2026 16:05 WIT / 28 Nov 2026"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("zone", list(TimeZoneName))
def test_moments_name_the_zone_in_both_languages(language: str, zone: TimeZoneName) -> None:
    """Babel would write "+0900" in English; the agent says "WIT" in either language."""
    moment = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)
    shown = Translator(language).message(Message("{at}", {"at": moment}), zone)
    local = moment.astimezone(zone.zone)
    assert shown == f"{local.day} Nov 2026 {local:%H:%M} {zone.value}"


def test_durations_and_nested_messages_share_the_zone() -> None:
    inner = Message("due {at}", {"at": datetime(2026, 11, 28, 7, 5, tzinfo=UTC)})
    outer = Message("{inner}, {left} left", {"inner": inner, "left": timedelta(hours=2)})
    assert Translator("en").message(outer, TimeZoneName.WITA) == (
        "due 28 Nov 2026 15:05 WITA, 2 hours left"
    )


@pytest.mark.parametrize(
    ("raw", "code"), [("id_ID", "id"), ("EN-gb", "en"), ("in", "id"), (None, "id")]
)
def test_language_codes_are_normalised(raw: str | None, code: str) -> None:
    assert normalise_language(raw) == code


def test_unsupported_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="fr"):
        normalise_language("fr")
