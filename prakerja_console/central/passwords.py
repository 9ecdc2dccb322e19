"""Password hashing with ``hashlib.scrypt``: memory-hard, salted, parameters stored.

The cost parameters travel with each hash so they can be raised later without
invalidating the passwords already stored. n = 2**14, r = 8 (16 MiB, ~40 ms here)
is what OpenSSL allows without raising ``maxmem`` and what OWASP lists as a floor.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

COST_N = 2**14
COST_R = 8
COST_P = 1
_DIGEST_BYTES = 32
_SALT_BYTES = 16


@dataclass(frozen=True, slots=True)
class PasswordHash:
    salt: bytes
    digest: bytes
    cost_n: int = COST_N
    cost_r: int = COST_R
    cost_p: int = COST_P


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DIGEST_BYTES)


def hash_password(password: str) -> PasswordHash:
    salt = secrets.token_bytes(_SALT_BYTES)
    return PasswordHash(salt, _derive(password, salt, COST_N, COST_R, COST_P))


def verify_password(password: str, stored: PasswordHash) -> bool:
    """Whether ``password`` matches, compared in constant time."""
    candidate = _derive(password, stored.salt, stored.cost_n, stored.cost_r, stored.cost_p)
    return hmac.compare_digest(candidate, stored.digest)


# Verified against when the username is unknown, so that a wrong username takes
# as long as a wrong password and response times do not reveal who has an account.
DECOY = PasswordHash(salt=b"\x00" * _SALT_BYTES, digest=b"\x00" * _DIGEST_BYTES)
