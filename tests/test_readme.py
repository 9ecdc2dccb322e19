"""The README stays true: its keyboard map, accounts, commands, settings, messages, links
and screenshots are checked against the code they describe."""

from __future__ import annotations

import dataclasses
import inspect
import pkgutil
import re
from importlib import import_module
from pathlib import Path

import pytest

import prakerja_console.ui
from prakerja_console.central.users import load_accounts
from prakerja_console.cli import SUBCOMMANDS
from prakerja_console.config import THEMES, Settings
from prakerja_console.domain.regions import province
from prakerja_console.sync.credentials import _NO_BACKEND
from prakerja_console.ui.keymap_doc import SECTIONS, own_bindings, with_keyboard_map

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEMO_COMMAND = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install -q -e . && prakerja-console demo"
)
# Written in the benchmarks area, which may land after this README does.
LINKS_FROM_ELSEWHERE = {"benchmarks/README.md"}
SCREENSHOTS = {
    "docs/screenshot-applicant.svg": "tests/ui/__snapshots__/test_snapshots/"
    "test_applicant_at_each_stage[email_verified-nik_mismatch].svg",
    "docs/screenshot-lookup.svg": "tests/ui/__snapshots__/test_snapshots/"
    "test_lookup_results_for_a_nik_claimed_twice.svg",
}


def section(name: str) -> str:
    """The README's text between ``<!-- name:begin … -->`` and ``<!-- name:end -->``."""
    found = re.search(rf"<!-- {name}:begin[^>]*-->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert found is not None, f"the README has no {name} section"
    return found[1]


def code_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", README, re.S)


def test_the_keyboard_map_is_the_one_the_bindings_make() -> None:
    assert with_keyboard_map(README) == README, (
        "README's keyboard map is out of date: python -m prakerja_console.ui.keymap_doc README.md"
    )


def test_every_class_with_console_keys_is_in_the_keyboard_map() -> None:
    listed = {cls for _heading, classes in SECTIONS for cls in classes}
    with_keys: set[type] = set()
    for info in pkgutil.walk_packages(prakerja_console.ui.__path__, "prakerja_console.ui."):
        module = import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and own_bindings(cls):
                with_keys.add(cls)
    assert with_keys - listed == set(), "add these to keymap_doc.SECTIONS"


def test_the_two_commands_are_the_demo_and_exactly_what_ci_runs() -> None:
    ci_line = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    blocks = code_blocks()
    assert blocks[0] == DEMO_COMMAND
    assert blocks[1] == ci_line


def test_the_demo_accounts_are_those_of_the_users_file() -> None:
    rows = []
    for account in load_accounts():
        code = account.province_code
        scope = "nationwide" if code is None else f"province {code} ({province(code).name})"  # type: ignore[union-attr]
        rows.append(
            f"| `{account.username}` | {account.display_name} | {account.role.value} | {scope}"
            f" | `{account.password}` |"
        )
    expected = "\n".join(
        ["| username | name | role | scope | password |", "|---|---|---|---|---|", *rows]
    )
    assert section("accounts").strip() == expected


def test_every_setting_and_theme_is_documented() -> None:
    keys = re.findall(r"^\| `(\w+)` \|", section("config"), re.M)
    assert keys == [field.name for field in dataclasses.fields(Settings)]
    assert all(f"`{theme}`" in section("config") for theme in THEMES)


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_command_is_described(name: str) -> None:
    assert f"prakerja-console {name}" in README


def test_the_no_keyring_message_is_quoted_as_the_console_says_it() -> None:
    after = README[README.index("**No keyring backend.**") :]
    quoted = re.search(r"((?:^> [^\n]*\n)+)", after, re.M)
    assert quoted is not None
    text = " ".join(line.removeprefix("> ").strip() for line in quoted[1].splitlines())
    assert text == _NO_BACKEND


def test_links_and_images_point_at_files_that_exist() -> None:
    targets = set(re.findall(r"\]\(([^)#]+)\)", README))
    assert {"docs/protocol.md", "CONTRIBUTING.md", "CHANGELOG.md"} <= targets
    missing = {t for t in targets - LINKS_FROM_ELSEWHERE if not (ROOT / t).exists()}
    assert missing == set()


@pytest.mark.parametrize(("shown", "snapshot"), sorted(SCREENSHOTS.items()))
def test_the_screenshots_are_the_current_snapshots(shown: str, snapshot: str) -> None:
    assert (ROOT / shown).read_bytes() == (ROOT / snapshot).read_bytes(), (
        f"the UI changed: cp '{snapshot}' {shown}"
    )
