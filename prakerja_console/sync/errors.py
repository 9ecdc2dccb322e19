"""What can go wrong between the console and the central, as a small typed hierarchy.

Every error carries a plain-words :class:`~prakerja_console.domain.text.Message`
(translated where it is shown) and its class says what the engine does next:

* **transient** — :class:`OfflineError`, :class:`RetryLaterError`,
  :class:`ServerError`: back off and try again; offline is a normal state;
* **the session** — :class:`UnauthorizedError` once a refresh did not help:
  a person must log in again; :class:`ForbiddenError`: the role or scope
  does not allow it;
* **the protocol** — :class:`ResnapshotRequiredError` and
  :class:`SequenceGapError` are instructions the engine follows;
  :class:`ProtocolError` is an answer this console cannot read: nothing of it
  is applied, the last good cursor stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from prakerja_console.domain.text import Message
from prakerja_console.sync.protocol import MutationResult


class SyncError(Exception):
    """Base of every sync failure; ``message`` says it in plain words."""

    transient: ClassVar[bool] = False

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


class OfflineError(SyncError):
    """The central could not be reached: no connection, a timeout, a dropped connection."""

    transient = True


class RetryLaterError(SyncError):
    """429 or 503: the central asks to wait.

    ``retry_after`` is the delay it asked for in seconds; ``retry_at`` the moment
    (epoch seconds) when it sent an HTTP date instead; both None when it said neither.
    """

    transient = True

    def __init__(
        self, message: Message, *, retry_after: float | None = None, retry_at: float | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.retry_at = retry_at


class ServerError(SyncError):
    """The central failed (HTTP 5xx other than 503)."""

    transient = True

    def __init__(self, message: Message, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class UnauthorizedError(SyncError):
    """No valid session: wrong password at login, or the refresh token was refused."""


class ForbiddenError(SyncError):
    """The role or scope does not allow this request."""


class NotFoundError(SyncError):
    """The record asked for does not exist at the central."""


class ResnapshotRequiredError(SyncError):
    """The cursor cannot resume the feed (``reason``: epoch, scope or schema changed …)."""

    def __init__(self, message: Message, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class SequenceGapError(SyncError):
    """The central expects mutations from ``expected_seq``; ``results`` answer those before."""

    def __init__(
        self, message: Message, *, expected_seq: int, results: Sequence[MutationResult]
    ) -> None:
        super().__init__(message)
        self.expected_seq = expected_seq
        self.results = tuple(results)


class SequenceReusedError(SequenceGapError):
    """The central already processed this device's numbers up to ``expected_seq - 1`` for
    other actions: the mirror went back in time (restored from a backup). The pending
    actions are renumbered from ``expected_seq`` and sent again."""


class ProtocolError(SyncError):
    """An answer this console cannot read or trust; nothing of it was applied."""


class CredentialsError(SyncError):
    """Tokens cannot be kept or read: no keyring backend, a locked keyring, a bad entry."""


class AccountError(SyncError):
    """The mirror cannot be used with this login: another central, another user's queue."""


class StoppedError(SyncError):
    """The round was asked to stop; everything before it is committed."""
