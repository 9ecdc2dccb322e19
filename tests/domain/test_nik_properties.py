"""Properties of NIK/KK parsing over wide inputs: round trips, totality, safe messages."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from prakerja_console.domain.nik import (
    Kk,
    KkInvalid,
    Nik,
    NikInvalid,
    Sex,
    birth_digits_differ,
    compose_nik,
    parse_kk,
    parse_nik,
)
from prakerja_console.domain.regions import PROVINCES
from prakerja_console.i18n import Translator
from tests.domain.identity_strategies import hostile_text, is_safe_to_print

ENGLISH, INDONESIAN = Translator("en"), Translator("id")
MESSAGE_LIMIT = 250  # the longest template plus a 20-character preview


@st.composite
def nik_parts(draw: st.DrawFn) -> tuple[str, date, Sex, int, date]:
    """Valid parts and a ``today`` on which the composed NIK must parse back to them.

    The birth year lies within the 100 years ending ``today`` (the century a
    two-digit year can name).
    """
    today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    born = draw(st.dates(min_value=date(today.year - 99, 1, 1), max_value=today))
    code = draw(st.sampled_from(sorted(PROVINCES)))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    sex = draw(st.sampled_from(Sex))
    serial = draw(st.integers(1, 9999))
    return f"{code}{regency:02d}{district:02d}", born, sex, serial, today


@given(nik_parts())
def test_every_composed_nik_parses_back_to_its_parts(
    parts: tuple[str, date, Sex, int, date],
) -> None:
    region, born, sex, serial, today = parts
    nik = parse_nik(compose_nik(region, born, sex, serial), today)
    assert isinstance(nik, Nik)
    assert (nik.district_code, nik.birth_date, nik.sex, nik.serial) == (region, born, sex, serial)
    assert nik.province is PROVINCES[region[:2]]
    assert nik.age_on(today) >= 0
    assert not birth_digits_differ(nik, born)


@given(nik_parts(), st.lists(st.sampled_from([" ", ".", "-", "  "]), min_size=15, max_size=15))
def test_separators_between_digits_never_change_the_result(
    parts: tuple[str, date, Sex, int, date], separators: list[str]
) -> None:
    region, born, sex, serial, today = parts
    plain = compose_nik(region, born, sex, serial)
    dictated = "".join(d + s for d, s in zip(plain, [*separators, ""], strict=True))
    assert parse_nik(dictated, today) == parse_nik(plain, today)


@given(nik_parts())
def test_a_birth_date_after_today_is_never_accepted(
    parts: tuple[str, date, Sex, int, date],
) -> None:
    region, _born, sex, serial, today = parts
    tomorrow = today + timedelta(days=1)
    assume(tomorrow.year == today.year)  # next year's two digits would read as last century
    parsed = parse_nik(compose_nik(region, tomorrow, sex, serial), today)
    assert isinstance(parsed, NikInvalid)
    assert parsed.problem == "future_birth_date"


@given(hostile_text(), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_any_text_is_a_nik_or_a_safe_refusal(text: str, today: date) -> None:
    parsed = parse_nik(text, today)
    if isinstance(parsed, Nik):
        assert len(parsed.value) == 16
        assert parsed.value.isascii()
        assert parsed.value.isdigit()
        return
    assert isinstance(parsed, NikInvalid)
    for translator in (ENGLISH, INDONESIAN):
        rendered = translator.message(parsed.message)
        assert rendered
        assert len(rendered) <= MESSAGE_LIMIT
        assert is_safe_to_print(rendered)


@given(hostile_text())
def test_any_text_is_a_kk_number_or_a_safe_refusal(text: str) -> None:
    parsed = parse_kk(text)
    if isinstance(parsed, Kk):
        assert len(parsed.value) == 16
        assert parsed.province is PROVINCES[parsed.province_code]
        return
    assert isinstance(parsed, KkInvalid)
    for translator in (ENGLISH, INDONESIAN):
        rendered = translator.message(parsed.message)
        assert rendered
        assert len(rendered) <= MESSAGE_LIMIT
        assert is_safe_to_print(rendered)
