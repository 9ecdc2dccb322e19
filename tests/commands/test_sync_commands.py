"""``login``, ``logout`` and ``sync`` from the command line, against a real central."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner, Result
from keyring.backends import fail

from prakerja_console.central.runner import CentralServer
from prakerja_console.cli import main
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.state import device_state
from tests.support.central import demo_passwords
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import note

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = demo_passwords()["siti.agent"]


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """No stray settings, and an in-memory keyring as keyring's chosen backend."""
    for name in list(os.environ):
        if name.startswith("PRAKERJA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PRAKERJA_CONFIG", str(tmp_path / "no-config.toml"))
    chosen = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", chosen)
    return chosen


def run(*arguments: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *arguments], input=stdin)


def log_in(url: str, mirror: Path, password: str = PASSWORD) -> Result:
    return run(
        "login",
        "--server",
        url,
        "--user",
        "siti.agent",
        "--password-stdin",
        "--mirror",
        str(mirror),
        stdin=password + "\n",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wrong_password_says_so_without_a_traceback(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    result = log_in(central.url, tmp_path / "m.db", password="salah")
    assert result.exit_code == 1
    assert "Wrong username or password." in result.output
    assert "Traceback" not in result.output
    assert backend.entries == {}


def test_an_unreachable_central_says_so(backend: MemoryKeyring, tmp_path: Path) -> None:
    result = log_in(f"http://127.0.0.1:{free_port()}", tmp_path / "m.db")
    assert result.exit_code == 1
    assert "Cannot reach the central" in result.output
    assert "Traceback" not in result.output


def test_without_a_keyring_the_fix_is_named_before_the_password_is_asked(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    result = run("login", "--server", central.url, "--mirror", str(tmp_path / "m.db"))
    assert result.exit_code == 1
    assert "keyrings.alt" in result.output
    assert "PRAKERJA_TOKEN" in result.output
    assert "Username" not in result.output
    assert "Password" not in result.output


def test_login_asks_hidden_keeps_the_session_and_records_who_and_where(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    mirror = tmp_path / "new" / "m.db"
    result = run(
        "login", "--server", central.url, "--mirror", str(mirror), stdin=f"siti.agent\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Logged in to" in result.output
    assert "Siti Nurjanah (siti.agent): agent, nationwide." in result.output
    assert PASSWORD not in result.output  # the prompt did not echo it
    conn = connect(mirror, Purpose.READ)
    state = device_state(conn)
    conn.close()
    assert (state.server, state.username, state.role) == (central.url, "siti.agent", "agent")
    ((service, entry),) = backend.entries
    assert (service, entry) == ("prakerja-console", f"{state.device_id}@{central.url}")
    assert not any(path.suffix in {".json", ".cfg", ".txt"} for path in mirror.parent.iterdir())


def test_sync_once_verify_and_a_mirror_that_differs(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    assert log_in(central.url, mirror).exit_code == 0

    first = run("sync", "--once", "--json", "--mirror", str(mirror))
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["ok"] is True
    assert report["snapshot"] == "first_sync"
    assert report["pulled"] > 1000

    verified = run("sync", "--verify", "--mirror", str(mirror))
    assert verified.exit_code == 0, verified.output
    assert "Verified: the mirror holds exactly the central's rows." in verified.output

    conn = connect(mirror, Purpose.OUTBOX)
    with transaction(conn):
        conn.execute("DELETE FROM wave_entries WHERE id IN (SELECT id FROM wave_entries LIMIT 3)")
    conn.close()
    differs = run("sync", "--verify", "--mirror", str(mirror))
    assert differs.exit_code == 3
    assert "wave_entries:" in differs.output


def test_logout_keeps_the_queue_and_sync_then_asks_for_a_login(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    assert log_in(central.url, mirror).exit_code == 0
    note(mirror, 1, "antre saat keluar")
    note(mirror, 2, "antre juga")

    out = run("logout", "--mirror", str(mirror))
    assert out.exit_code == 0
    assert "Logged out." in out.output
    assert "2 actions are still queued; they will be sent after the next login." in out.output
    assert backend.entries == {}
    assert "There was no saved session" in run("logout", "--mirror", str(mirror)).output

    refused = run("sync", "--once", "--mirror", str(mirror))
    assert refused.exit_code == 1
    assert "Not logged in: run prakerja-console login." in refused.output

    assert log_in(central.url, mirror).exit_code == 0
    again = run("sync", "--once", "--json", "--mirror", str(mirror))
    assert json.loads(again.output)["pushed"]["applied"] == 2


def test_a_mirror_refuses_another_central(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    assert log_in(central.url, mirror).exit_code == 0
    other = log_in(f"http://127.0.0.1:{free_port()}", mirror)
    assert other.exit_code == 1
    assert f"This mirror belongs to the central at {central.url}" in other.output
    elsewhere = run("sync", "--once", "--server", "http://127.0.0.1:9", "--mirror", str(mirror))
    assert elsewhere.exit_code == 1
    assert "belongs to the central" in elsewhere.output


def test_sync_without_a_mirror_says_how_to_start(backend: MemoryKeyring, tmp_path: Path) -> None:
    result = run("sync", "--once", "--mirror", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "log in first with prakerja-console login" in result.output


def test_messages_are_in_indonesian_by_default(
    central: CentralServer, backend: MemoryKeyring, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "login",
            "--server",
            central.url,
            "--user",
            "siti.agent",
            "--password-stdin",
            "--mirror",
            str(tmp_path / "m.db"),
        ],
        input="salah\n",
    )
    assert result.exit_code == 1
    assert "Nama pengguna atau kata sandi salah." in result.output


def test_without_once_it_keeps_syncing_until_interrupted(
    central: CentralServer, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAKERJA_")}
    env.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
        PRAKERJA_CONFIG=str(tmp_path / "no-config.toml"),
        PRAKERJA_MIRROR=str(tmp_path / "m.db"),
    )
    cli = [sys.executable, "-c", "from prakerja_console.cli import main; main()", "--lang", "en"]
    login = subprocess.run(
        [*cli, "login", "--server", central.url, "--user", "siti.agent", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert login.returncode == 0, login.stderr
    process = subprocess.Popen(
        [*cli, "sync", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = json.loads(process.stdout.readline())  # the first round's report
    assert first["ok"] is True
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in process.stderr.read()
