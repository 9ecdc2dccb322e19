"""Unique NIKs, e-mail addresses and phone numbers for one data set, in bounded memory.

* **NIK**: a bitset over a multiplicative hash of the 16-digit number. A set bit
  means "maybe taken" (two NIKs can share a bit), so the generator tries the next
  serial, which is how the registry allots serials anyway. A clear bit is never
  wrong, so NIKs are unique; at 1.4 million NIKs in 2^26 bits (8 MB) about 2% of
  draws take a second serial. A Python ``set`` of 1.4 million ints would cost
  ~100 MB.
* **E-mail and phone**: unique by construction. Each embeds a permutation of the
  applicant id over 0..10^8−1: ``(a·id + b) mod p`` for the prime ``p = 10^8 + 7``,
  repeated while the result is one of the seven values above 10^8 − 1 ("cycle
  walking" keeps it a bijection). Modulo a prime, neighbouring ids land far apart
  in every digit (an affine map modulo 10^8 would keep their last digits alike),
  and two ids never share a number; only hand-written showcase addresses can
  collide, and those are reserved up front.

The same :class:`Identities` serves :func:`.generate.generate` and the traffic
simulator (:func:`.traffic.new_applicant`), so simulated registrations never
collide with seeded ones.
"""

from __future__ import annotations

import math
from random import Random

NUMBER_SPACE = 100_000_000  # e-mail and phone numbers: ids below this are unique
PERMUTATION_PRIME = 100_000_007  # the smallest prime above NUMBER_SPACE
_HASH_MULTIPLIER = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd: spreads nearby NIKs
_MASK64 = (1 << 64) - 1
_MIN_BITS = 16
_BITS_PER_NIK = (
    32  # at least 32 bits per expected NIK (rounded up to a power of two): ≤ 3% false "maybe taken"
)
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
        self.email_multiplier, self.email_offset = _permutation(rng)
        self.phone_multiplier, self.phone_offset = _permutation(rng)
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
        return permute(applicant_id, self.email_multiplier, self.email_offset)

    def phone_subscriber(self, applicant_id: int) -> int:
        """The last eight digits of an applicant's phone: distinct for every id below 10^8."""
        return permute(applicant_id, self.phone_multiplier, self.phone_offset)


def permute(value: int, multiplier: int, offset: int) -> int:
    """A bijection of 0..10^8−1 onto itself (see the module docstring)."""
    if not 0 <= value < NUMBER_SPACE:
        raise ValueError(f"{value} is outside 0..{NUMBER_SPACE - 1}")
    value = (multiplier * value + offset) % PERMUTATION_PRIME
    while value >= NUMBER_SPACE:
        value = (multiplier * value + offset) % PERMUTATION_PRIME
    return value


def _permutation(rng: Random) -> tuple[int, int]:
    """A multiplier (non-zero, so ``a·x + b`` is a bijection mod p) and an offset."""
    return rng.randrange(10_000_000, PERMUTATION_PRIME), rng.randrange(PERMUTATION_PRIME)
