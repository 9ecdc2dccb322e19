"""Lookups against the small scenario's mirror: every kind of query, paging, hostile text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.lookup_query import QueryKind
from prakerja_console.services import ConsoleServices
from prakerja_console.services.lookup import LookupPage, MatchField
from prakerja_console.services.rows import Attention
from tests.services.small_mirror import (
    ACTION,
    EKO,
    HOSTILE_NAMES,
    MARKUP,
    NOW,
    RINA,
    SHARED_NIK,
    SITI,
    SITI_EMAIL,
    SITI_PHONE,
)


def search(services: ConsoleServices, text: str, limit: int = 50) -> LookupPage:
    lookup = services.lookup
    return lookup.search(lookup.read(text, NOW.date()), limit=limit)


def ids(page: LookupPage) -> list[int]:
    return [row.id for row in page.rows]


def test_nik_finds_its_owner_in_microseconds(read_services: ConsoleServices) -> None:
    page = search(read_services, "3201 0141 0190 0001")
    assert ids(page) == [SITI]
    row = page.rows[0]
    assert row.matched is MatchField.NIK
    assert row.reason is Reason.NIK_REGISTRY_MISMATCH
    assert row.attention is Attention.ACTION
    assert page.next is None
    assert page.elapsed_ms > 0


def test_nik_shows_every_account_that_claimed_it(read_services: ConsoleServices) -> None:
    page = search(read_services, SHARED_NIK)
    assert sorted(ids(page)) == [RINA, EKO]
    claimant = next(row for row in page.rows if row.id == RINA)
    assert claimant.reason is Reason.NIK_ALREADY_USED


def test_a_kk_number_finds_the_family(read_services: ConsoleServices) -> None:
    page = search(read_services, "3201012203150007")  # Siti's family card
    assert SITI in ids(page)
    assert {row.matched for row in page.rows if row.id == SITI} == {MatchField.KK}


def test_email_exact_and_prefix_while_typing(read_services: ConsoleServices) -> None:
    assert ids(search(read_services, SITI_EMAIL.upper())) == [SITI]
    typing = search(read_services, "siti.rahayu@gm")
    assert typing.query.kind is QueryKind.EMAIL
    assert ids(typing)[0] == SITI
    broad = search(read_services, "s@")  # nobody's address is "s@…"; never an error
    assert broad.rows == ()


def test_email_prefix_pages_by_keyset_without_repeats(read_services: ConsoleServices) -> None:
    lookup = read_services.lookup
    query = lookup.read("a", NOW.date())
    assert query.kind is QueryKind.NAME  # no "@": a name
    query = lookup.read("ahmad@", NOW.date())
    first = lookup.search(query, limit=1)
    seen = ids(first)
    cursor = first.next
    while cursor is not None:
        page = lookup.search(query, cursor, limit=1)
        seen += ids(page)
        cursor = page.next
    everything = lookup.search(query, limit=200)
    assert seen == ids(everything)
    assert len(seen) == len(set(seen))


def test_phone_in_any_form(read_services: ConsoleServices) -> None:
    for text in (SITI_PHONE, "0812-3456-0001", "62 812 3456 0001", "0812 3456 0001"):
        assert ids(search(read_services, text)) == [SITI], text


def test_registration_id(read_services: ConsoleServices) -> None:
    assert ids(search(read_services, "PK-0000001")) == [SITI]
    assert ids(search(read_services, "#7")) == [EKO]
    assert search(read_services, "PK-9999999").rows == ()


def test_name_search_pages_to_the_same_rows_as_one_big_page(
    read_services: ConsoleServices,
) -> None:
    lookup = read_services.lookup
    query = lookup.read("siti", NOW.date())
    whole = lookup.search(query, limit=200)
    assert len(whole.rows) > 3
    paged: list[int] = []
    cursor = None
    while True:
        page = lookup.search(query, cursor, limit=2)
        paged += ids(page)
        cursor = page.next
        if cursor is None:
            break
    assert paged == ids(whole)
    assert whole.rows[0].id == SITI  # whole-word matches first, in registration order


def test_nik_tiers_page_across_nik_then_kk(read_services: ConsoleServices) -> None:
    lookup = read_services.lookup
    query = lookup.read(SHARED_NIK, NOW.date())
    first = lookup.search(query, limit=1)
    assert len(first.rows) == 1
    assert first.next is not None
    second = lookup.search(query, first.next, limit=1)
    assert sorted(ids(first) + ids(second)) == [RINA, EKO]


def test_hostile_names_are_found_and_returned_verbatim(read_services: ConsoleServices) -> None:
    assert ids(search(read_services, "[bold red]X[/]")) == [MARKUP]
    assert ACTION in ids(search(read_services, "click app quit"))
    for record_id, name in HOSTILE_NAMES.items():
        page = search(read_services, f"PK-{record_id}")
        assert page.rows[0].name == name  # unmasked, unformatted: the screen sanitises


def test_bad_queries_run_nothing(read_services: ConsoleServices) -> None:
    for text in ("320101410190000", "x" * 5000, '"', "*", "-", "3201O14101900001"):
        page = search(read_services, text)
        assert page.query.kind is QueryKind.INVALID
        assert page.rows == ()
        assert page.next is None


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_any_text_searches_without_raising(read_services: ConsoleServices, text: str) -> None:
    page = search(read_services, text)
    assert len(page.rows) <= 50
