"""``prakerja-console logout``: forget the session; queued actions stay for the next login."""

from __future__ import annotations

from pathlib import Path

import click

from prakerja_console.cli import translator_of
from prakerja_console.commands.login import fail, mirror_option, settings_of


@click.command(name="logout")
@mirror_option
@click.pass_context
def logout(ctx: click.Context, mirror: Path | None) -> None:
    """Remove the saved session from the keyring (the queue of actions is kept)."""
    translator = translator_of(ctx)
    _ = translator._
    settings = settings_of(ctx, translator, mirror=mirror)
    from prakerja_console.sync.account import log_out
    from prakerja_console.sync.credentials import prepare_keyring
    from prakerja_console.sync.errors import SyncError

    try:
        result = log_out(settings.mirror, backend=prepare_keyring())
    except SyncError as error:
        fail(ctx, translator.message(error.message))
    click.echo(_("Logged out.") if result.removed else _("There was no saved session to remove."))
    if result.queued:
        click.echo(
            translator.ngettext(
                "{count} action is still queued; it will be sent after the next login.",
                "{count} actions are still queued; they will be sent after the next login.",
                result.queued,
            ).format(count=translator.number(result.queued))
        )
