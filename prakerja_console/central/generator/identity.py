"""Unique NIKs, e-mail addresses and phone numbers for one data set, in bounded memory.

* **NIK**: a bitset over a multiplicative hash of the 16-digit number. A set bit
  means "maybe taken" (two NIKs can share a bit), so the generator tries the next
  serial, which is how the registry allots serials anyway. A clear bit is never
  wrong, so NIKs are unique; at 1.4 million NIKs in 2^26 bits (8 MB) about 2% of
  draws take a second serial. A Python ``set`` of 1.4 million ints would cost
  ~100 MB.
* **E-mail and phone**: unique by construction. Each embeds an affine bijection
  of the applicant id modulo 10^8 (``(a·id + b) mod 10^8`` with ``a`` coprime to
  10), so two ids never share a number; only hand-written showcase addresses can
  collide, and those are reserved up front.

The same :class:`Identities` serves :func:`.generate.generate` and the traffic
simulator (:func:`.traffic.new_applicant`), so simulated registrations never
collide with seeded ones.
"""

from __future__ import annotations

import math
from random import Random

NUMBER_SPACE = 100_000_000  # e-mail and phone numbers: ids below this are unique
_HASH_MULTIPLIER = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd: spreads nearby NIKs
_MASK64 = (1 << 64) - 1
_MIN_BITS = 16
_BITS_PER_NIK = 48  # bitset size per expected NIK: ~2% false "maybe taken"
_SALT = 0x5EED


def nik_key(nik: str) -> int:
    return int(nik)


class Identities:
    """The uniqueness state of one data set. Not thread-safe: one generator owns it."""

    def __init__(self, seed: int, expected_niks: int) -> None:
        bits = max(_MIN_BITS, math.ceil(math.log2(max(expected_niks, 1) * _BITS_PER_NIK)))
        self.bitset = bytearray(1 << (bits - 3))
        self.shift = 64 - bits
        rng = Random(seed ^ _SALT)
        self.email_multiplier, self.email_offset = _affine(rng)
        self.phone_multiplier, self.phone_offset = _affine(rng)
        self.reserved_emails: set[str] = set()
        self.reserved_phones: set[str] = set()

    # -- NIK ------------------------------------------------------------------
    def _slot(self, key: int) -> tuple[int, int]:
        h = ((key * _HASH_MULTIPLIER) & _MASK64) >> self.shift
        return h >> 3, 1 << (h & 7)

    def maybe_taken(self, nik: str) -> bool:
        byte, bit = self._slot(nik_key(nik))
        return bool(self.bitset[byte] & bit)

    def reserve_nik(self, nik: str) -> None:
        """Mark a NIK as taken (a showcase NIK, or one already in the central's database)."""
        byte, bit = self._slot(nik_key(nik))
        self.bitset[byte] |= bit

    def claim_nik(self, prefix12: str, first_serial: int) -> str:
        """The first free NIK ``prefix12 + serial`` from ``first_serial`` on; marks it taken."""
        base = int(prefix12) * 10_000
        serial = first_serial
        while True:
            byte, bit = self._slot(base + serial)
            if not self.bitset[byte] & bit:
                self.bitset[byte] |= bit
                return f"{prefix12}{serial:04d}"
            serial += 1
            if serial > 9999:
                raise RuntimeError(f"no free serial left for {prefix12}")

    # -- e-mail and phone -------------------------------------------------------
    def email_number(self, applicant_id: int) -> int:
        """The number in an applicant's e-mail address: distinct for every id below 10^8."""
        _check_id(applicant_id)
        return (self.email_multiplier * applicant_id + self.email_offset) % NUMBER_SPACE

    def phone_subscriber(self, applicant_id: int) -> int:
        """The last eight digits of an applicant's phone: distinct for every id below 10^8."""
        _check_id(applicant_id)
        return (self.phone_multiplier * applicant_id + self.phone_offset) % NUMBER_SPACE


def _affine(rng: Random) -> tuple[int, int]:
    """A multiplier coprime to 10 (so ``a·id + b`` is a bijection mod 10^8) and an offset."""
    while True:
        multiplier = rng.randrange(10_000_001, NUMBER_SPACE)
        if math.gcd(multiplier, 10) == 1:
            return multiplier, rng.randrange(NUMBER_SPACE)


def _check_id(applicant_id: int) -> None:
    if not 0 < applicant_id < NUMBER_SPACE:
        raise ValueError(f"applicant id {applicant_id} is outside 1..{NUMBER_SPACE - 1}")
