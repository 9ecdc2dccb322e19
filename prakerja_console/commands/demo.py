"""``prakerja-console demo``: the whole console on one machine, with one command.

Starts the reference central in this process on a free loopback port (the small
scenario and its traffic simulator, unless told otherwise), makes a fresh mirror
in a temporary folder (or ``--data-dir``, kept and reused), logs the demo user of
``--role`` in, runs the first sync with a progress bar in the terminal, and opens
the TUI logged in. Quitting the TUI (``q``, Ctrl+C) or Ctrl+C before it opens
stops the engine and the central and removes the temporary folder; no thread
outlives the command. The session's tokens are kept in memory only
(:mod:`prakerja_console.sync.memory_keyring`): no OS keyring is needed and no
token is written anywhere.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from prakerja_console.cli import translator_of
from prakerja_console.commands.login import fail, role_text, scope_text, settings_of
from prakerja_console.config import THEMES, Settings
from prakerja_console.domain.roles import Role
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.i18n import SUPPORTED_LANGUAGES, Translator

if TYPE_CHECKING:
    from textual.app import App

    from prakerja_console.commands.demo_session import DemoSession

DEFAULT_RATE = 20.0  # simulated registrations a minute: a new applicant every few seconds
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # what a shell reports for a command ended by Ctrl+C


def _now() -> datetime:
    """The console's clock: the one place the demo's TUI reads the time."""
    return datetime.now(UTC)


ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)  # a closed terminal, a kill


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _ended_like_ctrl_c() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) ends the demo the way Ctrl+C does:
    the central stops and the temporary folder goes, rather than being left behind.
    (While the TUI runs, :func:`_run_console` asks it to close instead.)"""
    previous = {sig: signal.signal(sig, _interrupt) for sig in ENDING_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Ctrl+C (or a kill) while everything is being stopped would only leave a traceback
    and half of it running."""
    ending = (signal.SIGINT, signal.SIGHUP, signal.SIGTERM)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in ending}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command(name="demo")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.SUPERVISOR.value,
    show_default=True,
    help="Log in as the demo user of this role (see the README for the accounts).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=DEFAULT_RATE,
    show_default=True,
    help="Simulated registrations per minute at the central; 0 turns the simulator off.",
)
@click.option(
    "--applicants",
    type=click.IntRange(min=1),
    default=None,
    help="Generate this many applicants instead of the small scenario.",
)
@click.option(
    "--scenario",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Generate the data from this scenario file (default: fixtures/scenarios/small.toml).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the central's database and the mirror here and reuse them next time"
    " (default: a temporary folder, removed at the end).",
)
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LANGUAGES, case_sensitive=False),
    default=None,
    help="Language of the console: id (Bahasa Indonesia) or en (English).",
)
@click.option("--theme", type=click.Choice(THEMES), default=None, help="Colour theme.")
@click.pass_context
def demo(
    ctx: click.Context,
    role: str,
    rate: float,
    applicants: int | None,
    scenario: Path | None,
    data_dir: Path | None,
    lang: str | None,
    theme: str | None,
) -> None:
    """Try the console: a local central with generated data, a fresh mirror, logged in."""
    translator = Translator(lang) if lang else translator_of(ctx)
    _ = translator._
    if scenario is not None and applicants is not None:
        raise click.UsageError(_("Give --scenario or --applicants, not both."))
    settings = settings_of(ctx, translator)
    status: int | None = None
    # Imported here: the central, the store and the TUI load only when the demo runs.
    from prakerja_console.central.generator import ScenarioError
    from prakerja_console.central.users import UsersFileError
    from prakerja_console.commands.demo_session import DemoError, DemoOptions, DemoSession
    from prakerja_console.sync.errors import SyncError

    options = DemoOptions(
        role=Role(role),
        rate=rate,
        applicants=applicants,
        scenario=scenario,
        data_dir=data_dir,
        sync_interval=settings.sync_interval_seconds,
    )
    session = DemoSession(options)
    try:
        try:
            with _ended_like_ctrl_c():
                status = _run(session, translator, replace(settings, theme=theme or settings.theme))
        finally:
            with _no_interrupts():
                session.close()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except (DemoError, ScenarioError, UsersFileError) as error:
        fail(ctx, str(error))
    except SyncError as error:
        fail(ctx, translator.message(error.message))
    if status is None:
        ctx.exit(EXIT_FAILED)
    if status == EXIT_INTERRUPTED:
        click.echo(_("Demo stopped; the central has stopped too."), err=True)
    elif options.data_dir is None:
        click.echo(_("Demo finished. The central has stopped and its temporary data is gone."))
    else:
        click.echo(
            _(
                "Demo finished. The central has stopped; its data stays in {folder}, and the"
                " same command continues from there."
            ).format(folder=options.data_dir)
        )
    ctx.exit(status)


def _run(session: DemoSession, translator: Translator, settings: Settings) -> int | None:
    """Start everything, sync once with a progress bar, run the TUI: its exit status, or
    None when the console never opened (the reason is said)."""
    from prakerja_console.commands.demo_progress import FirstSyncProgress
    from prakerja_console.ui.app import ConsoleApp, ConsoleContext

    _ = translator._
    options = session.options
    click.echo(_("Starting the reference central (the first start generates its data)…"))
    started = session.start()
    if started.reused_central and (options.applicants is not None or options.scenario is not None):
        click.echo(
            _(
                "The central's database in {folder} already holds data; it is used as it is"
                " (--applicants and --scenario apply to a new folder only)."
            ).format(folder=started.folder)
        )
    click.echo(
        (
            _("Reference central listening on {url}, {rate} simulated registrations a minute.")
            if options.rate > 0
            else _("Reference central listening on {url}, traffic simulator off.")
        ).format(url=started.url, rate=translator.number(options.rate))
    )
    login = started.login
    click.echo(
        _(
            "Logged in as {name} ({username}): {role}, {scope}. The session is kept in memory only."
        ).format(
            name=clean_text(login.display_name),
            username=clean_text(login.username),
            role=role_text(translator, login.role),
            scope=scope_text(translator, login.scope),
        )
    )
    click.echo(_("First sync: loading the mirror from the central…"))
    with FirstSyncProgress(translator) as progress:
        report = session.first_sync(progress)
    if report.problem is not None:
        click.echo(
            _("The first sync failed: {problem}").format(
                problem=translator.message(report.problem)
            ),
            err=True,
        )
        return None
    click.echo(
        _("The mirror is ready: {count} rows in {seconds} s. Opening the console…").format(
            count=translator.number(report.pulled),
            seconds=translator.number(round(report.duration, 1)),
        )
    )
    shown = replace(
        settings, server=started.url, mirror=session.mirror, language=translator.language
    )
    app = ConsoleApp(ConsoleContext(session.services(_now), shown, _now))
    asyncio.run(_run_console(app))
    return app.return_code or 0


async def _run_console(app: App[None]) -> None:
    """Run the TUI; SIGHUP and SIGTERM close it as ``q`` does, with the interrupted status.

    The event loop's own signal handling wakes it safely; raising from a plain signal
    handler would surface inside whichever Textual task happened to run.
    """
    loop = asyncio.get_running_loop()
    for sig in ENDING_SIGNALS:
        loop.add_signal_handler(sig, partial(app.exit, return_code=EXIT_INTERRUPTED))
    try:
        await app.run_async()
    finally:
        for sig in ENDING_SIGNALS:
            loop.remove_signal_handler(sig)
            signal.signal(sig, _interrupt)  # until everything has stopped
