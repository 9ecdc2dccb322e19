"""The central's user accounts, read from a TOML file (``fixtures/users.toml``).

The file is validated strictly: an unknown key, a role that does not exist or a
province code no NIK carries is an error naming the file and the entry, because
a typo there would otherwise silently widen or narrow someone's scope.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from prakerja_console.domain.regions import PROVINCES
from prakerja_console.domain.roles import Role

DEFAULT_USERS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "users.toml"


class UsersFileError(ValueError):
    """The users file cannot be used; the message names the file and the key."""


class _UserEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    username: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    display_name: str = Field(min_length=1, max_length=200)
    role: Role
    province: str | None = None
    password: str = Field(min_length=8, max_length=200)

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str | None) -> str | None:
        if value is not None and value not in PROVINCES:
            raise ValueError(f"unknown province code {value!r}")
        return value


class _UsersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    users: list[_UserEntry] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the central seeds it: who they are, their role and scope, and a password."""

    username: str
    display_name: str
    role: Role
    province_code: str | None  # None = nationwide
    password: str


def load_accounts(path: Path = DEFAULT_USERS_FILE) -> list[Account]:
    """Read and validate the accounts file."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError as error:
        raise UsersFileError(f"{path}: file not found") from error
    except tomllib.TOMLDecodeError as error:
        raise UsersFileError(f"{path}: not valid TOML ({error})") from error
    try:
        parsed = _UsersFile.model_validate(raw)
    except ValidationError as error:
        problem = error.errors()[0]
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in problem["loc"]
        ).lstrip(".")
        raise UsersFileError(f"{path}: {where}: {problem['msg']}") from error
    seen: set[str] = set()
    for index, entry in enumerate(parsed.users):
        if entry.username in seen:
            raise UsersFileError(
                f"{path}: users[{index}].username: {entry.username!r} appears twice"
            )
        if entry.role is Role.OFFICER and entry.province is None:
            raise UsersFileError(
                f"{path}: users[{index}].province: a regional officer needs a province"
            )
        seen.add(entry.username)
    return [
        Account(entry.username, entry.display_name, entry.role, entry.province, entry.password)
        for entry in parsed.users
    ]
