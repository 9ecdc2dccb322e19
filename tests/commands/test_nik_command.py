"""``prakerja-console nik``: decoding for an agent, refusals, exit codes, hostile input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from prakerja_console.cli import main
from prakerja_console.commands.nik import grouped
from prakerja_console.domain.regions import TimeZoneName

SITI = "3201014101900001"
TODAY = ["--today", "2026-11-28"]


def run(*args: str, lang: str | None = None) -> Result:
    group_options = ["--lang", lang] if lang else []
    return CliRunner().invoke(main, [*group_options, "nik", *args], catch_exceptions=False)


def as_json(*args: str, lang: str | None = None) -> tuple[int, dict[str, Any]]:
    result = run("--json", *TODAY, *args, lang=lang)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    return result.exit_code, json.loads(lines[0])


def has_no_controls(text: str) -> bool:
    return all(ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf"} for ch in text)


def test_a_valid_nik_is_decoded_in_indonesian_by_default() -> None:
    result = run(*TODAY, SITI)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "NIK 3201 0141 0190 0001 valid.",
        "  Provinsi        32 Jawa Barat (WIB, UTC+7)",
        "  Kabupaten/kota  3201",
        "  Kecamatan       320101",
        "  Tanggal lahir   1 Januari 1990",
        "  Jenis kelamin   Perempuan",
        "  Umur            36",
        "  Nomor urut      0001",
    ]


def test_english_follows_the_groups_lang_option() -> None:
    result = run(*TODAY, "3578101708450123", lang="en")
    assert result.exit_code == 0
    assert "NIK 3578 1017 0845 0123 is valid." in result.stdout
    assert "Jawa Timur (WIB, UTC+7)" in result.stdout
    assert "August 17, 1945" in result.stdout
    assert "Male" in result.stdout
    assert "81" in result.stdout  # age on 28 November 2026


def test_a_pre_2022_papua_nik_carries_the_legacy_note() -> None:
    result = run(*TODAY, "9101014101900001")
    assert result.exit_code == 0
    assert "91 Papua (WIT, UTC+9)" in result.stdout
    assert "Catatan" in result.stdout
    assert "NIK terbit sebelum 2022" in result.stdout


def test_time_zones_of_central_indonesia_are_shown() -> None:
    assert "Bali (WITA, UTC+8)" in run(*TODAY, "5171010101900001").stdout


def test_json_for_a_valid_nik() -> None:
    code, data = as_json(SITI)
    assert code == 0
    assert data == {
        "valid": True,
        "nik": SITI,
        "province_code": "32",
        "province": "Jawa Barat",
        "time_zone": "WIB",
        "legacy_note": None,
        "regency_code": "3201",
        "district_code": "320101",
        "birth_date": "1990-01-01",
        "sex": "F",
        "age": 36,
        "serial": 1,
    }


def test_json_for_an_invalid_nik_gives_the_code_and_the_reason_in_the_language() -> None:
    code, data = as_json("320101410190001")
    assert code == 1
    assert data == {
        "valid": False,
        "problem": "wrong_length",
        "reason": "NIK harus 16 digit; yang ini 15 digit (320101410190001), jadi kurang satu.",
    }
    _, english = as_json("320101410190001", lang="en")
    assert english["reason"].startswith("A NIK has 16 digits; this one has 15")


def test_today_defaults_to_the_date_in_jakarta() -> None:
    before = datetime.now(TimeZoneName.WIB.zone).date()
    result = run("--json", "3201010101000001")
    after = datetime.now(TimeZoneName.WIB.zone).date()
    age = json.loads(result.stdout)["age"]
    assert age in {before.year - 2000, after.year - 2000}


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ([""], "empty"),
        (["   "], "empty"),
        (["320101410190001"], "wrong_length"),
        (["32010141019000011"], "wrong_length"),
        (["NIK-saya"], "not_digits"),
        (["3201", "0141", "0190", "000"], "wrong_length"),
        (["9" * 10_000], "wrong_length"),
        (["3201\x1b[2J0141"], "not_digits"),
        (["\u202e3201014101900001"], "not_digits"),
        (["9901014101900001"], "unknown_province"),
        (["3201017202990001"], "impossible_date"),
        (["3201014101900000"], "serial_zero"),
        (["3201013012260001"], "future_birth_date"),
    ],
)
def test_garbage_is_refused_with_exit_1_and_one_json_object(args: list[str], problem: str) -> None:
    code, data = as_json(*args)
    assert code == 1
    assert data["valid"] is False
    assert data["problem"] == problem
    assert data["reason"]
    assert len(data["reason"]) < 250


def test_an_invalid_nik_is_explained_in_text() -> None:
    result = run(*TODAY, "3201a14101900001")
    assert result.exit_code == 1
    assert result.stdout == (
        "NIK tidak valid: Karakter ke-5 ('a') bukan angka; hanya boleh angka 0-9,"
        " dengan spasi, titik, atau tanda hubung di antara kelompok angka.\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["3201 0141 0190 0001"],
        ["3201", "0141", "0190", "0001"],
        ["-3201014101900001"],
        ["-3201", "0141", "0190", "0001"],
        ["--", "-3201014101900001"],
    ],
)
def test_grouped_and_dash_led_niks_are_read_as_the_nik(args: list[str]) -> None:
    code, data = as_json(*args)
    assert code == 0
    assert data["nik"] == SITI


def test_options_may_follow_the_nik() -> None:
    result = run("-3201", "0141", "0190", "0001", "--json", *TODAY)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["age"] == 36


@pytest.mark.parametrize(
    "args",
    [
        [SITI, "\x1b[31m"],  # becomes part of the NIK: refused, never echoed
        ["\x1b]52;c;aGk=\x07"],
        ["x" * 10_000 + "\x1b"],
    ],
)
def test_control_characters_never_reach_the_terminal(args: list[str]) -> None:
    result = run(*TODAY, *args)
    assert result.exit_code == 1
    assert has_no_controls(result.output)
    assert len(result.output) < 300


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ([], "Missing argument 'NIK'"),
        (["--today", "2026-13-01", SITI], "Invalid value for '--today'"),
        (["--bogus", SITI], "No such option"),
        (["--\x1b[31m", SITI], "No such option"),
        (["-" * 5_000], "No such option"),
    ],
)
def test_usage_errors_exit_2_with_a_printable_message(args: list[str], shown: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert shown in result.output
    assert has_no_controls(result.output)
    assert len(result.output) < 600
    assert "Traceback" not in result.output


def test_an_unknown_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["--lang", "fr", "nik", SITI])
    assert result.exit_code == 2
    assert "'fr' is not one of 'id', 'en'" in result.output


def test_grouped_reads_in_fours() -> None:
    assert grouped(SITI) == "3201 0141 0190 0001"


def _entry_point() -> str:
    found = shutil.which("prakerja-console", path=str(Path(sys.executable).parent))
    assert found, "the package is not installed in this environment"
    return found


@pytest.mark.parametrize(
    ("args", "exit_code", "shown"),
    [
        (["--lang", "en", "nik", "--today", "2026-11-28", SITI], 0, "is valid"),
        (["nik", "320101410190001"], 1, "kurang satu"),
        (["nik"], 2, "Missing argument"),
    ],
)
def test_the_installed_command_exits_with_the_documented_codes(
    args: list[str], exit_code: int, shown: str
) -> None:
    completed = subprocess.run(
        [_entry_point(), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == exit_code, completed.stderr
    assert shown in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
