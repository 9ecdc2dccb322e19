"""What the central or sqlite says reaches the terminal without its escape sequences."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from prakerja_console.cli import main
from prakerja_console.commands.sync import report_text
from prakerja_console.domain.text import Message
from prakerja_console.i18n import Translator
from prakerja_console.sync import account, credentials
from prakerja_console.sync.errors import SyncError
from prakerja_console.sync.report import SyncReport

# Rewrites the clipboard (OSC 52), then clears the screen.
HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07denied\x1b[2J"


def _refusal() -> Message:
    return Message("The central refused: {why}", {"why": Message("{answer}", {"answer": HOSTILE})})


def test_login_prints_the_centrals_answer_without_escape_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise SyncError(_refusal())

    monkeypatch.setenv("PRAKERJA_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setattr(credentials, "prepare_keyring", lambda **_kwargs: None)
    monkeypatch.setattr(account, "log_in", refused)
    result = CliRunner().invoke(
        main,
        [
            *("--lang", "en", "login", "--server", "http://127.0.0.1:9"),
            *("--user", "siti.agent", "--password-stdin", "--mirror", str(tmp_path / "mirror.db")),
        ],
        input="secret\n",
    )
    assert result.exit_code != 0
    assert "The central refused: ␛]52;c;cm0gLXJmIH4=␇denied␛[2J" in result.output
    assert not {"\x1b", "\x07"} & set(result.output)


def test_a_sync_report_shows_its_problem_without_escape_bytes() -> None:
    shown = report_text(
        Translator("en"), SyncReport(started_at=0.0, duration=1.0, problem=_refusal())
    )
    assert "denied" in shown
    assert not {"\x1b", "\x07"} & set(shown)
