"""Configuration: command-line flags, then ``PRAKERJA_*`` variables, then the TOML file.

The file lives in the platform's config folder (``platformdirs``), e.g.
``~/.config/prakerja-console/config.toml`` on Linux; ``PRAKERJA_CONFIG`` points
elsewhere. It is read with ``tomllib`` and validated strictly: an unknown key or
a wrong type is an error naming the file and the key, never silently ignored.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from platformdirs import user_config_path, user_data_path

from prakerja_console.domain.text import N_, Message
from prakerja_console.i18n.translator import (
    SUPPORTED_LANGUAGES,
    Translator,
    normalise_language,
)

APP_NAME = "prakerja-console"
THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "tokyo-night", "solarized-light")


# Where a setting came from, when it is not a file (a file is named by its path).
ENVIRONMENT = N_("environment")
COMMAND_LINE = N_("command line")


class ConfigError(ValueError):
    """A configuration problem, phrased for the person who has to fix it.

    ``where`` is the file's path, or :data:`ENVIRONMENT` / :data:`COMMAND_LINE`
    (catalogue ids, translated by :meth:`describe`).
    """

    def __init__(self, where: Path | str, template: str, **params: Any) -> None:
        self.where = where
        self.message = Message(template, params)
        super().__init__(f"{where}: {self.message.render()}")

    def describe(self, translator: Translator) -> str:
        """The error in the user's language, still naming where it is."""
        where = str(self.where) if isinstance(self.where, Path) else translator._(self.where)
        return f"{where}: {translator.message(self.message)}"


@dataclass(frozen=True, slots=True)
class Settings:
    server: str | None = None
    mirror: Path = field(default_factory=lambda: user_data_path(APP_NAME) / "mirror.sqlite")
    language: str = "id"
    theme: str = "textual-dark"
    sync_interval_seconds: float = 5.0
    keymap: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys


def default_config_file(environ: Mapping[str, str] = os.environ) -> Path:
    override = environ.get("PRAKERJA_CONFIG")
    return Path(override) if override else user_config_path(APP_NAME) / "config.toml"


def _check_server(value: str, where: Path | str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(where, N_("server must be an http(s) URL, got {value!r}"), value=value)
    return value.rstrip("/")


def _from_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, N_("not valid TOML ({error})"), error=str(error)) from error
    known: dict[str, type | tuple[type, ...]] = {
        "server": str,
        "mirror": str,
        "language": str,
        "theme": str,
        "sync_interval_seconds": (int, float),
        "keymap": dict,
    }
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                path,
                N_("unknown key {key!r} (known: {known})"),
                key=key,
                known=", ".join(sorted(known)),
            )
        if not isinstance(value, known[key]) or isinstance(value, bool):
            raise ConfigError(
                path,
                N_("key {key!r} has the wrong type ({kind})"),
                key=key,
                kind=type(value).__name__,
            )
        values[key] = value
    return _validated(values, path)


def _validated(values: Mapping[str, Any], where: Path | str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "server":
            out[key] = _check_server(value, where)  # the message names the key
        elif key == "mirror":
            out[key] = Path(value).expanduser()
        elif key == "language":
            try:
                out[key] = normalise_language(value)
            except ValueError:
                raise ConfigError(
                    where,
                    N_("language must be one of {choices}, got {value!r}"),
                    choices=", ".join(SUPPORTED_LANGUAGES),
                    value=value,
                ) from None
        elif key == "theme":
            if value not in THEMES:
                raise ConfigError(
                    where, N_("theme must be one of {choices}"), choices=", ".join(THEMES)
                )
            out[key] = value
        elif key == "sync_interval_seconds":
            if not 1 <= float(value) <= 3600:
                raise ConfigError(where, N_("sync_interval_seconds must be between 1 and 3600"))
            out[key] = float(value)
        elif key == "keymap":
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise ConfigError(where, N_("keymap maps binding ids to key names, both strings"))
            out[key] = dict(value)
    return out


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] = os.environ,
    config_file: Path | None = None,
) -> Settings:
    """Merge file < environment < explicit overrides (``None`` values are ignored)."""
    settings = Settings()
    file_values = _from_file(config_file or default_config_file(environ))
    env_values = _validated(
        {
            key: environ[name]
            for key, name in (
                ("server", "PRAKERJA_SERVER"),
                ("mirror", "PRAKERJA_MIRROR"),
                ("language", "PRAKERJA_LANG"),
            )
            if environ.get(name)
        },
        ENVIRONMENT,
    )
    flag_values = _validated(
        {k: v for k, v in (overrides or {}).items() if v is not None}, COMMAND_LINE
    )
    return replace(settings, **{**file_values, **env_values, **flag_values})
