"""The translator cleans a message's outside values (nested ones too) when it fills it; numbers and
moments it formats itself."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sanitize import VALUE_LIMIT, sanitised_message
from prakerja_console.domain.text import Message
from prakerja_console.i18n import Translator

ENGLISH = Translator("en")


def test_text_values_are_cleaned_at_every_depth() -> None:
    inner = Message("server said {answer}", {"answer": "\x1b]52;c;cHduZWQ=\x07 ok"})
    outer = Message("{why}: {typed}", {"why": inner, "typed": "Budi\u202e\u200bSantoso"})
    shown = ENGLISH.message(outer)
    assert shown == "server said ␛]52;c;cHduZWQ=␇ ok: BudiSantoso"


def test_long_values_are_cut_but_the_sentence_stays() -> None:
    shown = ENGLISH.message(Message("'{typed}' is not a NIK.", {"typed": "9" * 10_000}))
    assert shown == f"'{'9' * VALUE_LIMIT}…' is not a NIK."


def test_numbers_moments_and_durations_are_left_to_the_translator() -> None:
    at = datetime(2026, 11, 28, 7, 5, tzinfo=UTC)
    message = Message(
        "{count} queued since {at}, {left} left ({ok})",
        {"count": 1_400_000, "at": at, "left": timedelta(minutes=5), "ok": True},
    )
    assert sanitised_message(message) == message
    assert ENGLISH.message(message, TimeZoneName.WIT) == (
        "1,400,000 queued since 28 Nov 2026 16:05 WIT, 5 minutes left (True)"
    )


@given(st.text())
def test_no_control_or_format_character_survives(typed: str) -> None:
    shown = ENGLISH.message(Message("[{typed}]", {"typed": typed}))
    inside = shown[1:-1]
    assert len(inside) <= VALUE_LIMIT + 1
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in inside)


def test_an_already_cleaned_message_reads_the_same() -> None:
    """The UI may clean a value for a widget first: cleaning twice changes nothing."""
    message = Message("{a}", {"a": Message("{b}", {"b": "\x1b[2J" + "x" * 500})})
    assert ENGLISH.message(sanitised_message(message)) == ENGLISH.message(message)
