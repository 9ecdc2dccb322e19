"""Retry pacing: Retry-After honoured, exponential growth with bounded jitter, offline rounds.

Unit tests of the retry logic, so a mock transport and a fake clock are allowed here.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.text import Message
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.migrations import prepare
from prakerja_console.store.state import device_state, update_state
from prakerja_console.sync.backoff import Backoff, Retrier
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.credentials import KeyringSessions, SavedSession
from prakerja_console.sync.errors import ForbiddenError, OfflineError, RetryLaterError
from prakerja_console.sync.report import SyncStatus
from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.wiring import open_engine
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import Sleeps, note

SERVER = "http://central.test"
CHECKSUM = b'{"scope": null, "tables": {}}'


class FixedToken:
    def access_token(self) -> str:
        return "token"

    def renew(self, rejected: str) -> str:
        return "token"


def scripted(
    *answers: httpx.Response | Exception,
) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering each request with the next answer (an exception is raised)."""
    pending: Iterator[httpx.Response | Exception] = iter(answers)
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = next(pending)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle), seen


def busy(retry_after: str | None) -> httpx.Response:
    headers = {} if retry_after is None else {"retry-after": retry_after}
    body = b'{"error": {"code": "unavailable", "message": "busy", "detail": {}}}'
    return httpx.Response(503, headers=headers, content=body)


def retrier(
    sleeps: Sleeps,
    *,
    wall: Callable[[], float] = lambda: 0.0,
    attempts: int = 5,
    jitter: float = 0.2,
) -> Retrier:
    return Retrier(
        Backoff(initial=0.5, maximum=60.0, jitter=jitter),
        attempts,
        random.Random(7),
        sleeps,
        wall,
        threading.Event(),
    )


@given(failures=st.integers(min_value=1, max_value=500), seed=st.integers(0, 2**32))
def test_delays_grow_exponentially_within_the_jitter_bounds(failures: int, seed: int) -> None:
    policy = Backoff(initial=0.5, multiplier=2.0, maximum=60.0, jitter=0.2)
    base = min(60.0, 0.5 * 2.0 ** min(failures - 1, 60))
    delay = policy.delay(failures, random.Random(seed))
    assert base * 0.8 <= delay <= base * 1.2


@given(asked=st.floats(min_value=0, max_value=10_000), seed=st.integers(0, 2**32))
def test_retry_after_is_never_shortened_and_capped(asked: float, seed: int) -> None:
    policy = Backoff(jitter=0.2, max_retry_after=600.0)
    delay = policy.delay(1, random.Random(seed), retry_after=asked)
    honoured = min(asked, 600.0)
    assert honoured <= delay <= honoured * 1.2


def test_without_jitter_the_schedule_doubles_up_to_the_cap() -> None:
    policy = Backoff(initial=0.5, maximum=5.0, jitter=0.0)
    assert [policy.delay(n, random.Random(0)) for n in range(1, 7)] == [0.5, 1, 2, 4, 5, 5]


def test_a_busy_central_is_waited_for_as_long_as_it_asks() -> None:
    transport, seen = scripted(busy("7"), busy("3"), httpx.Response(200, content=CHECKSUM))
    client = CentralClient(SERVER, transport=transport, tokens=FixedToken())
    sleeps = Sleeps()
    checksum = retrier(sleeps).call(client.checksum)
    assert checksum.tables == {}
    assert len(seen) == 3
    assert 7 <= sleeps.waits[0] <= 7 * 1.2
    assert 3 <= sleeps.waits[1] <= 3 * 1.2


def test_a_retry_after_date_is_read_against_the_injected_clock() -> None:
    moment = datetime(2026, 11, 28, 7, 0, 0, tzinfo=UTC)
    transport, _ = scripted(
        busy(format_datetime(moment, usegmt=True)), httpx.Response(200, content=CHECKSUM)
    )
    client = CentralClient(SERVER, transport=transport, tokens=FixedToken())
    sleeps = Sleeps()
    retrier(sleeps, wall=lambda: moment.timestamp() - 12, jitter=0.0).call(client.checksum)
    assert sleeps.waits == [12.0]


def test_lost_connections_back_off_exponentially_then_give_up() -> None:
    transport, seen = scripted(*[httpx.ConnectError("refused")] * 5)
    client = CentralClient(SERVER, transport=transport, tokens=FixedToken())
    sleeps = Sleeps()
    with pytest.raises(OfflineError, match="Cannot reach the central"):
        retrier(sleeps, jitter=0.0).call(client.checksum)
    assert len(seen) == 5
    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]


def test_what_retrying_cannot_fix_is_not_retried() -> None:
    forbidden = httpx.Response(
        403, content=b'{"error": {"code": "forbidden", "message": "no", "detail": {}}}'
    )
    transport, seen = scripted(forbidden)
    client = CentralClient(SERVER, transport=transport, tokens=FixedToken())
    sleeps = Sleeps()
    with pytest.raises(ForbiddenError):
        retrier(sleeps).call(client.checksum)
    assert (len(seen), sleeps.waits) == (1, [])


def test_a_stop_cuts_the_wait_short() -> None:
    transport, seen = scripted(busy("30"), httpx.Response(200, content=CHECKSUM))
    client = CentralClient(SERVER, transport=transport, tokens=FixedToken())
    policy = retrier(Sleeps())
    policy.stop.set()
    with pytest.raises(RetryLaterError):
        policy.call(client.checksum)
    assert len(seen) == 1


def test_failures_count_from_the_last_progress() -> None:
    """A long pull through a flaky link goes on as long as each try gets further."""
    done = [0]

    def step() -> str:
        done[0] += 1
        if done[0] < 6:
            raise OfflineError(Message("dropped"))
        return "finished"

    sleeps = Sleeps()
    assert retrier(sleeps, attempts=2).call(step, progress=lambda: done[0]) == "finished"
    assert len(sleeps.waits) == 5
    done[0] = 0
    with pytest.raises(OfflineError):  # the same link, no progress: gives up at the 2nd try
        retrier(Sleeps(), attempts=2).call(step)


def _logged_in_mirror(tmp_path: Path, keyring: MemoryKeyring) -> Path:
    """A mirror bound to SERVER with a saved, unexpired session (no central needed)."""
    mirror = tmp_path / "m.db"
    prepare(mirror)
    conn = connect(mirror, Purpose.OUTBOX)
    with transaction(conn):
        update_state(conn, server=SERVER, username="siti.agent", role="agent")
    device = device_state(conn).device_id
    conn.close()
    KeyringSessions(keyring, SERVER, device).save(
        SavedSession("siti.agent", "agent", None, "refresh-token-abcdefgh", "access", 4e9)
    )
    return mirror


def test_offline_is_a_normal_state_the_loop_keeps_trying_with_growing_pauses(
    tmp_path: Path,
) -> None:
    keyring = MemoryKeyring()
    mirror = _logged_in_mirror(tmp_path, keyring)
    for number in range(3):
        note(mirror, 1, f"antre {number}")
    stop = threading.Event()
    pauses: list[float] = []

    def sleep(event: threading.Event, seconds: float) -> bool:
        pauses.append(seconds)
        if len(pauses) >= 12:
            event.set()
        return event.is_set()

    transport, _ = scripted(*[httpx.ConnectError("network is unreachable")] * 100)
    settings = EngineSettings(
        attempts=2,
        backoff=Backoff(jitter=0.0),
        idle_backoff=Backoff(initial=2.0, maximum=300.0, jitter=0.0),
    )
    engine = open_engine(
        mirror,
        backend=keyring,
        settings=settings,
        transport=transport,
        sleep=sleep,
        rng=random.Random(1),
        environ={},
    )
    statuses: list[SyncStatus] = []
    engine.run(stop, statuses.append)
    engine.close()
    between_rounds = [s.retry_in for s in statuses if s.retry_in is not None and not s.syncing]
    assert between_rounds[:4] == [2.0, 4.0, 8.0, 16.0]
    last = statuses[-1]
    assert last.online is False
    assert last.queued == 3
    assert last.problem is not None
    assert "Cannot reach the central" in last.problem.render()
