"""E-mail addresses: the lower-cased lookup key, and a specific reason for each refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.email_address import (
    EmailInvalid,
    EmailProblem,
    looks_like_email,
    normalise_email,
)
from prakerja_console.i18n import Translator
from tests.domain.identity_strategies import hostile_text, is_safe_to_print

ENGLISH, INDONESIAN = Translator("en"), Translator("id")


def refused(text: str) -> EmailInvalid:
    result = normalise_email(text)
    assert isinstance(result, EmailInvalid), result
    return result


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("budi@gmail.com", "budi@gmail.com"),
        ("Budi.Santoso@Gmail.COM", "budi.santoso@gmail.com"),
        ("  SITI_RAHAYU+prakerja@Yahoo.co.id \n", "siti_rahayu+prakerja@yahoo.co.id"),
        ("a@b.co", "a@b.co"),
    ],
)
def test_addresses_become_their_lower_cased_lookup_key(typed: str, key: str) -> None:
    assert normalise_email(typed) == key


@pytest.mark.parametrize(
    ("typed", "problem", "wording"),
    [
        ("", EmailProblem.EMPTY, "No e-mail address was entered."),
        ("  ", EmailProblem.EMPTY, "No e-mail address was entered."),
        ("a" * 250 + "@gmail.com", EmailProblem.TOO_LONG, "this one has 260"),
        ("bu di@gmail.com", EmailProblem.CONTAINS_SPACE, "Character 3 (' ') is a space"),
        ("budi@gmail.com\tx", EmailProblem.CONTAINS_SPACE, "Character 15 ('\\t')"),
        ("budi\u00a0@gmail.com", EmailProblem.CONTAINS_SPACE, "'\\xa0' (U+00A0)"),
        ("budi.gmail.com", EmailProblem.MISSING_AT, "needs an @"),
        ("budi＠gmail.com", EmailProblem.MISSING_AT, "full-width"),
        ("budi@@gmail.com", EmailProblem.TOO_MANY_AT, "this one has 2"),
        ("@gmail.com", EmailProblem.MISSING_LOCAL_PART, "nothing before the @"),
        ("budi@", EmailProblem.MISSING_DOMAIN, "nothing after the @"),
        ("budi@gmail", EmailProblem.DOMAIN_WITHOUT_DOT, "(gmail) needs a dot"),
        ("budi@gmail,com", EmailProblem.DOMAIN_WITHOUT_DOT, "(gmail,com) needs a dot"),
        ("budi..santoso@gmail.com", EmailProblem.INVALID_LOCAL_PART, "two dots in a row"),
        (".budi@gmail.com", EmailProblem.INVALID_LOCAL_PART, "start or end with a dot"),
        ("bùdi@gmail.com", EmailProblem.INVALID_LOCAL_PART, "Character 2 ('ù' (U+00F9))"),
        ("<budi@gmail.com>", EmailProblem.INVALID_LOCAL_PART, "Character 1 ('<')"),
        ("budi@gmail.com\x1b", EmailProblem.INVALID_DOMAIN, "Character 15 ('\\x1b')"),
        ("budi@gmail_mail.com", EmailProblem.INVALID_DOMAIN, "Character 11 ('_')"),
        ("budi@-gmail.com", EmailProblem.INVALID_DOMAIN, "(-gmail.com) is not a valid domain"),
        ("budi@gmail..com", EmailProblem.INVALID_DOMAIN, "is not a valid domain"),
    ],
)
def test_each_refusal_names_what_is_wrong(typed: str, problem: EmailProblem, wording: str) -> None:
    invalid = refused(typed)
    assert invalid.problem is problem
    assert wording in ENGLISH.message(invalid.message)


def test_a_long_domain_is_previewed_not_echoed() -> None:
    invalid = refused("budi@" + "x" * 200)
    assert invalid.problem is EmailProblem.DOMAIN_WITHOUT_DOT
    assert "x" * 21 not in ENGLISH.message(invalid.message)


def test_refusals_read_naturally_in_indonesian() -> None:
    assert INDONESIAN.message(refused("budi@gmail").message) == (
        "Bagian setelah @ (gmail) harus ada titiknya, contohnya gmail.com."
    )
    assert INDONESIAN.message(refused("").message) == "Alamat e-mail belum diisi."


@pytest.mark.parametrize("typed", ["budi@gmail.com", "budi@", "@x", "budi＠gmail.com"])
def test_anything_with_an_at_sign_looks_like_an_email(typed: str) -> None:
    assert looks_like_email(typed)


@pytest.mark.parametrize("typed", ["Siti Rahayu", "3201014101900001", "", "@" + "x" * 400])
def test_other_text_does_not_look_like_an_email(typed: str) -> None:
    assert not looks_like_email(typed)


# -- properties ------------------------------------------------------------------

_LOCAL = st.from_regex(r"[A-Za-z0-9_+-]{1,10}(\.[A-Za-z0-9_+-]{1,10}){0,2}", fullmatch=True)
_DOMAIN = st.sampled_from(["gmail.com", "Yahoo.co.id", "ymail.com", "kemnaker.go.id", "UI.ac.id"])


@given(_LOCAL, _DOMAIN)
def test_valid_addresses_are_keyed_case_insensitively(local: str, domain: str) -> None:
    key = normalise_email(f"{local}@{domain}")
    assert key == f"{local}@{domain}".lower()
    assert normalise_email(f"{local}@{domain}".upper()) == key
    assert normalise_email(key) == key


@given(hostile_text())
def test_any_text_is_a_key_or_a_safe_refusal(text: str) -> None:
    result = normalise_email(text)
    if isinstance(result, str):
        assert result == result.lower()
        assert result.count("@") == 1
        assert normalise_email(result) == result
        return
    assert isinstance(result, EmailInvalid)
    for translator in (ENGLISH, INDONESIAN):
        rendered = translator.message(result.message)
        assert rendered
        assert len(rendered) < 250
        assert is_safe_to_print(rendered)
