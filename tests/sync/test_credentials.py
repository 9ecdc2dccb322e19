"""The keyring: a clear refusal when there is none, no silent plain files, no prompt in the TUI."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from prakerja_console.sync.credentials import (
    EnvironmentSessions,
    KeyringSessions,
    SavedSession,
    environment_token,
    needs_unlock,
    prepare_keyring,
)
from prakerja_console.sync.errors import CredentialsError
from tests.sync.keyrings import MemoryKeyring, PromptingKeyring

SAVED = SavedSession("siti.agent", "agent", None, "refresh-token-abcdefgh", "access", 10.0)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), chainer.ChainerBackend()])
def test_no_usable_backend_names_both_fixes(backend: keyring.backend.KeyringBackend) -> None:
    with pytest.raises(CredentialsError) as refused:
        prepare_keyring(backend, environ={})
    text = refused.value.message.render()
    assert "keyrings.alt" in text
    assert "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring" in text
    assert "PRAKERJA_TOKEN" in text


def test_a_plain_file_keyring_found_by_chance_is_refused(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    with pytest.raises(CredentialsError, match="plain file"):
        prepare_keyring(backend, environ={})
    assert not (tmp_path / "keyring.cfg").exists()


def test_a_plain_file_keyring_chosen_on_purpose_is_used(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    chosen = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    sessions = KeyringSessions(prepare_keyring(backend, environ=chosen), "http://c", "device-1")
    sessions.save(SAVED)
    assert sessions.load() == SAVED
    assert sessions.delete() is True
    assert sessions.load() is None
    assert sessions.delete() is False


def test_a_backend_named_by_the_variable_that_cannot_load_is_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no.such.Backend")
    # keyring detects its backend once per process; make it detect again, from the variable
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    with pytest.raises(CredentialsError, match="PYTHON_KEYRING_BACKEND"):
        prepare_keyring()


def test_a_keyring_asking_for_a_master_password_is_unlocked_before_any_screen() -> None:
    backend = PromptingKeyring()
    assert needs_unlock(backend)
    prepare_keyring(backend, interactive=True, environ={})
    assert backend.prompts == 1
    assert not needs_unlock(backend)
    sessions = KeyringSessions(backend, "http://c", "device-1")
    sessions.save(SAVED)
    assert sessions.load() == SAVED
    assert backend.prompts == 1  # never again


def test_a_locked_keyring_without_a_terminal_is_refused_not_prompted() -> None:
    backend = PromptingKeyring()
    with pytest.raises(CredentialsError, match="no terminal"):
        prepare_keyring(backend, interactive=False, environ={})
    assert backend.prompts == 0


def test_a_keyring_locked_again_later_is_refused_rather_than_prompting() -> None:
    backend = PromptingKeyring()
    prepare_keyring(backend, interactive=True, environ={})
    backend.lock()
    with pytest.raises(CredentialsError, match="locked"):
        KeyringSessions(backend, "http://c", "device-1").load()
    assert backend.prompts == 1


def test_a_damaged_entry_asks_for_a_new_login() -> None:
    backend = MemoryKeyring()
    backend.set_password("prakerja-console", "device-1@http://c", '{"username": 1}')
    with pytest.raises(CredentialsError, match="damaged"):
        KeyringSessions(backend, "http://c", "device-1").load()


def test_sessions_are_kept_per_device_and_central() -> None:
    backend = MemoryKeyring()
    KeyringSessions(backend, "http://a", "device-1").save(SAVED)
    assert KeyringSessions(backend, "http://b", "device-1").load() is None
    assert KeyringSessions(backend, "http://a", "device-2").load() is None


def test_the_environment_token_lives_in_memory_only() -> None:
    assert environment_token({"PRAKERJA_TOKEN": "  refresh-token-1234  "}) == "refresh-token-1234"
    assert environment_token({"PRAKERJA_TOKEN": " "}) is None
    sessions = EnvironmentSessions("refresh-token-1234")
    loaded = sessions.load()
    assert loaded is not None
    assert loaded.refresh_token == "refresh-token-1234"
    sessions.save(SAVED)
    assert sessions.load() == SAVED
    assert sessions.delete() is False
