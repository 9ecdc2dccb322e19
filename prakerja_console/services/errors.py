"""Failures the services report to a person, each with a plain-words message."""

from __future__ import annotations

from prakerja_console.domain.text import Message


class ServiceError(Exception):
    """A request the console cannot carry out; ``message`` says why, translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


class MirrorUnavailableError(ServiceError):
    """The mirror is missing, unreadable, locked for too long, or too new."""


class ActionRefusedError(ServiceError):
    """The user's role or scope does not allow the action, or the input is not valid."""


class NotFoundError(ServiceError):
    """The record is not (or no longer) in the mirror."""


class SyncUnavailableError(ServiceError):
    """No sync engine is configured (no server, or not logged in)."""


class SyncFailedError(ServiceError):
    """A sync round ended with a problem (offline, refused, the mirror not writable)."""
