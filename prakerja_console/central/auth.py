"""Log in, rotate refresh tokens, and turn a bearer token into a :class:`Principal`.

Only SHA-256 hashes of tokens are stored: a stolen database yields no usable
token. A fast hash is enough because tokens are 256 random bits (nothing to
guess), unlike passwords, which get scrypt. Refresh tokens are single-use: each
refresh rotates it, and presenting an already used one (a copy someone kept)
revokes every token descended from the same login — except within a short grace
window (:attr:`TokenLifetimes.grace`) while the pair it was exchanged for is still
unused: that is a console whose answer was lost (a dropped connection, a crash
before it saved the new pair) asking again, and it gets a fresh pair instead of
being logged out; the unused pair is revoked.

A principal's role and scope come from the user's row, never from the request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from prakerja_console.central.config import DEFAULT_REFRESH_GRACE
from prakerja_console.central.database import Database, Reader, Writer
from prakerja_console.central.errors import ApiError
from prakerja_console.central.login_limit import LoginLimiter
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
    grace: int = DEFAULT_REFRESH_GRACE  # seconds a spent refresh token may be retried


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


def login(
    db: Database,
    request: TokenRequest,
    now: int,
    lifetimes: TokenLifetimes,
    limiter: LoginLimiter,
    address: str,
) -> Session:
    """Check the password and open a new token family for this device.

    Too many failures lately for this username from this ``address``, or from the
    address: 429 with Retry-After, before any password is checked
    (:mod:`~prakerja_console.central.login_limit`).
    The scrypt check runs outside any write transaction: it takes tens of
    milliseconds, and SQLite's write lock must not wait on it.
    """
    wait = limiter.wait(request.username, address, now)
    if wait > 0:
        raise ApiError(
            429,
            ErrorCode.RATE_LIMITED,
            "too many failed logins: wait before trying again",
            detail={"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )
    with db.read() as tx:
        row = tx.one(
            "SELECT salt, password_hash, cost_n, cost_r, cost_p FROM credentials"
            " WHERE username = ?",
            (request.username,),
        )
    stored = DECOY if row is None else PasswordHash(bytes(row[0]), bytes(row[1]), *row[2:])
    if not verify_password(request.password, stored) or row is None:
        limiter.failed(request.username, address, now)
        raise _unauthorized("wrong username or password")
    limiter.succeeded(request.username, address)
    with db.write() as tx:
        tx.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
        family = secrets.token_hex(16)
        tokens = _issue(tx, request.username, request.device_id, family, now, lifetimes)
        return _session(tx, request.username, tokens, lifetimes.access)


class _ReusedRefreshTokenError(Exception):
    def __init__(self, family: str) -> None:
        super().__init__(family)
        self.family = family


def _retried_in_time(tx: Writer, hashed: str, now: int, grace: int) -> bool:
    """Whether a spent token is a retry: within the window, its successor unused.

    If so, the unused successor pair is revoked (its answer never arrived, or
    arrived at a console that crashed before saving it).
    """
    rotation = tx.one(
        "SELECT refresh_hash, access_hash, rotated_at FROM token_rotations WHERE spent_hash = ?",
        (hashed,),
    )
    if rotation is None or now - rotation[2] > grace:
        return False
    refresh_hash, access_hash, _rotated_at = rotation
    successor = tx.one(
        "SELECT used_at FROM tokens WHERE token_hash = ? AND kind = ?", (refresh_hash, REFRESH)
    )
    if successor is None or successor[0] is not None:
        return False
    tx.execute("DELETE FROM tokens WHERE token_hash IN (?, ?)", (refresh_hash, access_hash))
    return True


def _remember_rotation(
    tx: Writer, hashed: str, tokens: tuple[str, str], rotated_at: int, now: int, grace: int
) -> None:
    """Keep what ``hashed`` was exchanged for, while a retry may still come.

    A retry keeps the first rotation's time, so retries never stretch the window.
    """
    tx.execute("DELETE FROM token_rotations WHERE rotated_at < ?", (now - grace,))
    if grace <= 0:
        return
    access, refresh = tokens
    tx.execute(
        "INSERT INTO token_rotations (spent_hash, refresh_hash, access_hash, rotated_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (spent_hash) DO UPDATE"
        " SET refresh_hash = excluded.refresh_hash, access_hash = excluded.access_hash",
        (hashed, token_hash(refresh), token_hash(access), rotated_at),
    )


def _rotate(tx: Writer, hashed: str, now: int, lifetimes: TokenLifetimes) -> Session:
    row = tx.one(
        "SELECT username, device_id, family, expires_at, used_at FROM tokens"
        " WHERE token_hash = ? AND kind = ?",
        (hashed, REFRESH),
    )
    if row is None or row[3] <= now:
        raise _unauthorized("refresh token unknown or expired: log in again")
    username, device_id, family, _expires_at, used_at = row
    if used_at is None:
        tx.execute("UPDATE tokens SET used_at = ? WHERE token_hash = ?", (now, hashed))
    elif not _retried_in_time(tx, hashed, now, lifetimes.grace):
        raise _ReusedRefreshTokenError(family)
    tokens = _issue(tx, username, device_id, family, now, lifetimes)
    _remember_rotation(
        tx, hashed, tokens, now if used_at is None else used_at, now, lifetimes.grace
    )
    return _session(tx, username, tokens, lifetimes.access)


def refresh(db: Database, request: RefreshRequest, now: int, lifetimes: TokenLifetimes) -> Session:
    """Exchange a refresh token for a new pair; the old refresh token is spent.

    A spent token presented again means two parties hold it: the whole family
    is revoked (in its own transaction, so the refusal does not undo it) —
    unless it is a retry within the grace window (see the module's docstring).
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
