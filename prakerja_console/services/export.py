"""The current queue view as a CSV or XLSX file, for supervisors' reports.

The file holds what the tab holds (every page, not just the one on screen), in
the agent's language, moments in each applicant's own time zone (the zone is
named in the cell). Text that came from outside — subjects, names — is a
spreadsheet's classic injection route: a cell starting with ``=``, ``+``, ``-``
or ``@`` (or a tab or carriage return) is run as a formula by Excel and
LibreOffice. In CSV such a cell is prefixed with an apostrophe, which the
spreadsheets show as text (OWASP's advice); in XLSX it is written as a string
cell, which is never evaluated. Control characters and bidi overrides are
removed by the console's sanitiser as everywhere else.

CSV is UTF-8 with a byte-order mark, because that is what makes Excel read
Indonesian names right; XLSX uses openpyxl's streaming writer, so a 200,000-row
export never holds the workbook in memory.

An export holds applicants' names, so, like the mirror, it is readable by its
owner only (0600, whatever the umask): it is written to a private temporary file
beside the target and moved over it when complete, so a file it replaces keeps
that mode and a failed export leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from prakerja_console.domain.regions import province
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_
from prakerja_console.services.ticket_views import TicketSummary

CELL_LIMIT = 2_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STAMP = "%Y-%m-%d %H:%M"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


COLUMNS: tuple[str, ...] = (
    N_("No."),
    N_("Applicant"),
    N_("Applicant name"),
    N_("Province"),
    N_("Category"),
    N_("Status"),
    N_("Priority"),
    N_("Channel"),
    N_("Subject"),
    N_("Assignee"),
    N_("Created"),
    N_("SLA"),
    N_("Due"),
)

Cell = int | str


def guarded(text: str | None) -> str:
    """Outside text made safe for a spreadsheet cell (CSV: apostrophe before a formula)."""
    cleaned = clean_text(text, max_length=CELL_LIMIT)
    return "'" + cleaned if cleaned.startswith(FORMULA_STARTS) else cleaned


def _moment(value: datetime | None, ticket: TicketSummary) -> str:
    if value is None:
        return ""
    zone = ticket.zone
    return f"{value.astimezone(zone.zone).strftime(_STAMP)} {zone.value}"


def row_of(ticket: TicketSummary, translate: Callable[[str], str]) -> list[Cell]:
    """One ticket as cells; the writers clean (and in CSV guard) every text cell."""
    found = province(ticket.province_code or "")
    sla = ticket.sla
    return [
        ticket.number if ticket.number is not None else "",
        f"PK-{ticket.applicant_id:07d}" if ticket.applicant_id is not None else "",
        ticket.applicant_name or "",
        found.name if found else (ticket.province_code or ""),
        translate(ticket.category.label),
        translate(ticket.status.label),
        translate(ticket.priority.label),
        translate(ticket.channel.label),
        ticket.subject,
        ticket.assignee or "",
        _moment(ticket.created_at, ticket),
        translate(sla.state.status.label) if sla is not None else "",
        _moment(sla.due if sla is not None else None, ticket),
    ]


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    rows: int


def _rows(
    tickets: Iterable[TicketSummary], translate: Callable[[str], str]
) -> Iterator[list[Cell]]:
    for ticket in tickets:
        yield row_of(ticket, translate)


@contextmanager
def private_file(path: Path, mode: str, **options: Any) -> Iterator[IO[Any]]:
    """A file only its owner may read, that replaces ``path`` once written in full.

    ``mkstemp`` creates the temporary file 0600 in the target's folder (so the
    final rename stays on one file system and is atomic).
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, mode, **options) as handle:
            yield handle
        Path(name).replace(path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_csv(path: Path, tickets: Iterable[TicketSummary], translate: Callable[[str], str]) -> int:
    count = 0
    with private_file(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([translate(title) for title in COLUMNS])
        for row in _rows(tickets, translate):
            writer.writerow([cell if isinstance(cell, int) else guarded(cell) for cell in row])
            count += 1
    return count


def write_xlsx(
    path: Path, tickets: Iterable[TicketSummary], translate: Callable[[str], str]
) -> int:
    from openpyxl import Workbook  # imported on an export only: it costs ~0.2 s
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(translate(N_("Tickets")))
    sheet.append([translate(title) for title in COLUMNS])
    count = 0
    for row in _rows(tickets, translate):
        cells: list[object] = []
        for value in row:
            text = isinstance(value, str)
            cell = WriteOnlyCell(
                sheet, value=clean_text(value, max_length=CELL_LIMIT) if text else value
            )
            if text:
                cell.data_type = "s"  # never a formula, whatever it starts with
            cells.append(cell)
        sheet.append(cells)
        count += 1
    with private_file(path, "wb") as handle:
        workbook.save(handle)
    return count


def export(
    path: Path,
    tickets: Iterable[TicketSummary],
    file_format: ExportFormat,
    translate: Callable[[str], str],
) -> Exported:
    """Write ``tickets`` to ``path`` (replacing it) in ``file_format``."""
    writer = write_csv if file_format is ExportFormat.CSV else write_xlsx
    return Exported(path, writer(path, tickets, translate))
