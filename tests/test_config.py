"""Configuration merges file < environment < flags and names the culprit when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.config import ConfigError, load_settings
from prakerja_console.i18n import Translator


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(environ={}, config_file=tmp_path / "absent.toml")
    assert settings.server is None
    assert settings.language == "id"
    assert settings.mirror.name == "mirror.sqlite"


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'server = "http://file:1"\nlanguage = "en"\ntheme = "nord"\n')
    env = {"PRAKERJA_SERVER": "http://env:2", "PRAKERJA_MIRROR": str(tmp_path / "m.sqlite")}
    settings = load_settings({"server": "http://flag:3/", "mirror": None}, env, path)
    assert settings.server == "http://flag:3"
    assert settings.mirror == tmp_path / "m.sqlite"
    assert settings.language == "en"
    assert settings.theme == "nord"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('serverr = "http://x"', "unknown key 'serverr'"),
        ("sync_interval_seconds = true", "wrong type"),
        ('server = "ftp://x"', "http(s) URL"),
        ('language = "fr"', "language must be one of"),
        ("theme = 3", "wrong type"),
        ("sync_interval_seconds = 0", "between 1 and 3600"),
        ("keymap = { lookup = 5 }", "keymap maps binding ids"),
        ("server = ", "not valid TOML"),
    ],
)
def test_bad_files_name_the_file_and_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={}, config_file=path)
    assert str(path) in str(caught.value)
    assert fragment in str(caught.value)


def test_errors_read_in_indonesian_too(tmp_path: Path) -> None:
    path = write(tmp_path, 'language = "fr"')
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={}, config_file=path)
    described = caught.value.describe(Translator("id"))
    assert described.startswith(str(path))
    assert "bahasa harus salah satu dari" in described


def test_bad_environment_is_reported_as_such(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="environment: server") as caught:
        load_settings(environ={"PRAKERJA_SERVER": "nope"}, config_file=tmp_path / "x.toml")
    assert caught.value.describe(Translator("id")).startswith("variabel lingkungan: server ")


def test_a_bad_flag_names_the_command_line_in_the_users_language(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"theme": "pink"}, environ={}, config_file=tmp_path / "x.toml")
    assert caught.value.describe(Translator("en")).startswith("command line: theme must be")
    assert caught.value.describe(Translator("id")).startswith("baris perintah: ")
