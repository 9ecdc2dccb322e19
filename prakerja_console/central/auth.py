"""Log in, rotate refresh tokens, and turn a bearer token into a :class:`Principal`.

Only SHA-256 hashes of tokens are stored: a stolen database yields no usable
token. A fast hash is enough because tokens are 256 random bits (nothing to
guess), unlike passwords, which get scrypt. Refresh tokens are single-use: each
refresh rotates it, and presenting an already used one (a copy someone kept)
revokes every token descended from the same login.

A principal's role and scope come from the user's row, never from the request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from prakerja_console.central.database import Database, Reader, Writer
from prakerja_console.central.errors import ApiError
from prakerja_console.central.passwords import DECOY, PasswordHash, verify_password
from prakerja_console.domain.roles import Role
from prakerja_console.sync.protocol import ErrorCode, RefreshRequest, Session, TokenRequest

ACCESS = "access"
REFRESH = "refresh"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: identity, role and scope as the central knows them."""

    username: str
    display_name: str
    role: Role
    scope: str | None  # province code; None = nationwide
    device_id: str


@dataclass(frozen=True, slots=True)
class TokenLifetimes:
    access: int  # seconds
    refresh: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"})


def _issue(
    tx: Writer,
    username: str,
    device_id: str,
    family: str,
    now: int,
    lifetimes: TokenLifetimes,
) -> tuple[str, str]:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    tx.executemany(
        "INSERT INTO tokens (token_hash, kind, username, device_id, family, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (token_hash(access), ACCESS, username, device_id, family, now + lifetimes.access),
            (token_hash(refresh), REFRESH, username, device_id, family, now + lifetimes.refresh),
        ],
    )
    return access, refresh


def _session(tx: Reader, username: str, tokens: tuple[str, str], expires_in: int) -> Session:
    row = tx.one(
        "SELECT display_name, role, province_code FROM users WHERE username = ?", (username,)
    )
    if row is None:
        raise _unauthorized("the account no longer exists")
    display_name, role, province_code = row
    return Session(
        access_token=tokens[0],
        refresh_token=tokens[1],
        expires_in=expires_in,
        username=username,
        display_name=display_name,
        role=Role(role).value,
        scope=province_code,
    )


def login(db: Database, request: TokenRequest, now: int, lifetimes: TokenLifetimes) -> Session:
    """Check the password and open a new token family for this device.

    The scrypt check runs outside any write transaction: it takes tens of
    milliseconds, and SQLite's write lock must not wait on it.
    """
    with db.read() as tx:
        row = tx.one(
            "SELECT salt, password_hash, cost_n, cost_r, cost_p FROM credentials"
            " WHERE username = ?",
            (request.username,),
        )
    stored = DECOY if row is None else PasswordHash(bytes(row[0]), bytes(row[1]), *row[2:])
    if not verify_password(request.password, stored) or row is None:
        raise _unauthorized("wrong username or password")
    with db.write() as tx:
        tx.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
        family = secrets.token_hex(16)
        tokens = _issue(tx, request.username, request.device_id, family, now, lifetimes)
        return _session(tx, request.username, tokens, lifetimes.access)


class _ReusedRefreshTokenError(Exception):
    def __init__(self, family: str) -> None:
        super().__init__(family)
        self.family = family


def _rotate(tx: Writer, hashed: str, now: int, lifetimes: TokenLifetimes) -> Session:
    row = tx.one(
        "SELECT username, device_id, family, expires_at, used_at FROM tokens"
        " WHERE token_hash = ? AND kind = ?",
        (hashed, REFRESH),
    )
    if row is None or row[3] <= now:
        raise _unauthorized("refresh token unknown or expired: log in again")
    username, device_id, family, _expires_at, used_at = row
    if used_at is not None:
        raise _ReusedRefreshTokenError(family)
    tx.execute("UPDATE tokens SET used_at = ? WHERE token_hash = ?", (now, hashed))
    tokens = _issue(tx, username, device_id, family, now, lifetimes)
    return _session(tx, username, tokens, lifetimes.access)


def refresh(db: Database, request: RefreshRequest, now: int, lifetimes: TokenLifetimes) -> Session:
    """Exchange a refresh token for a new pair; the old refresh token is spent.

    A spent token presented again means two parties hold it: the whole family
    is revoked (in its own transaction, so the refusal does not undo it).
    """
    hashed = token_hash(request.refresh_token)
    try:
        with db.write() as tx:
            return _rotate(tx, hashed, now, lifetimes)
    except _ReusedRefreshTokenError as reused:
        with db.write() as tx:
            tx.execute("DELETE FROM tokens WHERE family = ?", (reused.family,))
    raise _unauthorized("refresh token already used: every session of this login is revoked")


def authenticate(tx: Reader, token: str, now: int) -> Principal:
    """The principal an access token belongs to; 401 when it is unknown or expired."""
    row = tx.one(
        "SELECT t.username, t.device_id, t.expires_at, u.display_name, u.role, u.province_code"
        " FROM tokens t JOIN users u ON u.username = t.username"
        " WHERE t.token_hash = ? AND t.kind = ?",
        (token_hash(token), ACCESS),
    )
    if row is None:
        raise _unauthorized("access token unknown: log in again")
    username, device_id, expires_at, display_name, role, province_code = row
    if expires_at <= now:
        raise _unauthorized("access token expired: refresh it")
    return Principal(username, display_name, Role(role), province_code, device_id)
