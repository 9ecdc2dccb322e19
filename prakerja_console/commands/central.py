"""``prakerja-console central serve``: run the reference central API.

Seeds the database on first start (from a scenario file or an applicant count),
prints the URL once the server accepts connections, and stops cleanly on Ctrl+C
or SIGTERM. ``CentralProcess`` (tests) reads that URL line from stdout.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click
from platformdirs import user_data_path

from prakerja_console.central.config import DEFAULT_ACCESS_TTL, CentralConfig, sqlite_url
from prakerja_console.central.faults import FaultSpec, FaultSpecError
from prakerja_console.central.generator import DEFAULT_SEED, ScenarioError
from prakerja_console.central.login_limit import LoginLimits
from prakerja_console.central.runner import CentralServer
from prakerja_console.central.sources import SMALL_SCENARIO, count_data, scenario_data
from prakerja_console.central.users import DEFAULT_USERS_FILE, UsersFileError, load_accounts
from prakerja_console.cli import translator_of

DEFAULT_PORT = 8765


def _default_database() -> str:
    folder = user_data_path("prakerja-console")
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / "central.sqlite")


@click.group(name="central")
def central() -> None:
    """The reference central API: demo, training, tests and load."""


@central.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65_535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--db",
    "database",
    default=None,
    help="SQLAlchemy URL of the central's database (default: central.sqlite in the user data folder).",
)
@click.option(
    "--scenario",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Scenario file to seed an empty database from (default: the small scenario).",
)
@click.option(
    "--applicants",
    type=click.IntRange(min=1),
    default=None,
    help="Seed an empty database with this many applicants instead of a scenario.",
)
@click.option(
    "--seed",
    type=int,
    default=DEFAULT_SEED,
    show_default=True,
    help="Random seed for --applicants and the traffic simulator.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Simulated registrations per minute; 0 turns the simulator off.",
)
@click.option(
    "--faults",
    default="",
    help="Injected faults, e.g. 503=0.3,429=0.05,drop=0.05,slow=0.1:1.5,dup=0.1,seed=7.",
)
@click.option(
    "--access-ttl",
    type=click.IntRange(min=1),
    default=DEFAULT_ACCESS_TTL,
    show_default=True,
    help="Seconds an access token lives.",
)
@click.option(
    "--login-limit",
    "login_limit",
    default=str(LoginLimits()),
    show_default=True,
    help="Failed logins allowed per username from one client address / per client address"
    " / within seconds; beyond them the central answers 429 with Retry-After.",
)
@click.option(
    "--users",
    "users_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_USERS_FILE,
    help="Accounts file to seed users from.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    database: str | None,
    scenario: Path | None,
    applicants: int | None,
    seed: int,
    rate: float,
    faults: str,
    access_ttl: int,
    login_limit: str,
    users_file: Path,
) -> None:
    """Serve the central API until Ctrl+C."""
    _ = translator_of(ctx)._
    if scenario is not None and applicants is not None:
        raise click.UsageError(_("Give --scenario or --applicants, not both."))
    try:
        spec = FaultSpec.parse(faults)
    except FaultSpecError as error:
        raise click.BadParameter(str(error), param_hint="--faults") from error
    try:
        login_limits = LoginLimits.parse(login_limit)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--login-limit") from error
    try:
        load_accounts(users_file)
        data = (
            count_data(applicants, seed)
            if applicants is not None
            else scenario_data(scenario or SMALL_SCENARIO)
        )
    except (UsersFileError, ScenarioError) as error:
        raise click.ClickException(str(error)) from error
    config = CentralConfig(
        database_url=database or _default_database(),
        users_file=users_file,
        access_ttl=access_ttl,
        rate_per_minute=rate,
        simulator_seed=seed,
        faults=spec,
        login_limits=login_limits,
    )
    stop = threading.Event()

    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    click.echo(_("Preparing the central's database (seeding it on first start)…"))
    with CentralServer(config, data, host=host, port=port) as server:
        click.echo(_("Reference central listening on {url}").format(url=server.url))
        click.echo(_("Press Ctrl+C to stop."))
        while not stop.wait(0.5):
            pass
        click.echo(_("Stopping…"))
    click.echo(_("Central stopped."))
