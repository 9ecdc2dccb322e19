"""Where the session's tokens live: the OS keyring, or ``PRAKERJA_TOKEN`` for automation.

Tokens are never written to a plain file by this console and never logged (the
records below hide them from ``repr``). The keyring backend is whatever
``keyring`` resolves (``PYTHON_KEYRING_BACKEND`` or keyring's own config may
choose it), checked once by :func:`prepare_keyring` **before** any screen starts:

* no usable backend (``NoKeyringError``, the ``fail`` or ``null`` backends — a
  headless Linux box): a message naming the two fixes;
* a plain-text file backend (``keyrings.alt``) picked automatically rather than
  chosen: refused, because that would write the token to a file silently;
* a backend that asks for a master password (an encrypted file keyring): unlocked
  now, at the terminal, or refused when there is no terminal. Afterwards every
  access checks it is still unlocked and refuses rather than prompt, so keyring
  never prompts inside the TUI.

``PRAKERJA_TOKEN`` holds a refresh token for headless runs. The central rotates
refresh tokens on every use and revokes a login whose spent token is presented
again, so the rotated tokens are kept in memory only: it suits a long-running
``prakerja-console sync``, not one process per cron tick (use a keyring there).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import keyring
import keyring.errors
import orjson
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.util import platform_

from prakerja_console.domain.text import N_, Message
from prakerja_console.sync.errors import CredentialsError
from prakerja_console.sync.protocol import Session

SERVICE = "prakerja-console"
TOKEN_VARIABLE = "PRAKERJA_TOKEN"  # noqa: S105 - the variable's name, not a secret
BACKEND_VARIABLE = "PYTHON_KEYRING_BACKEND"
# Backends that store secrets unencrypted: acceptable only when chosen on purpose.
PLAINTEXT_BACKENDS = frozenset({"keyrings.alt.file.PlaintextKeyring"})


@dataclass(frozen=True, slots=True)
class SavedSession:
    """A login as kept between runs: who, and the tokens (hidden from repr)."""

    username: str
    role: str
    scope: str | None
    refresh_token: str = field(repr=False)
    access_token: str | None = field(default=None, repr=False)
    expires_at: float | None = None  # wall-clock epoch seconds when access_token expires

    @classmethod
    def from_session(cls, session: Session, now: float) -> SavedSession:
        return cls(
            username=session.username,
            role=session.role,
            scope=session.scope,
            refresh_token=session.refresh_token,
            access_token=session.access_token,
            expires_at=now + session.expires_in,
        )

    def to_json(self) -> str:
        return orjson.dumps(
            {
                "username": self.username,
                "role": self.role,
                "scope": self.scope,
                "refresh_token": self.refresh_token,
                "access_token": self.access_token,
                "expires_at": self.expires_at,
            }
        ).decode()

    @classmethod
    def from_json(cls, text: str) -> SavedSession:
        """Read a keyring entry; a damaged one is a CredentialsError (log in again)."""
        try:
            data = orjson.loads(text)
            saved = cls(
                username=_text(data["username"]),
                role=_text(data["role"]),
                scope=None if data["scope"] is None else _text(data["scope"]),
                refresh_token=_text(data["refresh_token"]),
                access_token=None if data["access_token"] is None else _text(data["access_token"]),
                expires_at=None if data["expires_at"] is None else float(data["expires_at"]),
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise CredentialsError(
                Message(
                    N_("The saved session is damaged: log in again with prakerja-console login.")
                )
            ) from error
        return saved


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


class SessionStore(Protocol):
    """Keeps one saved session (per server and device)."""

    def load(self) -> SavedSession | None: ...

    def save(self, saved: SavedSession) -> None: ...

    def delete(self) -> bool: ...


# -- the keyring ----------------------------------------------------------------------


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _backends(backend: KeyringBackend) -> list[KeyringBackend]:
    if isinstance(backend, chainer.ChainerBackend):
        return list(backend.backends)
    return [backend]


def _unusable(backend: KeyringBackend) -> bool:
    return all(isinstance(one, fail.Keyring | null.Keyring) for one in _backends(backend))


def _plaintext(backend: KeyringBackend) -> bool:
    return any(
        _qualified(cls) in PLAINTEXT_BACKENDS
        for one in _backends(backend)
        for cls in type(one).__mro__
    )


def needs_unlock(backend: KeyringBackend) -> bool:
    """Whether touching the backend would ask for a master password.

    keyrings.alt's encrypted file keyring computes ``keyring_key`` on first use by
    prompting, and keeps it on the instance afterwards.
    """
    return any(
        hasattr(type(one), "keyring_key") and "keyring_key" not in getattr(one, "__dict__", {})
        for one in _backends(backend)
    )


_NO_BACKEND = N_(
    "There is no keyring on this machine to keep your session safely. Either install"
    " keyrings.alt and choose its file keyring knowingly"
    " (PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring stores the token"
    " unencrypted in your home folder), or set PRAKERJA_TOKEN to a refresh token for"
    " automation."
)


def _chosen_on_purpose(backend: KeyringBackend, environ: Mapping[str, str]) -> bool:
    """Named by PYTHON_KEYRING_BACKEND, or by keyring's own config file."""
    named = environ.get(BACKEND_VARIABLE, "").strip()
    if named and any(named == _qualified(cls) for cls in type(backend).__mro__):
        return True
    config = platform_.config_root() / "keyringrc.cfg"
    return config.is_file() and _qualified(type(backend)) in config.read_text(errors="replace")


def prepare_keyring(
    backend: KeyringBackend | None = None,
    *,
    interactive: bool | None = None,
    environ: Mapping[str, str] = os.environ,
) -> KeyringBackend:
    """The keyring backend to use, checked and unlocked; call it before the TUI starts.

    ``interactive`` says a person at a terminal may be asked for the keyring's
    master password now (default: stdin is a terminal). Raises CredentialsError
    with the fix in plain words.
    """
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except (RuntimeError, ImportError, AttributeError, ValueError) as error:
            raise CredentialsError(
                Message(
                    N_(
                        "The keyring backend chosen by PYTHON_KEYRING_BACKEND cannot be used ({problem})."
                    ),
                    {"problem": str(error)[:200]},
                )
            ) from error
    if _unusable(backend):
        raise CredentialsError(Message(_NO_BACKEND))
    if _plaintext(backend) and not _chosen_on_purpose(backend, environ):
        raise CredentialsError(
            Message(
                N_(
                    "The only keyring found stores passwords in a plain file; this console will"
                    " not use it unless you choose it: set"
                    " PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring if you accept"
                    " that, or set PRAKERJA_TOKEN for automation."
                )
            )
        )
    if needs_unlock(backend):
        _unlock(backend, sys.stdin.isatty() if interactive is None else interactive)
    return backend


def _unlock(backend: KeyringBackend, interactive: bool) -> None:
    if not interactive:
        raise CredentialsError(
            Message(
                N_(
                    "The keyring is locked and needs its master password, but there is no"
                    " terminal to ask it at. Run the command in a terminal, or set PRAKERJA_TOKEN."
                )
            )
        )
    try:
        backend.get_password(SERVICE, "unlock")  # asks for the master password, once
    except (keyring.errors.KeyringError, ValueError) as error:
        raise CredentialsError(
            Message(
                N_("The keyring could not be unlocked ({problem})."), {"problem": str(error)[:200]}
            )
        ) from error


class KeyringSessions:
    """The saved session of one device at one central, in the keyring."""

    def __init__(self, backend: KeyringBackend, server: str, device_id: str) -> None:
        self._backend = backend
        self._entry = f"{device_id}@{server}"

    def _usable(self) -> KeyringBackend:
        if needs_unlock(self._backend):  # locked again: refuse rather than prompt
            raise CredentialsError(
                Message(
                    N_("The keyring is locked; restart the console in a terminal to unlock it.")
                )
            )
        return self._backend

    def load(self) -> SavedSession | None:
        try:
            text = self._usable().get_password(SERVICE, self._entry)
        except keyring.errors.KeyringError as error:
            raise _keyring_failed(error) from error
        return None if text is None else SavedSession.from_json(text)

    def save(self, saved: SavedSession) -> None:
        try:
            self._usable().set_password(SERVICE, self._entry, saved.to_json())
        except keyring.errors.KeyringError as error:
            raise _keyring_failed(error) from error

    def delete(self) -> bool:
        try:
            self._usable().delete_password(SERVICE, self._entry)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as error:
            raise _keyring_failed(error) from error
        return True


def _keyring_failed(error: keyring.errors.KeyringError) -> CredentialsError:
    return CredentialsError(
        Message(
            N_("The keyring failed ({problem})."),
            {"problem": str(error)[:200] or type(error).__name__},
        )
    )


class EnvironmentSessions:
    """A refresh token from ``PRAKERJA_TOKEN``; its rotations live in memory only."""

    def __init__(self, refresh_token: str) -> None:
        self._saved = SavedSession(username="", role="", scope=None, refresh_token=refresh_token)

    def load(self) -> SavedSession | None:
        return self._saved

    def save(self, saved: SavedSession) -> None:
        self._saved = replace(saved)

    def delete(self) -> bool:
        return False


def environment_token(environ: Mapping[str, str] = os.environ) -> str | None:
    """The refresh token of ``PRAKERJA_TOKEN``, if set."""
    value = environ.get(TOKEN_VARIABLE, "").strip()
    return value or None
