"""Indonesian mobile numbers: every way of writing one, and each refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.phone import (
    Phone,
    PhoneInvalid,
    PhoneProblem,
    looks_like_phone,
    normalise_phone,
    readable_phone,
)
from prakerja_console.i18n import Translator
from tests.domain.identity_strategies import hostile_text, is_safe_to_print

ENGLISH, INDONESIAN = Translator("en"), Translator("id")
E164 = "+6281234567890"


def refused(text: str) -> PhoneInvalid:
    result = normalise_phone(text)
    assert isinstance(result, PhoneInvalid), result
    return result


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "(0812) 3456-7890",
        "+62 812-3456-7890",
        "+62 (812) 3456 7890",
        "+6281234567890",
        "6281234567890",
        "62 812 3456 7890",
        "81234567890",
        "812-3456-7890",
        "  0812 3456 7890\n",
    ],
)
def test_every_indonesian_way_of_writing_a_mobile_number(typed: str) -> None:
    assert normalise_phone(typed) == Phone(E164)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0811 111 111", "+62811111111"),  # the shortest Telkomsel numbers
        ("0895 1234 5678", "+6289512345678"),
        ("0878-1234-5678", "+6287812345678"),
        ("0881 1234 5678", "+6288112345678"),
    ],
)
def test_numbers_of_several_operators_and_lengths(typed: str, e164: str) -> None:
    assert normalise_phone(typed) == Phone(e164)


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_nothing_typed_is_empty(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.EMPTY
    assert ENGLISH.message(invalid.message) == "No phone number was entered."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("budi", "Character 1 ('b') cannot be part of a phone number"),
        ("0812-FLOWERS", "Character 6 ('F')"),  # vanity letters are not a mobile number
        ("0812+3456", "Character 5 ('+')"),  # a plus only leads
        ("0812\x1b[2J", "Character 5 ('\\x1b')"),
        ("0812/3456", "Character 5 ('/')"),
    ],
)
def test_characters_no_phone_number_has(typed: str, expected: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.NOT_A_NUMBER
    assert ENGLISH.message(invalid.message).startswith(expected)


def test_full_width_digits_are_named() -> None:
    invalid = refused("０８１２３４５６７８９０")
    assert invalid.problem is PhoneProblem.NOT_A_NUMBER
    assert "full-width digit" in ENGLISH.message(invalid.message)


@pytest.mark.parametrize("typed", ["+", "()", "+ ( ) - ."])
def test_formatting_without_digits_is_not_a_number(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.NOT_A_NUMBER
    assert "no digits" in ENGLISH.message(invalid.message)


@pytest.mark.parametrize("typed", ["0812345", "0812", "+62", "+62 8", "08"])
def test_too_short(typed: str) -> None:
    assert refused(typed).problem is PhoneProblem.TOO_SHORT


@pytest.mark.parametrize("typed", ["08123456789012", "+62 812 3456 7890 12", "9" * 40])
def test_too_long(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.TOO_LONG
    assert len(ENGLISH.message(invalid.message)) < 120


def test_a_huge_input_is_refused_without_echoing_it() -> None:
    invalid = refused("1" * 100_000)
    assert invalid.problem is PhoneProblem.TOO_LONG
    assert "1" * 21 not in ENGLISH.message(invalid.message)


@pytest.mark.parametrize(("typed", "code"), [("+60 12-345 6789", "+60"), ("+1 202 555 0143", "+1")])
def test_foreign_numbers_name_their_country_code(typed: str, code: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.NOT_INDONESIAN
    assert ENGLISH.message(invalid.message).startswith(f"{code} is not Indonesia's")


def test_a_country_code_that_does_not_exist_is_not_indonesian() -> None:
    invalid = refused("+999 1234 5678")
    assert invalid.problem is PhoneProblem.NOT_INDONESIAN
    assert "does not exist" in ENGLISH.message(invalid.message)


@pytest.mark.parametrize(
    "typed", ["021 555 1234", "(021) 5551234", "+62 21 5551234", "0274 512345"]
)
def test_landlines_cannot_receive_an_otp(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.NOT_MOBILE
    assert "landline" in ENGLISH.message(invalid.message)


@pytest.mark.parametrize("typed", ["0800 1234 567", "1234567890"])
def test_other_non_mobile_numbers(typed: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is PhoneProblem.NOT_MOBILE
    assert "start with 08" in ENGLISH.message(invalid.message)


def test_refusals_read_naturally_in_indonesian() -> None:
    assert INDONESIAN.message(refused("021 555 1234").message) == (
        "Nomor 0215551234 adalah nomor telepon rumah/kantor; kode dikirim lewat SMS,"
        " jadi harus nomor HP (08…)."
    )
    assert INDONESIAN.message(refused("0812345").message) == (
        "Nomor 0812345 terlalu pendek untuk nomor HP Indonesia."
    )


# -- looks_like_phone ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
        "81234567890",
        "(021) 5551234",
        "+60 12 345 6789",
    ],
)
def test_numbers_look_like_phones(typed: str) -> None:
    assert looks_like_phone(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "3201014101900001",  # a NIK: 16 digits
        "6201014101900001",  # a Kalimantan Tengah NIK starts with 62
        "Siti Rahayu",
        "budi@gmail.com",
        "0812",  # too little to tell
        "",
        "1" * 10_000,
        "1234567890",  # starts like no Indonesian number
    ],
)
def test_other_text_does_not_look_like_a_phone(typed: str) -> None:
    assert not looks_like_phone(typed)


# -- properties ------------------------------------------------------------------

_PREFIXES = [
    "811",
    "812",
    "813",
    "821",
    "822",
    "852",
    "853",
    "857",
    "858",
    "877",
    "878",
    "895",
    "896",
    "898",
    "899",
]


@st.composite
def written_mobile_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(how someone wrote it, its E.164 form) for Indonesian mobile numbers."""
    national = draw(st.sampled_from(_PREFIXES)) + draw(st.from_regex(r"[0-9]{8}", fullmatch=True))
    lead = draw(st.sampled_from(["0", "+62", "62", "", "+62 ", "(0", "+62 ("]))
    body = ""
    for digit in national:
        body += digit + draw(st.sampled_from(["", "", "", " ", "-", "."]))
    if "(" in lead:
        body = body[:3] + ")" + body[3:]
    return lead + body.rstrip(" -."), f"+62{national}"


@given(written_mobile_numbers())
def test_every_writing_of_a_mobile_number_gives_its_e164(written: tuple[str, str]) -> None:
    typed, e164 = written
    assert normalise_phone(typed) == Phone(e164)
    assert looks_like_phone(typed)


@given(hostile_text())
def test_any_text_is_a_mobile_number_or_a_safe_refusal(text: str) -> None:
    result = normalise_phone(text)
    if isinstance(result, Phone):
        assert result.e164.startswith("+628")
        assert normalise_phone(result.e164) == result  # the stored form is stable
        return
    assert isinstance(result, PhoneInvalid)
    for translator in (ENGLISH, INDONESIAN):
        rendered = translator.message(result.message)
        assert rendered
        assert len(rendered) < 250
        assert is_safe_to_print(rendered)


@given(hostile_text())
def test_looks_like_phone_never_raises_and_implies_digits(text: str) -> None:
    if looks_like_phone(text):
        assert 8 <= sum(ch.isdigit() for ch in text) <= 15


def test_a_revealed_number_reads_in_groups() -> None:
    assert readable_phone("+6287812340005") == "+62 878-1234-0005"
    assert readable_phone("not a number") == "not a number"  # kept as stored, never lost


@given(written_mobile_numbers())
def test_a_readable_number_keeps_every_digit(written: tuple[str, str]) -> None:
    _typed, e164 = written
    shown = readable_phone(e164)
    assert "".join(ch for ch in shown if ch.isdigit()) == e164[1:]
    assert normalise_phone(shown) == Phone(e164)
