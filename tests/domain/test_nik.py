"""NIK and KK rules: decoding, each refusal in its order, century, sex, leap days."""

from __future__ import annotations

from datetime import date

import pytest

from prakerja_console.domain.nik import (
    Kk,
    KkInvalid,
    KkProblem,
    Nik,
    NikError,
    NikInvalid,
    NikProblem,
    Sex,
    birth_digits_differ,
    compose_nik,
    parse_kk,
    parse_nik,
    require_nik,
)
from prakerja_console.domain.regions import PROVINCES
from prakerja_console.i18n import Translator

TODAY = date(2026, 11, 28)
SITI = "3201014101900001"  # Siti Rahayu: Jawa Barat, woman born 1 January 1990


def valid(text: str, today: date = TODAY) -> Nik:
    parsed = parse_nik(text, today)
    assert isinstance(parsed, Nik), parsed
    return parsed


def refused(text: str, today: date = TODAY) -> NikInvalid:
    parsed = parse_nik(text, today)
    assert isinstance(parsed, NikInvalid), parsed
    return parsed


def english(invalid: NikInvalid | KkInvalid) -> str:
    return Translator("en").message(invalid.message)


# -- decoding -------------------------------------------------------------------


def test_a_womans_nik_decodes_every_part() -> None:
    nik = valid(SITI)
    assert nik.value == SITI
    assert (nik.province_code, nik.regency_code, nik.district_code) == ("32", "3201", "320101")
    assert nik.province.name == "Jawa Barat"
    assert nik.birth_date == date(1990, 1, 1)
    assert nik.sex is Sex.FEMALE
    assert nik.serial == 1
    assert nik.age_on(TODAY) == 36


def test_a_mans_day_is_not_offset() -> None:
    nik = valid("3578101708450123")
    assert nik.sex is Sex.MALE
    assert nik.birth_date == date(1945, 8, 17)
    assert nik.serial == 123
    assert nik.province.name == "Jawa Timur"


@pytest.mark.parametrize("day_field", ["01", "31"])
def test_men_days_span_01_to_31(day_field: str) -> None:
    nik = valid(f"320101{day_field}0190" + "0001")
    assert (nik.sex, nik.birth_date.day) == (Sex.MALE, int(day_field))


@pytest.mark.parametrize("day_field", ["41", "71"])
def test_women_days_span_41_to_71(day_field: str) -> None:
    nik = valid(f"320101{day_field}0190" + "0001")
    assert (nik.sex, nik.birth_date.day) == (Sex.FEMALE, int(day_field) - 40)


@pytest.mark.parametrize(
    "typed",
    [
        "3201 0141 0190 0001",
        "3201.0141.0190.0001",
        "3201-0141-0190-0001",
        "  3201014101900001\t\n",
        "32 01 01 41 01 90 0001",
        "3201 - 0141 . 0190 0001",
    ],
)
def test_dictated_groups_and_surrounding_whitespace_are_accepted(typed: str) -> None:
    assert valid(typed).value == SITI


@pytest.mark.parametrize("code", sorted(PROVINCES))
def test_every_current_province_code_decodes(code: str) -> None:
    nik = valid(f"{code}0101" + "0101900001")
    assert nik.province is PROVINCES[code]
    assert nik.province_code == code


def test_the_38_provinces_include_the_old_papua_codes_with_a_note() -> None:
    assert len(PROVINCES) == 38
    for legacy in ("91", "92"):
        assert valid(f"{legacy}01010101900001").province.legacy_note
    assert valid("9301010101900001").province.legacy_note is None


@pytest.mark.parametrize("code", [f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCES])
def test_every_other_two_digit_code_is_an_unknown_province(code: str) -> None:
    invalid = refused(f"{code}01010101900001")
    assert invalid.problem is NikProblem.UNKNOWN_PROVINCE
    assert f"({code})" in english(invalid)


# -- century, leap days, future -----------------------------------------------


def test_two_digit_year_up_to_todays_year_is_this_century() -> None:
    assert valid("3201010101260001").birth_date == date(2026, 1, 1)
    assert valid("3201010101000001").birth_date == date(2000, 1, 1)


def test_two_digit_year_after_todays_year_is_last_century() -> None:
    assert valid("3201010101270001").birth_date == date(1927, 1, 1)
    assert valid("3201010101990001").birth_date == date(1999, 1, 1)


def test_the_century_boundary_moves_with_today() -> None:
    nik = "3201010101270001"
    assert valid(nik, today=date(2026, 12, 31)).birth_date == date(1927, 1, 1)
    assert valid(nik, today=date(2027, 1, 1)).birth_date == date(2027, 1, 1)


def test_later_this_year_is_a_future_birth_date() -> None:
    invalid = refused("3201013012260001")  # 30 December 2026, today is 28 November 2026
    assert invalid.problem is NikProblem.FUTURE_BIRTH_DATE
    assert "30 Dec 2026" in english(invalid)
    assert "28 Nov 2026" in english(invalid)


def test_born_today_is_valid_and_tomorrow_is_future() -> None:
    assert valid("3201012811260001").age_on(TODAY) == 0
    assert refused("3201012911260001").problem is NikProblem.FUTURE_BIRTH_DATE
    assert valid("3201012911260001", today=date(2026, 11, 29)).birth_date == date(2026, 11, 29)


def test_29_february_exists_in_2000_and_1996() -> None:
    assert valid("3201012902000001").birth_date == date(2000, 2, 29)
    assert valid("3201016902960001").birth_date == date(1996, 2, 29)  # a woman: 29 + 40


def test_29_february_of_a_common_year_is_impossible() -> None:
    invalid = refused("3201012902990001")
    assert invalid.problem is NikProblem.IMPOSSIBLE_DATE
    assert "day 29 of month 02 in 1999" in english(invalid)
    assert "28 days" in english(invalid)


def test_1900_is_not_a_leap_year_when_00_reads_as_1900() -> None:
    # Read on a day in 1999, "00" is after today's year, so it means 1900.
    invalid = refused("3201012902000001", today=date(1999, 6, 1))
    assert invalid.problem is NikProblem.IMPOSSIBLE_DATE
    assert "1900" in english(invalid)


def test_a_leap_day_birthday_counts_on_1_march_in_common_years() -> None:
    nik = valid("3201012902000001")
    assert nik.age_on(date(2001, 2, 28)) == 0
    assert nik.age_on(date(2001, 3, 1)) == 1
    assert nik.age_on(date(2004, 2, 29)) == 4


def test_age_counts_completed_years() -> None:
    nik = valid(SITI)
    assert nik.age_on(date(2025, 12, 31)) == 35
    assert nik.age_on(date(2026, 1, 1)) == 36


def test_age_before_birth_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        valid(SITI).age_on(date(1989, 12, 31))


# -- each refusal ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", " - . -"])
def test_nothing_but_whitespace_or_separators_is_empty(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is NikProblem.EMPTY
    assert english(invalid) == "No NIK was entered."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3201a14101900001", "Character 5 ('a') is not a digit"),
        ("3201 0141 0190 000O", "Character 19 ('O') is not a digit"),
        ("3201\t0141", "Character 5 ('\\t') is not a digit"),
        ("32\x1b[31m01", "Character 3 ('\\x1b') is not a digit"),
        ("3201\u202e0141", "Character 5 ('\\u202e' (U+202E)) is not a digit"),
        ("3201/0141", "Character 5 ('/') is not a digit"),
        ("3201\u00a00141", "Character 5 ('\\xa0' (U+00A0)) is not a digit"),
    ],
)
def test_the_first_offending_character_is_named_with_its_position(
    typed: str, expected: str
) -> None:
    invalid = refused(typed)
    assert invalid.problem is NikProblem.NOT_DIGITS
    assert english(invalid).startswith(expected)


@pytest.mark.parametrize(
    ("typed", "script"),
    [
        ("３２０１014101900001", "full-width digit"),
        ("٣٢٠١014101900001", "Arabic-Indic digit"),
        ("۳۲۰۱014101900001", "Arabic-Indic digit"),  # the Persian/Urdu ("extended") forms
        ("३२०१014101900001", "digit from another script"),
    ],
)
def test_digits_of_other_scripts_are_called_what_they_are(typed: str, script: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is NikProblem.NOT_DIGITS
    assert script in english(invalid)
    assert "Character 1 " in english(invalid)


def test_a_huge_input_is_never_echoed() -> None:
    invalid = refused("9" * 10_000)
    assert invalid.problem is NikProblem.WRONG_LENGTH
    text = english(invalid)
    assert "10,000" in text
    assert "9" * 21 not in text
    assert len(text) < 120
    junk = refused("x" * 10_000 + "\x1b")
    assert len(english(junk)) < 200


def test_fifteen_digits_is_one_missing() -> None:
    invalid = refused("320101410190001")
    assert invalid.problem is NikProblem.WRONG_LENGTH
    assert english(invalid) == (
        "A NIK has 16 digits; this one has 15 (320101410190001), so one is missing."
    )


def test_seventeen_digits_is_one_extra() -> None:
    invalid = refused("32010141019000011")
    assert invalid.problem is NikProblem.WRONG_LENGTH
    assert "so one is extra" in english(invalid)


def test_other_lengths_say_how_many_digits_were_given() -> None:
    invalid = refused("3201 0141")
    assert english(invalid) == "A NIK has 16 digits; this one has 8 (32010141)."


def test_a_regency_part_00_is_an_unknown_region() -> None:
    invalid = refused("3200014101900001")
    assert invalid.problem is NikProblem.UNKNOWN_REGION
    assert "regency" in english(invalid)


def test_a_district_part_00_is_an_unknown_region() -> None:
    invalid = refused("3201004101900001")
    assert invalid.problem is NikProblem.UNKNOWN_REGION
    assert "district" in english(invalid)


@pytest.mark.parametrize(
    ("day_field", "expected"),
    [
        ("00", "read 00: a day is 01-31"),
        ("32", "read 32: a day is 01-31"),
        ("40", "read 40: a day is 01-31"),
        ("72", "read 72, which is still day 32 after removing the 40"),
        ("99", "read 99, which is still day 59"),
    ],
)
def test_day_fields_that_are_no_day(day_field: str, expected: str) -> None:
    invalid = refused(f"320101{day_field}0190" + "0001")
    assert invalid.problem is NikProblem.IMPOSSIBLE_DATE
    assert expected in english(invalid)


@pytest.mark.parametrize("month_field", ["00", "13", "99"])
def test_month_fields_that_are_no_month(month_field: str) -> None:
    invalid = refused(f"32010101{month_field}90" + "0001")
    assert invalid.problem is NikProblem.IMPOSSIBLE_DATE
    assert f"month digits (9-10) read {month_field}" in english(invalid)


@pytest.mark.parametrize(
    ("nik", "day", "days"), [("3201013102990001", 31, 28), ("3201017104900001", 31, 30)]
)
def test_days_past_the_end_of_their_month(nik: str, day: int, days: int) -> None:
    invalid = refused(nik)
    assert invalid.problem is NikProblem.IMPOSSIBLE_DATE
    assert f"day {day} of month" in english(invalid)
    assert f"only {days} days" in english(invalid)


def test_serial_0000_is_refused() -> None:
    invalid = refused("3201014101900000")
    assert invalid.problem is NikProblem.SERIAL_ZERO
    assert "0001" in english(invalid)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("9900a", "not_digits"),  # characters before length
        ("99000", "wrong_length"),  # length before province
        ("9900000000000000", "unknown_province"),  # province before region
        ("3200000000000000", "unknown_region"),  # region before date
        ("3201010000000000", "impossible_date"),  # date before serial
        ("3201013112260000", "serial_zero"),  # serial before future date
    ],
)
def test_checks_run_in_the_documented_order(typed: str, problem: str) -> None:
    assert refused(typed).problem == problem


# -- compose, require, consistency ----------------------------------------------


def test_compose_is_the_inverse_of_parse() -> None:
    assert compose_nik("320101", date(1990, 1, 1), Sex.FEMALE, 1) == SITI
    assert compose_nik("357810", date(1945, 8, 17), Sex.MALE, 123) == "3578101708450123"


@pytest.mark.parametrize(
    ("region", "serial"),
    [("32010", 1), ("32010a", 1), ("３２０１０１", 1), ("320101", 0), ("320101", 10_000)],
)
def test_compose_refuses_parts_no_nik_can_hold(region: str, serial: int) -> None:
    with pytest.raises(ValueError, match=r"^(region|serial) must be"):
        compose_nik(region, date(1990, 1, 1), Sex.MALE, serial)


def test_require_nik_raises_with_the_refusal_attached() -> None:
    assert require_nik(SITI, TODAY).value == SITI
    with pytest.raises(NikError, match="serials start at 0001") as caught:
        require_nik("3201014101900000", TODAY)
    assert caught.value.invalid.problem is NikProblem.SERIAL_ZERO
    assert isinstance(caught.value, ValueError)


def test_birth_digits_agree_with_the_registered_birth_date() -> None:
    nik = valid(SITI)
    assert not birth_digits_differ(nik, date(1990, 1, 1))


@pytest.mark.parametrize("registered", [date(1990, 1, 2), date(1990, 2, 1), date(1991, 1, 1)])
def test_birth_digits_that_differ_are_flagged(registered: date) -> None:
    assert birth_digits_differ(valid(SITI), registered)


def test_birth_digits_carry_no_century() -> None:
    # 010127 was read as 1927; a registered 2027 birth has the same digits.
    assert not birth_digits_differ(valid("3201010101270001"), date(2027, 1, 1))


def test_sex_labels_are_plain_words() -> None:
    assert Translator("id")._(Sex.FEMALE.label) == "Perempuan"
    assert Translator("id")._(Sex.MALE.label) == "Laki-laki"


# -- KK ------------------------------------------------------------------------


def test_a_kk_number_decodes_its_region() -> None:
    kk = parse_kk("3201 0101 1219 0003")
    assert isinstance(kk, Kk)
    assert (kk.value, kk.province_code, kk.regency_code, kk.district_code) == (
        "3201010112190003",
        "32",
        "3201",
        "320101",
    )
    assert kk.province.name == "Jawa Barat"


def test_a_kk_date_part_is_not_a_birth_date() -> None:
    # Day 00 and month 13 would be impossible in a NIK; a KK's middle is not checked.
    assert isinstance(parse_kk("3201010013990003"), Kk)


@pytest.mark.parametrize(
    ("typed", "problem", "wording"),
    [
        ("", KkProblem.EMPTY, "No KK number was entered."),
        ("3201x", KkProblem.NOT_DIGITS, "Character 5 ('x') is not a digit"),
        ("320101011219000", KkProblem.WRONG_LENGTH, "A KK number has 16 digits; this one has 15"),
        ("32010101121900031", KkProblem.WRONG_LENGTH, "so one is extra"),
        ("12", KkProblem.WRONG_LENGTH, "A KK number has 16 digits; this one has 2 (12)."),
        ("2001010112190003", KkProblem.UNKNOWN_PROVINCE, "(20)"),
        ("3200010112190003", KkProblem.UNKNOWN_REGION, "regency"),
        ("3201000112190003", KkProblem.UNKNOWN_REGION, "district"),
        ("3201010112190000", KkProblem.SERIAL_ZERO, "0000"),
    ],
)
def test_each_kk_refusal(typed: str, problem: KkProblem, wording: str) -> None:
    invalid = parse_kk(typed)
    assert isinstance(invalid, KkInvalid)
    assert invalid.problem is problem
    assert wording in english(invalid)


# -- language ----------------------------------------------------------------------


def test_refusals_read_naturally_in_indonesian() -> None:
    tr = Translator("id")
    assert tr.message(refused("320101410190001").message) == (
        "NIK harus 16 digit; yang ini 15 digit (320101410190001), jadi kurang satu."
    )
    assert tr.message(refused("9" * 10_000).message).startswith(
        "NIK harus 16 digit; yang ini 10.000 digit"
    )
    assert "Karakter ke-5 ('a') bukan angka" in tr.message(refused("3201a").message)
