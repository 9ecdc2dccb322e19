"""Login and logout: a mirror keeps to one central, a queue to its author, a scope to its data."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from prakerja_console.central.login_limit import LoginLimits
from prakerja_console.central.runner import CentralServer
from prakerja_console.i18n.translator import Translator
from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.state import device_state
from prakerja_console.sync.account import LoginResult, bound_server, log_in, log_out
from prakerja_console.sync.client import _failure
from prakerja_console.sync.errors import AccountError, RetryLaterError, UnauthorizedError
from prakerja_console.sync.wiring import open_engine
from tests.support.central import ManualClock, StartCentral, demo_passwords
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import engine_for, note


def _log_in(
    central: CentralServer,
    mirror: Path,
    keyring: MemoryKeyring,
    user: str,
    password: str | None = None,
) -> LoginResult:
    """Log ``user`` in on ``mirror`` with their demo password unless another is given."""
    return log_in(
        mirror,
        central.url,
        user,
        demo_passwords()[user] if password is None else password,
        backend=keyring,
        clock=time.time,
    )


def test_the_server_comes_from_the_mirror_or_the_request_never_two() -> None:
    assert bound_server(None, "http://a") == "http://a"
    assert bound_server("http://a", None) == "http://a"
    assert bound_server("http://a", "http://a") == "http://a"
    with pytest.raises(AccountError, match="belongs to the central at http://a"):
        bound_server("http://a", "http://b")
    with pytest.raises(AccountError, match="No central is set"):
        bound_server(None, None)


def test_login_creates_the_mirror_and_records_the_session(
    central: CentralServer, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    mirror = tmp_path / "deep" / "folder" / "m.db"
    result = _log_in(central, mirror, keyring, "dewi.jabar")
    assert (result.role, result.scope, result.reload) == ("officer", "32", False)
    conn = connect(mirror, Purpose.READ)
    state = device_state(conn)
    conn.close()
    assert (state.server, state.username, state.role) == (central.url, "dewi.jabar", "officer")
    assert result.device_id == state.device_id
    assert mirror.stat().st_mode & 0o077 == 0  # PII: owner only


def test_a_wrong_password_stores_nothing(central: CentralServer, tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    with pytest.raises(UnauthorizedError, match="Wrong username or password"):
        _log_in(central, tmp_path / "m.db", keyring, "siti.agent", "salah")
    assert keyring.entries == {}


def test_repeated_wrong_passwords_are_told_to_wait(
    start_central: StartCentral, tmp_path: Path
) -> None:
    central = start_central(clock=ManualClock(time.time()))  # however long the logins take
    keyring = MemoryKeyring()
    for _ in range(LoginLimits().per_username):
        with pytest.raises(UnauthorizedError):
            _log_in(central, tmp_path / "m.db", keyring, "siti.agent", "salah")
    with pytest.raises(RetryLaterError) as raised:
        _log_in(central, tmp_path / "m.db", keyring, "siti.agent")
    said = Translator("en").message(raised.value.message)
    assert said == "Too many failed logins; try again in 5 minutes."
    assert raised.value.retry_after == LoginLimits().window
    assert keyring.entries == {}


def _refused_login(headers: dict[str, str]) -> RetryLaterError:
    response = httpx.Response(
        429, headers=headers, request=httpx.Request("POST", "http://central/v1/auth/token")
    )
    error = _failure(response, "POST /auth/token", "http://central")
    assert isinstance(error, RetryLaterError)
    return error


@pytest.mark.parametrize(
    ("retry_after", "english", "indonesian"),
    [
        ("30", "try again in 1 minute.", "coba lagi 1 menit lagi."),
        ("60", "try again in 1 minute.", "coba lagi 1 menit lagi."),
        ("61", "try again in 2 minutes.", "coba lagi 2 menit lagi."),
        ("300", "try again in 5 minutes.", "coba lagi 5 menit lagi."),
    ],
)
def test_the_wait_after_failed_logins_reads_in_the_right_plural(
    retry_after: str, english: str, indonesian: str
) -> None:
    message = _refused_login({"Retry-After": retry_after}).message
    assert Translator("en").message(message).endswith(english)
    assert Translator("id").message(message).endswith(indonesian)


def test_a_retry_after_date_is_read_as_the_wait_until_then() -> None:
    sent = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    error = _refused_login(
        {
            "Date": format_datetime(sent, usegmt=True),
            "Retry-After": format_datetime(sent + timedelta(minutes=4), usegmt=True),
        }
    )
    assert error.retry_at == (sent + timedelta(minutes=4)).timestamp()
    assert Translator("en").message(error.message).endswith("try again in 4 minutes.")


def test_someone_else_cannot_log_in_over_a_queue_not_yet_sent(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    engine_for(central.url, mirror, keyring, user="rudi.agent").close()
    note(mirror, 1, "catatan rudi", actor="rudi.agent")
    with pytest.raises(AccountError, match=r"1 actions queued on this console by rudi\.agent"):
        _log_in(central, mirror, keyring, "siti.agent")

    rudi = engine_for(central.url, mirror, keyring, user="rudi.agent")  # rudi logs in and syncs
    assert rudi.sync_once().ok
    rudi.close()
    after = _log_in(central, mirror, keyring, "siti.agent")
    assert after.username == "siti.agent"


def test_a_login_with_another_scope_says_the_mirror_will_be_reloaded(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    engine = engine_for(central.url, mirror, keyring)
    assert engine.sync_once().ok
    engine.close()
    result = _log_in(central, mirror, keyring, "agus.jatim")
    assert result.reload is True


def test_logout_forgets_the_session_and_counts_the_queue(
    central: CentralServer, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    keyring = MemoryKeyring()
    engine_for(central.url, mirror, keyring).close()
    note(mirror, 1, "tetap antre")
    assert log_out(mirror, backend=keyring).queued == 1
    assert keyring.entries == {}
    again = log_out(mirror, backend=keyring)
    assert (again.removed, again.queued) == (False, 1)
    assert log_out(tmp_path / "none.db", backend=keyring).removed is False


def test_an_engine_needs_a_login_or_an_automation_token(
    central: CentralServer, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    with pytest.raises(AccountError, match="There is no mirror"):
        open_engine(tmp_path / "none.db", backend=keyring, environ={})
    engine = engine_for(central.url, tmp_path / "m.db", keyring)
    engine.close()
    log_out(tmp_path / "m.db", backend=keyring)
    report = open_engine(tmp_path / "m.db", backend=keyring, environ={}).sync_once()
    assert report.problem is not None
    assert "Not logged in" in report.problem.render()


def test_an_automation_token_syncs_a_new_mirror_without_a_keyring(
    central: CentralServer, tmp_path: Path
) -> None:
    setup = MemoryKeyring()
    engine_for(central.url, tmp_path / "setup.db", setup).close()
    (saved,) = setup.entries.values()
    refresh_token = saved.split('"refresh_token":"')[1].split('"')[0]
    engine = open_engine(
        tmp_path / "cron" / "m.db",
        server=central.url,
        backend=None,
        environ={"PRAKERJA_TOKEN": refresh_token},
    )
    report = engine.sync_once()
    assert report.ok, report.problem
    assert report.snapshot_reason == "first_sync"
    engine.close()
    conn = connect(tmp_path / "cron" / "m.db", Purpose.READ)
    state = device_state(conn)
    conn.close()
    assert (state.server, state.username) == (central.url, "siti.agent")
