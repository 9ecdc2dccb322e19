"""Masked PII: the documented forms, and odd input that never raises or leaks more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.masking import (
    mask_birth_date,
    mask_email,
    mask_kk,
    mask_nik,
    mask_phone,
)
from tests.domain.identity_strategies import hostile_text, is_safe_to_print

NIK_MASK = "3201••••••••0001"


@pytest.mark.parametrize(
    "value", ["3201014101900001", "3201 0141 0190 0001", " 3201-0141-0190-0001 "]
)
def test_a_nik_keeps_its_region_start_and_serial(value: str) -> None:
    assert mask_nik(value) == NIK_MASK


def test_a_kk_number_is_masked_like_a_nik() -> None:
    assert mask_kk("3201010112190003") == "3201••••••••0003"


def test_a_mistyped_nik_keeps_the_same_ends_and_its_length() -> None:
    assert mask_nik("320101410190001") == "3201•••••••0001"
    assert mask_nik("32010141019000011") == "3201•••••••••0011"


@pytest.mark.parametrize(
    "value",
    [
        "12345678",
        "123",
        "3201a14101900001",
        "x" * 10_000,
        "1" * 40,
        "３２０１０１４１０１９０００１",
    ],
)
def test_values_that_are_no_nik_reveal_nothing(value: str) -> None:
    assert mask_nik(value) == "•" * 16
    assert mask_kk(value) == "•" * 16


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("budi@gmail.com", "bu••@gmail.com"),
        ("budisantoso@yahoo.co.id", "bu••••••@yahoo.co.id"),
        ("abc@x.id", "a••@x.id"),
        ("ab@x.id", "a••@x.id"),
        ("a@x.id", "••@x.id"),
        ("@x.id", "••@x.id"),
        ("budi", "bu••"),
        ("a@b@gmail.com", "a••@gmail.com"),  # split at the last @
    ],
)
def test_an_email_keeps_at_most_two_characters_and_the_domain(value: str, masked: str) -> None:
    assert mask_email(value) == masked


def test_an_email_domain_that_is_not_plain_text_is_hidden() -> None:
    assert mask_email("budi@gma\x1bil.com") == "bu••@•••"
    assert mask_email("budi@" + "x" * 100) == "bu••@•••"
    assert mask_email("\x1b[@x.id") == "•••@x.id"  # kept characters are never controls


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+6281234567890", "+62 812•••••890"),
        ("+62811111111", "+62 811•••111"),
        ("0812-3456-7890", "+62 812•••••890"),  # as an applicant typed it
        ("+12025550143", "+1 202••••143"),
        ("+60123456789", "+60 123•••789"),
    ],
)
def test_a_phone_keeps_country_code_first_three_and_last_three(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize("value", ["junk", "+62812", "021 555 1234", "+999123456789", "9" * 1_000])
def test_a_phone_that_is_no_mobile_number_reveals_nothing(value: str) -> None:
    assert set(mask_phone(value)) == {"•"}


@pytest.mark.parametrize(
    "value", [date(1990, 1, 1), datetime(1990, 1, 1, 7, 30), "1990-01-01", " 1990-01-01 "]
)
def test_a_birth_date_keeps_only_the_year(value: date | str) -> None:
    assert mask_birth_date(value) == "••/••/1990"


def test_a_birth_date_that_is_no_date_reveals_nothing() -> None:
    assert mask_birth_date("1990-13-45") == "••/••/••••"
    assert mask_birth_date("\x1b[31m") == "••/••/••••"


@pytest.mark.parametrize("mask", [mask_nik, mask_kk, mask_email, mask_phone, mask_birth_date])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_nothing_masks_to_nothing(mask: Callable[[str | None], str], value: str | None) -> None:
    assert mask(value) == ""


# -- properties ----------------------------------------------------------------

TEXT_MASKS = [mask_nik, mask_kk, mask_email, mask_phone, mask_birth_date]


@given(st.one_of(st.none(), hostile_text()))
def test_every_mask_accepts_anything_and_returns_printable_text(value: str | None) -> None:
    for mask in TEXT_MASKS:
        masked = mask(value)
        assert isinstance(masked, str)
        assert is_safe_to_print(masked)
        assert len(masked) <= 100


@given(hostile_text())
def test_an_identity_number_mask_shows_at_most_eight_digits(value: str) -> None:
    for mask in (mask_nik, mask_kk):
        assert sum(ch.isdigit() for ch in mask(value)) <= 8


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_a_nik_mask_hides_the_birth_date_and_district(nik: str) -> None:
    masked = mask_nik(nik)
    assert masked == nik[:4] + "•" * 8 + nik[12:]


@given(st.from_regex(r"[a-z0-9._]{1,30}", fullmatch=True), st.sampled_from(["gmail.com", "x.id"]))
def test_an_email_mask_reveals_at_most_two_characters_and_hides_at_least_half(
    local: str, domain: str
) -> None:
    masked_local, _, masked_domain = mask_email(f"{local}@{domain}").rpartition("@")
    shown = masked_local.rstrip("•")
    assert local.startswith(shown)
    assert len(shown) <= 2
    assert len(shown) <= len(local) // 2
    assert masked_domain == domain


@given(st.from_regex(r"8[0-9]{9,11}", fullmatch=True))
def test_a_phone_mask_shows_at_most_six_national_digits(national: str) -> None:
    masked = mask_phone(f"+62{national}")
    if masked.startswith("+62 "):
        assert sum(ch.isdigit() for ch in masked[4:]) <= 6
    else:
        assert set(masked) == {"•"}
