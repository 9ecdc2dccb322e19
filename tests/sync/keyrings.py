"""Keyring backends for tests: no real OS keyring in CI.

Select one with ``keyring.set_keyring`` (in-process) or by passing it to the
functions that take a ``backend``; subprocesses use keyrings.alt's file backend
through ``PYTHON_KEYRING_BACKEND``.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict; ``writes`` counts every save."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.writes = 0

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes += 1
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


class _MasterPassword:
    """What keyrings.alt's encrypted keyring does: ask on first use, then remember."""

    def __get__(self, instance: PromptingKeyring | None, owner: type) -> object:
        if instance is None:
            return self  # on the class, like keyrings.alt's NonDataProperty
        instance.prompts += 1
        instance.__dict__["keyring_key"] = "master"
        return "master"


class PromptingKeyring(MemoryKeyring):
    """An encrypted-file-like keyring: the first access asks for a master password."""

    keyring_key = _MasterPassword()

    def __init__(self) -> None:
        super().__init__()
        self.prompts = 0

    def get_password(self, service: str, username: str) -> str | None:
        assert self.keyring_key == "master"
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        assert self.keyring_key == "master"
        super().set_password(service, username, password)

    def lock(self) -> None:
        self.__dict__.pop("keyring_key", None)
