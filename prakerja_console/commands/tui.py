"""``prakerja-console tui``: open the console on the local mirror.

The console opens on whatever the mirror holds, online or not. Unless
``--no-sync``, the sync engine is opened first, at the terminal — so a keyring
that needs unlocking asks here, never inside the TUI — and runs in the console's
background; if it cannot be opened (not logged in, no keyring) the console says
why and works offline. Settings come from flags, ``PRAKERJA_*`` variables and the
config file; ``--lang`` on the main command wins over the configured language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from click.core import ParameterSource

from prakerja_console.cli import translator_of
from prakerja_console.config import THEMES, ConfigError, load_settings


def _now() -> datetime:
    """The console's clock: the one place the TUI reads the time."""
    return datetime.now(UTC)


@click.command(name="tui")
@click.option(
    "--mirror",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The mirror file (default: from the config).",
)
@click.option("--server", default=None, help="The central's URL (default: from the config).")
@click.option("--theme", type=click.Choice(THEMES), default=None, help="Colour theme.")
@click.option("--no-sync", is_flag=True, help="Work offline: do not sync in the background.")
@click.pass_context
def tui(
    ctx: click.Context, mirror: Path | None, server: str | None, theme: str | None, no_sync: bool
) -> None:
    """Open the console: find applicants, see why they are stuck, act on it."""
    translator = translator_of(ctx)
    root = ctx.find_root()
    language = (
        root.params.get("lang")
        if root.get_parameter_source("lang") not in (None, ParameterSource.DEFAULT)
        else None
    )
    try:
        settings = load_settings({"mirror": mirror, "server": server, "theme": theme})
    except ConfigError as error:
        raise click.ClickException(error.describe(translator)) from error
    if not settings.mirror.exists():
        raise click.ClickException(
            translator._(
                "There is no mirror at {path}. Log in and sync first: "
                "prakerja-console login, then prakerja-console sync --once."
            ).format(path=settings.mirror)
        )
    # Imported here: the TUI (Textual) is loaded only when this command runs.
    from prakerja_console.services import ConsoleServices
    from prakerja_console.sync.wiring import console_engine
    from prakerja_console.ui.app import ConsoleApp, ConsoleContext

    engine, no_engine = (
        (None, None)
        if no_sync
        else console_engine(
            settings.mirror, server=settings.server, interval=settings.sync_interval_seconds
        )
    )
    if no_engine is not None:  # said before the TUI takes the screen; it then works offline
        click.echo(translator.message(no_engine), err=True)
    services = ConsoleServices(settings.mirror, _now, engine=engine)
    app = ConsoleApp(
        ConsoleContext(services, settings, _now, background_sync=not no_sync, language=language)
    )
    try:
        app.run()
    finally:
        services.close()
        if engine is not None:
            engine.close()
