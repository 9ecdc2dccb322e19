"""The output language: ``--lang`` wins over ``PRAKERJA_LANG``, which wins over the config file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from prakerja_console.cli import configured_language, main

SITI = "3201014101900001"
INDONESIAN = "NIK 3201 0141 0190 0001 valid."
ENGLISH = "NIK 3201 0141 0190 0001 is valid."


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("flag", "variable", "in_file", "expected"),
    [
        (None, None, None, INDONESIAN),
        (None, None, "en", ENGLISH),
        (None, "en", None, ENGLISH),
        (None, "id", "en", INDONESIAN),  # the variable beats the file
        ("id", "en", "en", INDONESIAN),  # the flag beats both
        ("en", None, "id", ENGLISH),
    ],
)
def test_flag_then_variable_then_file(
    tmp_path: Path, flag: str | None, variable: str | None, in_file: str | None, expected: str
) -> None:
    written = config_file(tmp_path, f'language = "{in_file}"\n' if in_file else "")
    # None unsets the variable, so a developer's own PRAKERJA_LANG cannot leak in.
    env: dict[str, str | None] = {"PRAKERJA_CONFIG": str(written), "PRAKERJA_LANG": variable}
    arguments = [*(["--lang", flag] if flag else []), "nik", "--today", "2026-11-28", SITI]
    result = CliRunner(env=env).invoke(main, arguments, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == expected


def test_a_config_file_with_a_mistake_leaves_the_variable_in_force(tmp_path: Path) -> None:
    broken = config_file(tmp_path, 'language = "en"\nserverr = "http://x"\n')
    assert configured_language({"PRAKERJA_CONFIG": str(broken), "PRAKERJA_LANG": "en"}) == "en"
    assert configured_language({"PRAKERJA_CONFIG": str(broken)}) == "id"
    assert configured_language({"PRAKERJA_CONFIG": str(broken), "PRAKERJA_LANG": "fr"}) == "id"


def test_the_mistake_is_reported_in_the_configured_language(tmp_path: Path) -> None:
    broken = config_file(tmp_path, 'serverr = "http://x"\n')
    env = {"PRAKERJA_CONFIG": str(broken), "PRAKERJA_LANG": "en"}
    result = CliRunner(env=env).invoke(main, ["logout", "--mirror", str(tmp_path / "m.db")])
    assert result.exit_code == 1
    assert "unknown key 'serverr'" in result.stderr
