"""What the one search field reads typed text as (pure; runs on every keystroke)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.lookup_query import (
    MAX_QUERY_LENGTH,
    QueryKind,
    describe,
    read_query,
    registration_label,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("3201014101900001", QueryKind.NIK, "3201014101900001"),
        ("3201 0141 0190 0001", QueryKind.NIK, "3201014101900001"),
        ("3201.0141.0190.0001", QueryKind.NIK, "3201014101900001"),
        ("  3201-0141-0190-0001  ", QueryKind.NIK, "3201014101900001"),
        ("siti.rahayu@gmail.com", QueryKind.EMAIL, "siti.rahayu@gmail.com"),
        ("Siti.Rahayu@GMAIL.com", QueryKind.EMAIL, "siti.rahayu@gmail.com"),
        ("0812-3456-0001", QueryKind.PHONE, "+6281234560001"),
        ("0812 3456 0001", QueryKind.PHONE, "+6281234560001"),
        ("+62 812 3456 0001", QueryKind.PHONE, "+6281234560001"),
        ("6281234560001", QueryKind.PHONE, "+6281234560001"),
        ("(0812) 3456-0001", QueryKind.PHONE, "+6281234560001"),
        ("PK-0001234", QueryKind.REGISTRATION, "1234"),
        ("pk1234", QueryKind.REGISTRATION, "1234"),
        ("PK 12", QueryKind.REGISTRATION, "12"),
        ("#1234", QueryKind.REGISTRATION, "1234"),
        ("budi", QueryKind.NAME, "budi"),
        ("Siti Rahayu", QueryKind.NAME, "Siti Rahayu"),
        ("NEAR(", QueryKind.NAME, "NEAR("),
        ("AND", QueryKind.NAME, "AND"),
        ("[bold red]X[/]", QueryKind.NAME, "[bold red]X[/]"),
    ],
)
def test_reads_what_was_typed(text: str, kind: QueryKind, value: str) -> None:
    query = read_query(text, TODAY)
    assert (query.kind, query.value) == (kind, value)


def test_a_typed_start_of_an_address_is_searched_as_a_prefix() -> None:
    for text in ("siti.rahayu@gm", "siti@", "Siti@Gmail."):
        query = read_query(text, TODAY)
        assert query.kind is QueryKind.EMAIL
        assert not query.complete
        assert query.value == text.lower()
        assert describe(query) == "e-mail start"


def test_sixteen_digits_that_are_no_nik_are_still_searched_with_a_warning() -> None:
    query = read_query("9901014101900001", TODAY)  # no province 99
    assert query.kind is QueryKind.NIK
    assert query.value == "9901014101900001"
    assert query.problem is not None
    assert "99" in query.problem.render()


def test_a_kk_number_that_does_not_decode_as_a_nik_reads_as_kk() -> None:
    # Month digits 13 rule out a NIK; a KK number's middle (its issue date) is not checked.
    query = read_query("3201011513150007", TODAY)
    assert query.kind is QueryKind.KK
    assert query.problem is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("320101410190000", "15"),  # 15 digits: one missing
        ("32010141019000012", "17"),  # 17 digits: one extra
        ("3201O14101900001", "'O'"),  # a letter O for a zero
        ("a b@x.com", "space"),
        ("a@@x.com", "@"),
        ('"', "NIK"),
        ("*", "NIK"),
        ("-", "NIK"),
        ("PK-0", "PK-"),
        ("0812", "short"),
    ],
)
def test_bad_queries_say_why_in_plain_words(text: str, fragment: str) -> None:
    query = read_query(text, TODAY)
    assert query.kind is QueryKind.INVALID
    assert query.problem is not None
    assert fragment in query.problem.render()
    assert not query.kind.searchable


def test_five_thousand_characters_are_refused_by_length() -> None:
    query = read_query("x" * 5000, TODAY)
    assert query.kind is QueryKind.INVALID
    assert query.problem is not None
    assert query.problem.params == {"count": 5000, "limit": MAX_QUERY_LENGTH}


def test_empty_and_blank_text_is_nothing_to_search() -> None:
    assert read_query("", TODAY).kind is QueryKind.EMPTY
    assert read_query("   \t", TODAY).kind is QueryKind.EMPTY


def test_a_registration_label_reads_back_as_its_id() -> None:
    query = read_query(registration_label(1234), TODAY)
    assert (query.kind, query.value) == (QueryKind.REGISTRATION, "1234")


@given(st.text(max_size=300))
def test_any_text_reads_as_something_and_never_raises(text: str) -> None:
    query = read_query(text, TODAY)
    assert isinstance(query.kind, QueryKind)
    if query.kind is QueryKind.INVALID:
        assert query.problem is not None
        query.problem.render()  # the message's template and values fit together
    if query.kind.searchable:
        assert query.value
        assert len(query.value) <= MAX_QUERY_LENGTH


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_sixteen_digits_are_always_searched_as_an_identity_number(digits: str) -> None:
    query = read_query(digits, TODAY)
    assert query.kind in (QueryKind.NIK, QueryKind.KK)
    assert query.value == digits
