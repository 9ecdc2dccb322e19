"""A keyring that lives only as long as the process: the demo's, never a real login's.

``prakerja-console demo`` logs in to a central it started itself, often on a
machine with no OS keyring at all (a headless box). Its session must still never
touch a plain file, so the tokens stay in this object and vanish with the process.
Its priority is below keyring's always-present "fail" backend and below the
chainer's threshold, so keyring never picks it by itself: only code that hands it
over explicitly uses it.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class ProcessKeyring(KeyringBackend):
    """Secrets in a dict of this object; nothing is written anywhere."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's classproperty takes the class
        return -1  # never chosen by discovery (fail.Keyring is 0)

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it untyped
        self._entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")
