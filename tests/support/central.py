"""Pytest fixtures for a running reference central, shared by every test area.

Registered for the whole suite in ``tests/conftest.py``. Each central is a real
uvicorn server on 127.0.0.1 and a free port, on its own temporary SQLite file.

* ``central``: a fresh central per test, seeded with the small scenario. Options
  go in a marker: ``@pytest.mark.central(rate=600, faults="503=0.5,seed=3",
  access_ttl=2)``.
* ``start_central``: a factory for tests that need several centrals or other
  data: ``start_central(data=my_batches, clock=my_clock, faults="drop=1")``.
* ``session_central``: one central for the whole session (and per xdist worker),
  for read-mostly tests; others may have changed it, so use your own device id
  and assert only on what you did.
* ``central_process``: a factory of ``prakerja-console central serve`` child
  processes (small scenario) that a crash test can ``kill()`` and ``restart()``:
  ``central_process("--faults", "drop=0.2,seed=3")``.
* :func:`login` and :func:`bearer`: plain-httpx helpers for a token.

The server, generator and web stack are imported when a fixture first needs
them, not when the plugin loads: every pytest process of the suite loads this
plugin, and most never start a central.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from prakerja_console.central.config import Clock
    from prakerja_console.central.mutations import Handlers
    from prakerja_console.central.runner import CentralProcess, CentralServer
    from prakerja_console.central.seeding import Batches
    from prakerja_console.central.sources import SeedData
    from prakerja_console.sync.protocol import Session

DEFAULT_DEVICE = "test-device-0001"

StartCentral = Callable[..., "CentralServer"]
StartProcess = Callable[..., "CentralProcess"]


@cache
def demo_passwords() -> dict[str, str]:
    """The demo accounts' passwords, from ``fixtures/users.toml``."""
    from prakerja_console.central.users import load_accounts

    return {account.username: account.password for account in load_accounts()}


@cache
def small_scenario() -> SeedData:
    """The small scenario: loaded once per process, generated afresh for each central."""
    from prakerja_console.central.sources import SMALL_SCENARIO, scenario_data

    return scenario_data(SMALL_SCENARIO)


class ManualClock:
    """A clock a test moves by hand (token expiry without waiting)."""

    def __init__(self, start: float) -> None:
        self._now = start

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds


def login(
    url: str, username: str, password: str | None = None, device_id: str = DEFAULT_DEVICE
) -> Session:
    """Log in over plain HTTP; the demo password of ``username`` unless one is given."""
    import httpx

    from prakerja_console.sync.protocol import API_PREFIX, Session, TokenRequest

    request = TokenRequest(
        username=username,
        password=demo_passwords()[username] if password is None else password,
        device_id=device_id,
    )
    response = httpx.post(f"{url}{API_PREFIX}/auth/token", json=request.model_dump(), timeout=30)
    response.raise_for_status()
    return Session.model_validate_json(response.content)


def bearer(session: Session) -> dict[str, str]:
    """Headers that authenticate a request as ``session``."""
    return {"Authorization": f"Bearer {session.access_token}"}


def _starter(folder: Path) -> tuple[StartCentral, list[CentralServer]]:
    from prakerja_console.central.config import DEFAULT_ACCESS_TTL, CentralConfig, sqlite_url
    from prakerja_console.central.faults import FaultSpec
    from prakerja_console.central.mutations import HANDLERS
    from prakerja_console.central.runner import CentralServer
    from prakerja_console.central.sources import SeedData

    started: list[CentralServer] = []
    numbers = itertools.count(1)

    def start(
        *,
        data: SeedData | Callable[[], Batches] | None = None,
        rate: float = 0.0,
        faults: str = "",
        access_ttl: int = DEFAULT_ACCESS_TTL,
        clock: Clock = time.time,
        handlers: Handlers | None = None,
        database: Path | None = None,
    ) -> CentralServer:
        path = database or folder / f"central-{next(numbers)}.sqlite"
        config = CentralConfig(
            database_url=sqlite_url(path),
            access_ttl=access_ttl,
            rate_per_minute=rate,
            faults=FaultSpec.parse(faults),
            clock=clock,
        )
        if data is None:
            data = small_scenario()
        seed_data = data if isinstance(data, SeedData) else SeedData(data)
        server = CentralServer(config, seed_data, handlers=handlers or HANDLERS).start()
        started.append(server)
        return server

    return start, started


def _stop_all(started: Sequence[CentralServer | CentralProcess]) -> None:
    """Stop every one, newest first, even when stopping one of them fails."""
    with ExitStack() as stack:
        for each in started:
            stack.callback(each.stop)


@pytest.fixture
def start_central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartCentral]:
    """Start centrals on demand; all are stopped when the test ends."""
    start, started = _starter(tmp_path_factory.mktemp("central"))
    yield start
    _stop_all(started)


@pytest.fixture
def central(request: pytest.FixtureRequest, start_central: StartCentral) -> CentralServer:
    """A fresh central with the small scenario; options from ``@pytest.mark.central(...)``."""
    marker = request.node.get_closest_marker("central")
    return start_central(**(marker.kwargs if marker else {}))


@pytest.fixture(scope="session")
def session_central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    """One central with the small scenario for the whole session (per xdist worker)."""
    start, started = _starter(tmp_path_factory.mktemp("session-central"))
    yield start()
    _stop_all(started)


@pytest.fixture
def central_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartProcess]:
    """Start centrals as child processes; all are stopped when the test ends."""
    from prakerja_console.central.runner import CentralProcess

    folder = tmp_path_factory.mktemp("central-process")
    numbers = itertools.count(1)
    started: list[CentralProcess] = []

    def start(*arguments: str, database: Path | None = None) -> CentralProcess:
        number = next(numbers)
        process = CentralProcess(
            database or folder / f"central-{number}.sqlite",
            arguments,
            log_path=folder / f"central-{number}.log",
        ).start()
        started.append(process)
        return process

    yield start
    _stop_all(started)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "central(rate=0, faults='', access_ttl=900, ...): options of the `central` fixture",
    )


def wait_until(
    predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.05
) -> None:
    """Poll ``predicate`` until it holds; fail the test if ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        pause.wait(interval)
