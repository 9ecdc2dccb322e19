"""``prakerja-console central serve``: options, refusals, and a real run as a subprocess."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from prakerja_console.cli import main
from tests.central.helpers import apply, note
from tests.support.central import StartProcess, login


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scenario", "x.toml", "--applicants", "5"], "x.toml"),
        (["--applicants", "5", "--scenario", "fixtures/scenarios/small.toml"], "not both"),
        (["--faults", "teleport=1"], "teleport"),
        (["--rate", "-1"], "--rate"),
        (["--port", "70000"], "--port"),
        (["--login-limit", "5/20"], "--login-limit"),
        (["--login-limit", "5/0/300"], "positive"),
        (["--login-limit", "a/b/c"], "USERNAME/ADDRESS/SECONDS"),
    ],
)
def test_bad_options_are_usage_errors(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "central", "serve", *arguments])
    assert result.exit_code == 2
    assert message in result.output


def test_a_bad_users_file_is_named(tmp_path: Path) -> None:
    users = tmp_path / "users.toml"
    users.write_text("[[users]]\nusername = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["central", "serve", "--users", str(users)])
    assert result.exit_code == 1
    assert str(users) in result.output


def test_the_central_survives_a_crash_and_remembers_every_mutation(
    central_process: StartProcess,
) -> None:
    """Kill -9 mid-life, restart on the same port and file: same data, same epoch, no re-apply."""
    central = central_process()
    session = login(central.url, "siti.agent")
    with httpx.Client(base_url=f"{central.url}/v1", timeout=30) as http:
        epoch = http.get("/health").json()["epoch"]
        first = apply(http, session, note(1, 1))
    url = central.url
    central.kill()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/v1/health")
    # The port stays reserved while the central is down: a central started meanwhile by a
    # test running in parallel cannot take it, so the restart reaches its own database.
    with socket.socket() as other, pytest.raises(OSError, match="in use"):
        other.bind(("127.0.0.1", central.port))
    central.restart()
    assert central.url == url
    with httpx.Client(base_url=f"{central.url}/v1", timeout=30) as http:
        assert http.get("/health").json()["epoch"] == epoch
        session = login(central.url, "siti.agent")
        again = apply(http, session, note(1, 1).model_copy(update={"id": first.results[0].id}))
    assert (again.results[0].status, again.results[0].original_status) == ("duplicate", "applied")


def test_a_process_that_cannot_start_keeps_no_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prakerja_console.central.runner import CentralProcess

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no interpreter")

    monkeypatch.setattr("prakerja_console.central.runner.subprocess.Popen", refuse)
    process = CentralProcess(tmp_path / "central.sqlite", log_path=tmp_path / "central.log")
    with pytest.raises(OSError, match="no interpreter"):
        process.start()
    port = process.port
    with socket.socket() as probe:  # the port is free again: nothing holds it
        probe.bind(("127.0.0.1", port))
