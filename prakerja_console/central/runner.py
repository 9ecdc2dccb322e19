"""Run a central for tests, the demo and the CLI: in a thread, or as a child process.

:class:`CentralServer` serves real HTTP with uvicorn on 127.0.0.1 from a
background thread of this process; :class:`CentralProcess` runs
``prakerja-console central serve`` as a subprocess that a crash test can kill
(SIGKILL, no goodbye) and restart on the same port and database.
"""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import uvicorn

from prakerja_console.central.app import asgi_app
from prakerja_console.central.config import CentralConfig, sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.mutations import HANDLERS, Handlers
from prakerja_console.central.seeding import is_seeded, seed
from prakerja_console.central.simulator import Simulator
from prakerja_console.central.sources import SeedData
from prakerja_console.central.users import load_accounts

STARTUP_TIMEOUT = 60.0
_URL = re.compile(r"http://[\w.\-]+:(\d+)")


class CentralStartError(RuntimeError):
    """The central did not come up; the message says what is known."""


def prepare(config: CentralConfig, data: SeedData) -> Database:
    """Open the database, creating and seeding it when it is empty."""
    db = Database(config.database_url)
    db.create_schema()
    if not is_seeded(db):
        seed(db, load_accounts(config.users_file), data.batches(), config.now())
    return db


def _simulator(config: CentralConfig, data: SeedData, db: Database) -> Simulator | None:
    if config.rate_per_minute <= 0:
        return None
    if data.scenario is None:
        raise CentralStartError("the traffic simulator needs generated data (a scenario)")
    return Simulator(
        db,
        data.scenario,
        rate_per_minute=config.rate_per_minute,
        clock=config.clock,
        seed=config.simulator_seed,
    )


def _listening_socket(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY on accepted connections only
    # when the socket's proto says TCP; with proto 0 every answer after the first on a
    # kept-alive connection waits ~40 ms (Nagle against the client's delayed ACK).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class CentralServer:
    """A central serving on ``host`` (127.0.0.1) from a background thread.

    ``port=0`` picks a free port; ``url`` is known once :meth:`start` returns,
    which is when the server accepts connections.
    """

    def __init__(
        self,
        config: CentralConfig,
        data: SeedData,
        *,
        handlers: Handlers = HANDLERS,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.config = config
        self._data = data
        self._handlers = handlers
        self._host = host
        self._port = port
        self._db: Database | None = None
        self.simulator: Simulator | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.url = ""

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the central is not running")
        return self._db

    def start(self) -> Self:
        try:
            port = self._launch()
        except BaseException:
            self.stop()
            raise
        self.url = f"http://{self._host}:{port}"
        return self

    def _launch(self) -> int:
        self._db = prepare(self.config, self._data)
        self.simulator = _simulator(self.config, self._data, self._db)
        if self.simulator is not None:
            self.simulator.start()
        self._socket = _listening_socket(self._host, self._port)
        port: int = self._socket.getsockname()[1]
        self._server = uvicorn.Server(
            uvicorn.Config(
                asgi_app(self.config, self._db, self._handlers),
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=5,
            )
        )
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"central:{port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                raise CentralStartError("the central's server thread ended during startup")
            if time.monotonic() > deadline:
                raise CentralStartError(f"the central did not start in {STARTUP_TIMEOUT} s")
            time.sleep(0.01)
        return port

    def stop(self) -> None:
        """Stop serving (in-flight requests finish) and the simulator; close the database.

        The server stops and its socket closes even when the simulator will not (its
        error is raised after): a central must not go on serving. The database then
        stays open, as the simulator's stuck tick still uses it; calling again once
        the tick ends closes it.
        """
        try:
            if self.simulator is not None:
                self.simulator.stop()
        finally:
            self._stop_serving()
        if self._db is not None:
            self._db.close()
        self._db = self.simulator = None

    def _stop_serving(self) -> None:
        try:
            if self._server is not None:
                self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=30)
                if self._thread.is_alive():
                    raise RuntimeError("the central's server thread did not stop")
        finally:
            if self._socket is not None:
                self._socket.close()
            self._server = self._thread = self._socket = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _reserved_port(port: int) -> socket.socket | None:
    """A socket bound to ``port`` (0: a free one) that never listens, to keep the port.

    While it is open Linux gives the port to no other socket that asks for a free
    one, yet the central's own socket (``SO_REUSEADDR`` as well) can still bind it
    and listen. So between a crash and the restart, a central started elsewhere
    (tests run in parallel) cannot take the port the restart is bound to reuse.
    Only on Linux: BSD and macOS let a second socket bind the same address only
    with ``SO_REUSEPORT``, so there the child's own bind would fail; they get no
    reservation (None) and the restart simply asks for the same port again.
    """
    if not sys.platform.startswith("linux"):
        return None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


class CentralProcess:
    """``prakerja-console central serve`` as a child process on 127.0.0.1.

    Its stderr (uvicorn's log) goes to ``log_path``; stdout is read for the URL
    it prints once it listens, then drained so the child never blocks on a full
    pipe. :meth:`kill` is a crash (SIGKILL), :meth:`stop` a clean shutdown, and
    :meth:`restart` brings it back on the same port and database.
    """

    def __init__(self, database: Path, arguments: Sequence[str] = (), *, log_path: Path) -> None:
        self.database = database
        self.arguments = list(arguments)
        self.log_path = log_path
        self.port = 0
        self.url = ""
        self._process: subprocess.Popen[str] | None = None
        self._log: IO[str] | None = None
        self._reserved: socket.socket | None = None  # the port, kept from start to stop

    def _command(self) -> list[str]:
        return [
            sys.executable,
            "-c",
            "from prakerja_console.cli import main; main()",
            "central",
            "serve",
            "--db",
            sqlite_url(self.database),
            "--port",
            str(self.port),
            *self.arguments,
        ]

    def start(self) -> Self:
        if self._reserved is None:
            self._reserved = _reserved_port(self.port)
            if self._reserved is not None:
                self.port = self._reserved.getsockname()[1]
        try:
            self._log = self.log_path.open("a", encoding="utf-8")
            self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self._command(),
                stdout=subprocess.PIPE,
                stderr=self._log,
                text=True,
                bufsize=1,
            )
        except BaseException:
            self._end(signal.SIGKILL)  # closes the log if it was opened
            self._release()  # a start that never ran keeps no port
            raise
        lines: queue.Queue[str | None] = queue.Queue()
        stdout = self._process.stdout
        assert stdout is not None

        def drain() -> None:
            for line in stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, name="central-stdout", daemon=True).start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=max(0.0, remaining))
            except queue.Empty:
                line = None
            found = _URL.search(line) if line else None
            if found:
                self.url = found[0]
                self.port = int(found[1])
                return self
            if line is None:
                self.kill()
                self._release()
                raise CentralStartError(f"the central process did not start; see {self.log_path}")

    def kill(self) -> None:
        """Crash it: SIGKILL, no cleanup (what a power cut does to a server)."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        """Shut it down cleanly (SIGTERM) and give its port back."""
        self._end(signal.SIGTERM)
        self._release()

    def restart(self) -> Self:
        """Start it again on the same port and database (after :meth:`kill` or :meth:`stop`)."""
        self._end(signal.SIGKILL)
        return self.start()

    def _release(self) -> None:
        if self._reserved is not None:
            self._reserved.close()
            self._reserved = None

    def _end(self, how: signal.Signals) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.send_signal(how)
            self._process.wait(timeout=30)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()
