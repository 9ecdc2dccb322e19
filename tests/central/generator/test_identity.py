"""Uniqueness in bounded memory: NIK bitset with next-serial, e-mail and phone bijections."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.central.generator.identity import NUMBER_SPACE, Identities, permute


def test_claimed_niks_are_unique_and_take_the_next_serial_when_taken() -> None:
    identities = Identities(seed=1, expected_niks=1000)
    identities.reserve_nik("3201014101900001")
    assert identities.maybe_taken("3201014101900001")
    claimed = identities.claim_nik("320101410190", 1)
    assert claimed != "3201014101900001"
    assert claimed.startswith("320101410190")
    assert int(claimed[-4:]) > 1
    many = {identities.claim_nik("320101410190", 1) for _ in range(500)}
    assert len(many) == 500
    assert claimed not in many


def test_the_bitset_is_small() -> None:
    identities = Identities(seed=1, expected_niks=1_400_000)
    assert len(identities.bitset) <= 8 * 1024 * 1024


@given(
    st.integers(0, 2**32),
    st.lists(st.integers(0, NUMBER_SPACE - 1), min_size=2, max_size=200, unique=True),
)
def test_numbers_are_a_bijection(seed: int, ids: list[int]) -> None:
    identities = Identities(seed=seed, expected_niks=10)
    emails = [identities.email_number(i) for i in ids]
    phones = [identities.phone_subscriber(i) for i in ids]
    assert len(set(emails)) == len(ids)
    assert len(set(phones)) == len(ids)
    assert all(0 <= n < NUMBER_SPACE for n in emails + phones)


def test_the_permutation_covers_a_whole_small_range_without_collisions() -> None:
    seen = {permute(value, 12_345_679, 987) for value in range(200_000)}
    assert len(seen) == 200_000


def test_neighbouring_ids_do_not_share_last_digits() -> None:
    identities = Identities(seed=7, expected_niks=10)
    endings = {identities.phone_subscriber(i) % 1000 for i in range(1000, 100_000, 1000)}
    assert len(endings) > 80
