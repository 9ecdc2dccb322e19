"""The first sync's progress in the terminal, before the TUI opens.

The engine reports :class:`~prakerja_console.sync.report.SyncStatus` changes
through a callback; each table being loaded gets its own bar (rows done of the
table's total, numbers in the reader's locale), then one bar for the search
indexes. A rich ``Progress`` draws them and is left cleanly however the sync ends.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from prakerja_console.domain.text import N_
from prakerja_console.i18n import Translator
from prakerja_console.sync.report import SyncStatus

INDEX_PHASE = "index"
LOAD_PHASE = "load"

TABLE_LABELS = {
    "users": N_("users"),
    "waves": N_("waves"),
    "applicants": N_("applicants"),
    "registry_checks": N_("registry checks"),
    "wave_entries": N_("wave entries"),
    "verification_cases": N_("verification cases"),
    "tickets": N_("tickets"),
    "ticket_events": N_("ticket messages"),
    "notes": N_("notes"),
    "audit_log": N_("audit trail"),
}
INDEX_LABEL = N_("search indexes")


class FirstSyncProgress:
    """A status callback that draws bars; use it as a context manager around the sync."""

    def __init__(self, translator: Translator, console: Console | None = None) -> None:
        self._translator = translator
        self._progress = Progress(
            TextColumn("  {task.description:<24}"),
            BarColumn(bar_width=40),
            TextColumn("{task.fields[count]:>17}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def __call__(self, status: SyncStatus) -> None:
        step = status.progress
        if step is None or step.phase not in (LOAD_PHASE, INDEX_PHASE):
            return
        if step.phase == LOAD_PHASE:
            if step.total == 0:
                return  # a table with nothing in it needs no bar
            key, label = step.table, TABLE_LABELS.get(step.table)
        else:
            key, label = INDEX_PHASE, INDEX_LABEL
        text = self._translator._(label) if label is not None else step.table
        number = self._translator.number
        count = f"{number(step.done)}/{number(step.total)}"
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = self._progress.add_task(text, total=step.total, count=count)
        self._progress.update(task, completed=step.done, total=step.total, count=count)
