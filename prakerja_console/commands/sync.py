"""``prakerja-console sync``: headless sync for servers and cron.

``--once`` runs one push-then-pull round and prints what it did (human text, or
one JSON object with ``--json``); without it, rounds repeat every
``sync_interval_seconds`` until Ctrl+C, one report per round. ``--verify`` syncs
until caught up and compares the mirror's checksum with the central's (implies
``--once``).

Exit status: 0 done, 1 the round failed (the message says why), 2 usage,
3 the mirror differs from the central (the tables are named).
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from prakerja_console.cli import translator_of
from prakerja_console.commands.login import fail, mirror_option, server_option, settings_of
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_
from prakerja_console.i18n import Translator

if TYPE_CHECKING:
    from prakerja_console.sync.report import SyncReport
    from prakerja_console.sync.verify import Verification

EXIT_FAILED = 1
EXIT_DIFFERENT = 3


# Why the mirror was loaded in full (the engine's reason codes), in plain words.
SNAPSHOT_REASONS = {
    "first_sync": N_("first sync"),
    "resumed": N_("an interrupted load was finished"),
    "scope_changed": N_("the login's region changed"),
    "epoch_changed": N_("the central's data was reset"),
    "schema_changed": N_("the central's data format changed"),
    "cursor_invalid": N_("the central no longer knows this mirror's position"),
}


def report_text(translator: Translator, report: SyncReport) -> str:
    """What a round did, in a few lines."""
    from prakerja_console.sync.report import OUTCOMES

    _ = translator._
    number = translator.number
    pushed = report.pushed
    lines = [
        translator.ngettext(
            "Pulled {count} row from the central; {changed} changed the mirror.",
            "Pulled {count} rows from the central; {changed} changed the mirror.",
            report.pulled,
        ).format(count=number(report.pulled), changed=number(report.changed))
    ]
    if report.snapshot_reason is not None:
        reason = SNAPSHOT_REASONS.get(report.snapshot_reason)
        lines.append(
            _("The mirror was loaded in full: {reason}.").format(
                reason=_(reason) if reason else clean_text(report.snapshot_reason)
            )
        )
    sent = sum(pushed.values())
    lines.append(
        translator.ngettext(
            "Sent {count} action: {applied} applied, {duplicate} already done before,"
            " {conflict} in conflict, {rejected} rejected.",
            "Sent {count} actions: {applied} applied, {duplicate} already done before,"
            " {conflict} in conflict, {rejected} rejected.",
            sent,
        ).format(
            count=number(sent),
            **{outcome: number(pushed.get(outcome, 0)) for outcome in OUTCOMES},
        )
    )
    for refusal in report.refusals:
        template = (
            _("  In conflict: action no. {seq} ({reason}): {said}")
            if refusal.status == "conflict"
            else _("  Rejected: action no. {seq} ({reason}): {said}")
        )
        said = _(refusal.message) if refusal.message else "-"
        lines.append(
            template.format(
                seq=refusal.seq,
                reason=clean_text(refusal.reason_code or "-"),
                said=clean_text(said),
            )
        )
    lines.append(
        translator.ngettext(
            "{count} action still queued. Cursor: {cursor}",
            "{count} actions still queued. Cursor: {cursor}",
            report.queued,
        ).format(count=number(report.queued), cursor=clean_text(report.cursor or "-"))
    )
    if report.problem is not None:
        lines.append(_("Problem: {problem}").format(problem=translator.message(report.problem)))
    return "\n".join(lines)


def verification_text(translator: Translator, verification: Verification) -> str:
    _ = translator._
    if verification.equal:
        return _("Verified: the mirror holds exactly the central's rows.")
    lines = [_("The mirror differs from the central in these tables:")]
    for difference in verification.differences:
        mirror = difference.mirror.count if difference.mirror else 0
        central = difference.central.count if difference.central else 0
        lines.append(
            _("  {table}: {mirror} rows here, {central} at the central").format(
                table=difference.table,
                mirror=translator.number(mirror),
                central=translator.number(central),
            )
        )
    if not verification.settled:
        lines.append(
            _("The central kept changing while this was checked; try again when it is quiet.")
        )
    return "\n".join(lines)


def _verification_json(verification: Verification) -> dict[str, Any]:
    return {
        "equal": verification.equal,
        "settled": verification.settled,
        "differences": [
            {
                "table": d.table,
                "mirror": None if d.mirror is None else d.mirror.model_dump(),
                "central": None if d.central is None else d.central.model_dump(),
            }
            for d in verification.differences
        ],
    }


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl+C and SIGTERM end the sync after its current step; the old handlers come back."""

    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command(name="sync")
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option(
    "--verify",
    is_flag=True,
    help="Sync, then compare the mirror's checksum with the central's (implies --once).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per round.")
@server_option
@mirror_option
@click.pass_context
def sync(
    ctx: click.Context,
    once: bool,
    verify: bool,
    as_json: bool,
    server: str | None,
    mirror: Path | None,
) -> None:
    """Send queued actions and bring the mirror up to date with the central."""
    translator = translator_of(ctx)
    settings = settings_of(ctx, translator, server=server, mirror=mirror)
    from prakerja_console.sync.errors import SyncError
    from prakerja_console.sync.rounds import EngineSettings
    from prakerja_console.sync.verify import verify as verify_mirror
    from prakerja_console.sync.wiring import open_engine

    stop = threading.Event()
    try:
        engine = open_engine(
            settings.mirror,
            server=settings.server,
            settings=EngineSettings(interval=settings.sync_interval_seconds),
        )
    except SyncError as error:
        fail(ctx, translator.message(error.message))

    def show(report: SyncReport, extra: dict[str, Any] | None = None) -> None:
        if as_json:
            data = report.as_json(translator.message)
            click.echo(json.dumps({**data, **(extra or {})}, ensure_ascii=False))
        else:
            click.echo(report_text(translator, report))

    def each_round(report: SyncReport) -> None:
        if not as_json:
            click.echo(datetime.now().astimezone().strftime("%H:%M:%S"))
        show(report)

    status = 0
    try:
        with _stop_on_signals(stop):
            if verify:
                try:
                    verification = verify_mirror(engine)
                except SyncError as error:
                    fail(ctx, translator.message(error.message))
                show(verification.report, {"verify": _verification_json(verification)})
                if not verification.report.ok:
                    status = EXIT_FAILED
                else:
                    if not as_json:
                        click.echo(verification_text(translator, verification))
                    status = 0 if verification.equal else EXIT_DIFFERENT
            elif once:
                report = engine.sync_once(stop)
                show(report)
                status = 0 if report.ok else EXIT_FAILED
            else:
                engine.run(stop, lambda _status: None, on_report=each_round)
    finally:
        engine.close()
    ctx.exit(status)
