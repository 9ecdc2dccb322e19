"""``prakerja-console login``: open a session at the central and keep it in the keyring.

The password is asked hidden, or read from stdin with ``--password-stdin`` for
automation. The session goes to the OS keyring; the server, user, role, scope
and the mirror's device id are recorded in the mirror (created if absent).
Wrong password, an unreachable central, no keyring: one clear message, exit
status 1, no traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from prakerja_console.cli import translator_of
from prakerja_console.config import ConfigError, Settings, load_settings
from prakerja_console.domain.regions import province
from prakerja_console.domain.roles import Role
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.i18n import Translator

EXIT_FAILED = 1
_MAX_PASSWORD_BYTES = 4096

mirror_option = click.option(
    "--mirror",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The mirror file (default: from PRAKERJA_MIRROR or the config).",
)
server_option = click.option(
    "--server",
    default=None,
    help="The central's URL (default: from PRAKERJA_SERVER or the config).",
)


def fail(ctx: click.Context, text: str) -> NoReturn:
    """Say what went wrong on stderr and exit with status 1 (no traceback)."""
    click.echo(text, err=True)
    ctx.exit(EXIT_FAILED)


def settings_of(ctx: click.Context, translator: Translator, **overrides: object) -> Settings:
    try:
        return load_settings(overrides)
    except ConfigError as error:
        fail(ctx, error.describe(translator))


def role_text(translator: Translator, role: str) -> str:
    known = {member.value: member for member in Role}
    return translator._(known[role].label) if role in known else role


def scope_text(translator: Translator, scope: str | None) -> str:
    if scope is None:
        return translator._("nationwide")
    found = province(scope)
    return f"{scope} {found.name}" if found else scope


def _password_from_stdin() -> str:
    text = sys.stdin.read(_MAX_PASSWORD_BYTES + 1)
    return text.removesuffix("\n").removesuffix("\r")


@click.command(name="login")
@server_option
@click.option("--user", "username", default=None, help="Your username (asked when omitted).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from stdin instead of asking."
)
@mirror_option
@click.pass_context
def login(
    ctx: click.Context,
    server: str | None,
    username: str | None,
    password_stdin: bool,
    mirror: Path | None,
) -> None:
    """Log in at the central; the session is kept in the OS keyring."""
    translator = translator_of(ctx)
    _ = translator._
    settings = settings_of(ctx, translator, server=server, mirror=mirror)
    # Imported here: the store and the HTTP client are not needed to print --help.
    from prakerja_console.sync.account import log_in
    from prakerja_console.sync.credentials import prepare_keyring
    from prakerja_console.sync.errors import SyncError

    try:
        # Before the password is asked: no point typing it if it cannot be kept.
        backend = prepare_keyring(interactive=None if not password_stdin else False)
    except SyncError as error:
        fail(ctx, translator.message(error.message))
    if username is None:
        username = click.prompt(_("Username")).strip()
    password = (
        _password_from_stdin() if password_stdin else click.prompt(_("Password"), hide_input=True)
    )
    if not username or not password:
        fail(ctx, _("A username and a password are needed."))
    try:
        result = log_in(
            settings.mirror, settings.server, username, password, backend=backend, clock=time.time
        )
    except SyncError as error:
        fail(ctx, translator.message(error.message))
    click.echo(
        _("Logged in to {server} as {name} ({username}): {role}, {scope}.").format(
            server=clean_text(result.server),
            name=clean_text(result.display_name),
            username=clean_text(result.username),
            role=role_text(translator, result.role),
            scope=scope_text(translator, result.scope),
        )
    )
    click.echo(
        _("Mirror: {path} (device {device}).").format(path=settings.mirror, device=result.device_id)
    )
    if result.reload:
        click.echo(_("The mirror holds another region's data; the next sync loads it again."))
