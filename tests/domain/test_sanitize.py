"""Outside text is made literal and harmless before anything shows it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.sanitize import clean_text


def test_plain_names_pass_unchanged() -> None:
    assert clean_text("Siti Rahayu") == "Siti Rahayu"
    assert clean_text("Ni Luh Putu Ayu Wulandari") == "Ni Luh Putu Ayu Wulandari"


def test_markup_is_left_as_literal_characters() -> None:
    # The UI renders the result as literal text; the sanitiser must not eat brackets.
    assert clean_text("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_escape_sequences_become_visible_pictures() -> None:
    assert clean_text("\x1b[2J") == "␛[2J"
    assert clean_text("\x1b]52;c;aGVsbG8=\x07") == "␛]52;c;aGVsbG8=␇"
    assert clean_text("a\x9bb") == "a\ufffdb"  # C1 CSI has no picture


def test_bidi_and_zero_width_characters_are_dropped() -> None:
    assert clean_text("abc\u202edcba") == "abcdcba"
    assert clean_text("Si\u200bti\u2066 Ra\u200dhayu\ufeff") == "Siti Rahayu"


def test_line_breaks_depend_on_the_field() -> None:
    assert clean_text("a\r\nb\u2028c") == "a  b c"
    assert clean_text("a\r\nb\u2028c", multiline=True) == "a\nb\nc"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert clean_text("x" * 5000, max_length=10) == "x" * 10 + "…"
    assert clean_text(None) == ""


@given(st.text(max_size=300), st.integers(min_value=1, max_value=120), st.booleans())
def test_no_control_or_format_character_survives(text: str, limit: int, multiline: bool) -> None:
    cleaned = clean_text(text, max_length=limit, multiline=multiline)
    assert len(cleaned) <= limit + 1
    for char in cleaned:
        category = unicodedata.category(char)
        assert category not in ("Cf", "Cs", "Co"), repr(char)
        assert category != "Cc" or (multiline and char == "\n"), repr(char)
