"""Name search: hostile text is only ever words, tiers rank, keyset pages are stable."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.store import queries
from prakerja_console.store.ingest import apply_page
from prakerja_console.store.records import NameKey
from prakerja_console.store.search import MAX_TOKEN_CHARS, MAX_TOKENS, name_tokens, tier_queries
from prakerja_console.sync.protocol import Table
from tests.store import factory as f

NAMES = [
    "Siti Rahayu",  # 1
    "Rahmat Hidayat",  # 2
    "Siti Nurhaliza",  # 3
    "Muhammad Rahayu Putra",  # 4
    "Sitiana Dewi",  # 5
    "José Ma'ruf",  # 6
    "[@click=app.quit]x[/]",  # 7: a hostile name is still just a name
    "Nur-Aini AND Siti",  # 8
]

HOSTILE = [
    '"',
    '""',
    "*",
    "siti*",
    "NEAR(siti rahayu)",
    "NEAR(",
    "siti AND",
    "AND OR NOT",
    "-siti",
    "'",
    "ma'ruf",
    "(((",
    ")",
    "siti)",
    "{name}: siti",
    "name:siti",
    "^siti",
    "siti\x00rahayu",
    "\x1b[31msiti",
    "\u202esiti",
    "\ud800",
    "x" * 5000,
    "siti " * 1000,
    "",
    "   ",
    "💥 siti",
]


@pytest.fixture
def loaded(sync: sqlite3.Connection) -> sqlite3.Connection:
    f.load(sync, {Table.APPLICANTS: [f.applicant(i, name=n) for i, n in enumerate(NAMES, 1)]})
    return sync


def ids(reader: sqlite3.Connection, text: str) -> list[int]:
    return [a.id for a in queries.search_name(reader, text, limit=100).items]


def test_whole_words_come_before_word_starts_each_in_registration_order(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    assert ids(reader, "siti") == [1, 3, 8, 5]
    assert ids(reader, "rah") == [1, 2, 4]
    assert ids(reader, "SITI rah") == [1]
    assert ids(reader, "rahayu siti") == [1]


def test_diacritics_and_punctuation_fold_like_the_names(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    assert ids(reader, "jose") == [6]
    assert ids(reader, "José ma'ruf") == [6]
    assert ids(reader, "ruf") == [6]
    assert ids(reader, "nur aini") == [8]


def test_operators_in_the_text_are_plain_words(
    loaded: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    assert ids(reader, "and") == [8]
    assert ids(reader, "NEAR(siti rahayu)") == []
    assert ids(reader, "click app quit") == [7]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_raises(
    loaded: sqlite3.Connection, reader: sqlite3.Connection, text: str
) -> None:
    page = queries.search_name(reader, text)
    assert len(page.items) <= queries.DEFAULT_PAGE


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300) | st.text(alphabet="\"*()-:^+ NEARANDORNOT'\\{}[]", max_size=50))
def test_arbitrary_text_never_raises(
    loaded: sqlite3.Connection, reader: sqlite3.Connection, text: str
) -> None:
    page = queries.search_name(reader, text)
    assert {a.id for a in page.items} <= set(range(1, len(NAMES) + 1))


@given(text=st.text())
def test_queries_are_made_of_quoted_words_only(text: str) -> None:
    tokens = name_tokens(text)
    assert len(tokens) <= MAX_TOKENS
    assert all(token.isalnum() and len(token) <= MAX_TOKEN_CHARS for token in tokens)
    tiers = tier_queries(text)
    assert (tiers == ()) == (tokens == ())
    if tokens:
        exact, prefix = tiers
        assert exact == " ".join(f'"{t}"' for t in tokens)
        prefixes = " ".join(f'"{t}"*' for t in tokens)
        assert prefix == f"({prefixes}) NOT ({exact})"


def test_keyset_pages_cover_every_match_once_and_stay_stable(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(
        sync,
        {
            Table.APPLICANTS: [
                f.applicant(i, name=("Siti" if i % 3 else "Sitiani") + f" Nomor{i}")
                for i in range(1, 61)
            ]
        },
    )
    expected = [i for i in range(1, 61) if i % 3] + [i for i in range(1, 61) if not i % 3]
    seen: list[int] = []
    after: NameKey | None = None
    while True:
        page = queries.search_name(reader, "siti", after=after, limit=7)
        seen += [a.id for a in page.items]
        # someone registers between two pages: the pages already seen do not shift
        if len(seen) == 14:
            apply_page(
                sync,
                f.changes("c2", upserts={Table.APPLICANTS: [f.applicant(900, name="Siti Baru")]}),
                now=f.T0,
            )
        if page.next_after is None:
            break
        assert page.next_after == NameKey(0 if page.items[-1].id % 3 else 1, page.items[-1].id)
        after = page.next_after
    assert seen == [*expected[:40], 900, *expected[40:]]
    assert len(seen) == len(set(seen))


def test_a_page_never_exceeds_the_fetch_cap(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    f.load(sync, {Table.APPLICANTS: [f.applicant(i, name="Dewi") for i in range(1, 302)]})
    page = queries.search_name(reader, "dewi", limit=10_000)
    assert len(page.items) == queries.FETCH_CAP
    assert page.next_after == NameKey(0, queries.FETCH_CAP)
