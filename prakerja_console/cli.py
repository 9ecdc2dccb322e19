"""The ``prakerja-console`` command.

Subcommands are imported only when invoked, so ``prakerja-console nik …`` on an
agent's laptop never pays for importing the web server or the TUI.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import Any

import click

from prakerja_console.config import ConfigError, load_settings
from prakerja_console.i18n.translator import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    Translator,
    normalise_language,
)

# name -> "module:attribute"; each subcommand lives in prakerja_console.commands.
SUBCOMMANDS: dict[str, str] = {
    "nik": "prakerja_console.commands.nik:nik",
    "tui": "prakerja_console.commands.tui:tui",
    "central": "prakerja_console.commands.central:central",
    "login": "prakerja_console.commands.login:login",
    "logout": "prakerja_console.commands.logout:logout",
    "sync": "prakerja_console.commands.sync:sync",
    "demo": "prakerja_console.commands.demo:demo",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            module_name, attribute = self._lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self._lazy[cmd_name]} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup, lazy=SUBCOMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LANGUAGES, case_sensitive=False),
    default=None,
    help="Language of the output: id (Bahasa Indonesia) or en (English)."
    " Default: PRAKERJA_LANG, then the config file's language, then id.",
)
@click.version_option(package_name="prakerja-console")
def main(lang: str | None) -> None:
    """Prakerja Console: find applicants, work tickets, watch waves, sync with the central."""


def configured_language(environ: Mapping[str, str] = os.environ) -> str:
    """``PRAKERJA_LANG``, else the config file's ``language``, else Indonesian.

    A config file with a mistake elsewhere still leaves ``PRAKERJA_LANG`` in force:
    the command that needs the file reports the mistake, in this language.
    """
    try:
        return load_settings(environ=environ).language
    except ConfigError:
        try:
            return normalise_language(environ.get("PRAKERJA_LANG") or DEFAULT_LANGUAGE)
        except ValueError:
            return DEFAULT_LANGUAGE


def translator_of(ctx: click.Context, environ: Mapping[str, str] = os.environ) -> Translator:
    """The translator for the group's ``--lang``, which wins over :func:`configured_language`."""
    flag = ctx.find_root().params.get("lang")
    return Translator(flag or configured_language(environ))
