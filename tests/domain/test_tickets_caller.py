"""Reading the caller of a blank ticket: a NIK or a registration id, and field-specific refusals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.nik import Sex, compose_nik
from prakerja_console.domain.text import Message
from prakerja_console.domain.tickets_caller import CallerId, CallerNik, read_caller
from tests.domain.identity_strategies import hostile_text

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("3201014101900001", CallerNik("3201014101900001")),
        (" 3201.0141.0190.0001 ", CallerNik("3201014101900001")),
        ("PK-0001234", CallerId(1234)),
        ("pk 77", CallerId(77)),
        ("#12", CallerId(12)),
    ],
)
def test_a_nik_or_a_registration_id_is_read(typed: str, read: CallerNik | CallerId) -> None:
    assert read_caller(typed, TODAY) == read


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Type the caller's NIK (16 digits) or registration id"),
        ("siti@example.id", "Type the caller's NIK (16 digits) or registration id"),
        ("0812 3456 7890", "find them by e-mail or phone with F1 Lookup"),
        ("Siti Rahayu", "Type the caller's NIK (16 digits) or registration id"),
        ("8812", "If this is the registration id, type it with PK- in front: PK-0008812."),
        ("320101410190000", "A NIK has 16 digits; this one has 15"),
        ("3201O14101900001", "('O') is not a digit"),
        ("PK-0", "A registration id is PK- followed by"),
    ],
)
def test_anything_else_is_refused_in_words_about_this_field(typed: str, words: str) -> None:
    refusal = read_caller(typed, TODAY)
    assert isinstance(refusal, Message)
    assert words in refusal.render()
    assert "e.g. 8812" not in refusal.render()  # the ticket-number field's wording


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2008, 12, 31)),
    st.sampled_from(Sex),
    st.integers(min_value=1, max_value=9999),
)
def test_every_valid_nik_is_read_as_itself(birth: date, sex: Sex, serial: int) -> None:
    nik = compose_nik("320101", birth, sex, serial)
    assert read_caller(nik, TODAY) == CallerNik(nik)


@given(st.integers(min_value=1, max_value=9_999_999_999))
def test_every_registration_id_is_read_as_its_number(number: int) -> None:
    assert read_caller(f"PK-{number:07d}", TODAY) == CallerId(number)


@given(hostile_text())
def test_any_text_is_read_or_refused_never_raises(text: str) -> None:
    assert isinstance(read_caller(text, TODAY), CallerNik | CallerId | Message)
