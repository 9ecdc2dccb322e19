"""The demo's moving parts: a reference central in this process, a mirror, a login, an engine.

:class:`DemoSession` starts them in order and stops them in reverse, whatever
happens in between (Ctrl+C included): the central serves real HTTP on a free
loopback port with its traffic simulator on, the mirror is a fresh file in a
temporary folder (or in ``--data-dir``, reused next time), and the demo user of
the chosen role logs in with the password from ``fixtures/users.toml``. The
session's tokens stay in a :class:`~prakerja_console.sync.memory_keyring.ProcessKeyring`
(memory only), so the demo runs on a machine without an OS keyring and writes no
token anywhere.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from prakerja_console.central.config import CentralConfig, sqlite_url
from prakerja_console.central.generator import DEFAULT_SEED
from prakerja_console.central.runner import CentralServer
from prakerja_console.central.sources import SMALL_SCENARIO, SeedData, count_data, scenario_data
from prakerja_console.central.users import DEFAULT_USERS_FILE, Account, load_accounts
from prakerja_console.domain.roles import Role
from prakerja_console.services import ConsoleServices
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import prepare
from prakerja_console.store.state import device_state, update_state
from prakerja_console.sync.account import LoginResult, log_in
from prakerja_console.sync.engine import StatusCallback, SyncEngine
from prakerja_console.sync.memory_keyring import ProcessKeyring
from prakerja_console.sync.report import SyncReport
from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.wiring import open_engine

CENTRAL_FILE = "central.sqlite"
MIRROR_FILE = "mirror.sqlite"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class DemoError(Exception):
    """The demo cannot start as asked; the message says why (plain English, for the log)."""


def demo_account(role: Role, users_file: Path = DEFAULT_USERS_FILE) -> Account:
    """The first account of ``role`` in the users file (the README lists them)."""
    for account in load_accounts(users_file):
        if account.role is role:
            return account
    raise DemoError(f"{users_file} has no {role.value} account")


@dataclass(frozen=True, slots=True)
class DemoOptions:
    role: Role
    rate: float  # simulated registrations per minute at the central; 0 = off
    applicants: int | None = None  # generate this many instead of a scenario
    scenario: Path | None = None  # default: the small scenario
    data_dir: Path | None = None  # default: a temporary folder, removed at the end
    sync_interval: float = 5.0
    seed: int = DEFAULT_SEED
    users_file: Path = DEFAULT_USERS_FILE

    def seed_data(self) -> SeedData:
        if self.applicants is not None:
            return count_data(self.applicants, self.seed)
        return scenario_data(self.scenario or SMALL_SCENARIO)


@dataclass(frozen=True, slots=True)
class Started:
    """What :meth:`DemoSession.start` did, for the terminal to say."""

    url: str
    folder: Path
    kept: bool  # the folder is --data-dir (kept), not a temporary one
    reused_central: bool  # the central's database was there already (its data is kept)
    fresh_mirror: bool  # the mirror was (re)created: the first sync loads everything
    login: LoginResult


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", *SQLITE_SIDE_FILES):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def rebind_mirror(mirror: Path, url: str) -> None:
    """Point a kept mirror at its central's new address.

    A mirror refuses a central other than the one it records, because its queued
    actions are numbered for that central. The demo's central is the same database
    every run, only on another free port, so the record follows the port.
    """
    conn = connect(mirror, Purpose.SYNC)
    try:
        if device_state(conn).server not in (None, url):
            with transaction(conn):
                update_state(conn, server=url)
    finally:
        conn.close()


class DemoSession:
    """Central, mirror, login and engine, for one run of the demo; a context manager."""

    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        self.account = demo_account(options.role, options.users_file)
        self._stack = ExitStack()
        self._keyring = ProcessKeyring()
        self._engine: SyncEngine | None = None
        self.folder: Path | None = None

    @property
    def engine(self) -> SyncEngine:
        if self._engine is None:
            raise RuntimeError("the demo has not started")
        return self._engine

    @property
    def mirror(self) -> Path:
        if self.folder is None:
            raise RuntimeError("the demo has not started")
        return self.folder / MIRROR_FILE

    def start(self) -> Started:
        """Start the central, prepare the mirror, log in, open the engine (no sync yet)."""
        try:
            return self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> Started:
        options = self.options
        data = options.seed_data()  # a bad scenario file fails before anything starts
        if options.data_dir is None:
            self.folder = Path(
                self._stack.enter_context(tempfile.TemporaryDirectory(prefix="prakerja-demo-"))
            )
        else:
            options.data_dir.mkdir(parents=True, exist_ok=True)
            self.folder = options.data_dir
        database, mirror = self.folder / CENTRAL_FILE, self.mirror
        reused = database.exists()
        if not reused:
            _remove_sqlite(mirror)  # it mirrored a central that is gone
        config = CentralConfig(
            database_url=sqlite_url(database),
            users_file=options.users_file,
            rate_per_minute=options.rate,
            simulator_seed=options.seed,
        )
        url = self._stack.enter_context(CentralServer(config, data)).url
        fresh = not mirror.exists()
        if not fresh:
            prepare(mirror)
            rebind_mirror(mirror, url)
        login = log_in(
            mirror,
            url,
            self.account.username,
            self.account.password,
            backend=self._keyring,
            clock=time.time,
        )
        self._engine = open_engine(
            mirror,
            server=url,
            settings=EngineSettings(interval=options.sync_interval),
            environ={},  # neither PRAKERJA_TOKEN nor a keyring setting applies here
            backend=self._keyring,
            interactive=False,
        )
        self._stack.callback(self._engine.close)
        return Started(url, self.folder, options.data_dir is not None, reused, fresh, login)

    def first_sync(self, on_status: StatusCallback) -> SyncReport:
        """One push-then-pull round now (the first loads the mirror), reporting progress."""
        return self.engine.sync_once(on_status=on_status)

    def services(self, clock: Callable[[], datetime]) -> ConsoleServices:
        """The console's services over the demo's mirror and engine (closed with the session)."""
        services = ConsoleServices(self.mirror, clock, engine=self.engine)
        self._stack.callback(services.close)
        return services

    def close(self) -> None:
        """Stop everything that started, in reverse order; safe to call twice."""
        self._stack.close()
        self._engine = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()
