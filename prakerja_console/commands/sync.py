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
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from prakerja_console.cli import translator_of
from prakerja_console.commands.login import fail, mirror_option, server_option, settings_of
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.i18n import Translator

if TYPE_CHECKING:
    from prakerja_console.sync.report import SyncReport
    from prakerja_console.sync.verify import Verification

EXIT_FAILED = 1
EXIT_DIFFERENT = 3


def _count(translator: Translator, singular: str, plural: str, count: int) -> str:
    return translator.ngettext(singular, plural, count).format(count=translator.number(count))


def report_text(translator: Translator, report: SyncReport) -> str:
    """What a round did, in a few lines."""
    _ = translator._
    lines = [
        _count(
            translator,
            "Pulled {count} row from the central",
            "Pulled {count} rows from the central",
            report.pulled,
        )
        + _(" ({changed} changed the mirror).").format(changed=translator.number(report.changed))
    ]
    if report.snapshot_reason is not None:
        lines.append(
            _("The mirror was loaded in full ({reason}).").format(reason=report.snapshot_reason)
        )
    pushed = report.pushed
    lines.append(
        _count(translator, "Sent {count} action", "Sent {count} actions", sum(pushed.values()))
        + _(
            ": {applied} applied, {duplicate} already done before, {conflict} in conflict, {rejected} rejected."
        ).format(
            **{
                k: translator.number(pushed.get(k, 0))
                for k in ("applied", "duplicate", "conflict", "rejected")
            }
        )
    )
    for refusal in report.refusals:
        said = translator._(refusal.message) if refusal.message else "-"
        template = (
            _("  In conflict: action {seq} ({reason}): {said}")
            if refusal.status == "conflict"
            else _("  Rejected: action {seq} ({reason}): {said}")
        )
        lines.append(
            template.format(
                seq=refusal.seq,
                reason=clean_text(refusal.reason_code or "-"),
                said=clean_text(said),
            )
        )
    lines.append(
        _count(
            translator,
            "{count} action still queued.",
            "{count} actions still queued.",
            report.queued,
        )
        + " "
        + _("Cursor: {cursor}").format(cursor=clean_text(report.cursor or "-"))
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


def _stop_on_signals(stop: threading.Event) -> None:
    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)


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
    _stop_on_signals(stop)
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

    try:
        if verify:
            try:
                verification = verify_mirror(engine)
            except SyncError as error:
                fail(ctx, translator.message(error.message))
            show(verification.report, {"verify": _verification_json(verification)})
            if not verification.report.ok:
                ctx.exit(EXIT_FAILED)
            if not as_json:
                click.echo(verification_text(translator, verification))
            ctx.exit(0 if verification.equal else EXIT_DIFFERENT)
        if once:
            report = engine.sync_once(stop)
            show(report)
            ctx.exit(0 if report.ok else EXIT_FAILED)

        def each_round(report: SyncReport) -> None:
            if not as_json:
                click.echo(datetime.now().astimezone().strftime("%H:%M:%S"))
            show(report)

        engine.run(stop, lambda _status: None, on_report=each_round)
    finally:
        engine.close()
