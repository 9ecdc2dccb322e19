"""The users file is validated strictly, errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.central.users import UsersFileError, load_accounts
from prakerja_console.domain.roles import Role


def test_the_demo_accounts_cover_every_role_and_scope_the_brief_names() -> None:
    accounts = {account.username: account for account in load_accounts()}
    assert (accounts["siti.agent"].role, accounts["siti.agent"].province_code) == (Role.AGENT, None)
    assert accounts["budi.supervisor"].role is Role.SUPERVISOR
    assert (accounts["dewi.jabar"].role, accounts["dewi.jabar"].province_code) == (
        Role.OFFICER,
        "32",
    )
    assert (accounts["agus.jatim"].role, accounts["agus.jatim"].province_code) == (
        Role.OFFICER,
        "35",
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = 'username = "a.b"\ndisplay_name = "A B"\npassword = "long-enough"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[users]]\n" + ENTRY + 'role = "king"\n', "users[0].role"),
        ("[[users]]\n" + ENTRY + 'role = "officer"\n', "users[0].province"),
        ("[[users]]\n" + ENTRY + 'role = "agent"\nprovince = "99"\n', "users[0].province"),
        ("[[users]]\n" + ENTRY + 'role = "agent"\nshoe_size = 42\n', "users[0].shoe_size"),
        (
            "[[users]]\n" + ENTRY + 'role = "agent"\n' + "[[users]]\n" + ENTRY + 'role = "agent"\n',
            "users[1].username",
        ),
        ("users = [", "not valid TOML"),
        ("", "users"),
    ],
)
def test_mistakes_name_the_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(
        UsersFileError, match=message.replace("[", r"\[").replace("]", r"\]")
    ) as caught:
        load_accounts(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsersFileError, match="file not found"):
        load_accounts(tmp_path / "absent.toml")
