"""Exporting a queue view: golden CSV files, XLSX cells that never run, the whole view."""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from prakerja_console.domain.sla import SlaState, SlaStatus
from prakerja_console.domain.tickets import Category, Channel, Priority, Status
from prakerja_console.i18n import Translator
from prakerja_console.services.export import ExportFormat, export, guarded
from prakerja_console.services.ticket_actions import TicketDraft
from prakerja_console.services.ticket_views import (
    SlaClockName,
    SlaReading,
    TicketCodes,
    TicketSummary,
)
from prakerja_console.services.tickets import QueueView
from tests.tickets.central_desk import AGENT
from tests.tickets.conftest import MakeConsole

GOLDEN = Path(__file__).parent / "golden"
CREATED = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)
HOSTILE = (
    '=HYPERLINK("http://evil.example","klik")',
    "+62 812 cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab di depan",
    "Judul \x1b]0;pwned\x07 \u202eterbalik",
)


def ticket(number: int, subject: str, **changes: object) -> TicketSummary:
    values: dict[str, object] = {
        "id": number,
        "client_ref": None,
        "applicant_id": 1000 + number,
        "applicant_name": "Siti Rahayu",
        "category": Category.EMAIL_NOT_RECEIVED,
        "channel": Channel.PHONE,
        "priority": Priority.HIGH,
        "status": Status.OPEN,
        "codes": TicketCodes("email_not_received", "phone", "high", "open"),
        "subject": subject,
        "assignee": "siti.agent",
        "created_by": "siti.agent",
        "created_at": CREATED,
        "updated_at": CREATED,
        "first_responded_at": None,
        "resolved_at": None,
        "merged_into": None,
        "verification_case_id": None,
        "province_code": "94",
        "version": 1,
        "pending": False,
        "sla": SlaReading(
            SlaClockName.FIRST_RESPONSE,
            SlaState(SlaStatus.BREACHED),
            datetime(2026, 11, 27, 3, 30, tzinfo=UTC),
        ),
    }
    values.update(changes)
    return TicketSummary(**values)  # type: ignore[arg-type]


TICKETS = [
    ticket(1, "Email verifikasi tidak masuk"),
    *(ticket(2 + index, subject) for index, subject in enumerate(HOSTILE)),
    ticket(
        20,
        "Kategori baru dari pusat",
        category=Category.UNKNOWN,
        codes=TicketCodes("crypto_refund", "phone", "high", "open"),
        applicant_id=None,
        applicant_name=None,
        province_code=None,
        sla=None,
        assignee="-agen.nakal",
    ),
    ticket(-3, "Dibuat offline", client_ref="local-0001"),
]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_csv_matches_its_golden_file(tmp_path: Path, language: str) -> None:
    translate = Translator(language)._
    done = export(tmp_path / "queue.csv", TICKETS, ExportFormat.CSV, translate)
    assert done.rows == len(TICKETS)
    expected = (GOLDEN / f"queue_{language}.csv").read_bytes()
    assert done.path.read_bytes() == expected


def test_no_csv_cell_can_start_a_formula(tmp_path: Path) -> None:
    done = export(tmp_path / "queue.csv", TICKETS, ExportFormat.CSV, lambda text: text)
    with done.path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert '\'=HYPERLINK("http://evil.example","klik")' in cells
    assert not [cell for cell in cells if "\x1b" in cell or "\u202e" in cell]


@pytest.mark.parametrize(
    ("text", "shown"),
    [("=1+1", "'=1+1"), ("-", "'-"), ("Siti", "Siti"), ("", ""), (None, ""), ("a=b", "a=b")],
)
def test_guarding_a_cell(text: str | None, shown: str) -> None:
    assert guarded(text) == shown


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    done = export(tmp_path / "queue.xlsx", TICKETS, ExportFormat.XLSX, Translator("id")._)
    sheet = load_workbook(done.path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(TICKETS)
    subjects = [row[8] for row in rows]
    assert subjects[1].value == '=HYPERLINK("http://evil.example","klik")'
    assert all(cell.data_type == "s" for cell in subjects)
    assert rows[0][0].value == 1  # numbers stay numbers
    assert sheet["E1"].value == "Kategori"


def test_an_export_holds_the_whole_view_not_one_page(console: MakeConsole, tmp_path: Path) -> None:
    siti = console(AGENT)
    for index in range(130):
        siti.services.ticket_actions.create(
            TicketDraft(Category.OTHER, Channel.PHONE, Priority.LOW, f"Pertanyaan {index}")
        )
    tickets = siti.services.tickets
    done = export(
        tmp_path / "mine.csv", tickets.lines(QueueView.MINE), ExportFormat.CSV, lambda t: t
    )
    assert done.rows == tickets.counts().mine == 130


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave a plainly created file readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("open_umask")
@pytest.mark.parametrize("file_format", list(ExportFormat))
def test_an_export_is_readable_by_its_owner_only(tmp_path: Path, file_format: ExportFormat) -> None:
    target = tmp_path / f"queue.{file_format.value}"
    target.write_text("an older export")
    target.chmod(0o644)
    done = export(target, TICKETS, file_format, lambda text: text)
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert done.path.read_bytes() != b"an older export"
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]


def test_a_failed_export_keeps_the_old_file_and_leaves_no_part(tmp_path: Path) -> None:
    target = tmp_path / "queue.csv"
    target.write_text("an older export")

    def broken() -> Iterator[TicketSummary]:
        yield TICKETS[0]
        raise OSError("the disk is full")

    with pytest.raises(OSError, match="disk is full"):
        export(target, broken(), ExportFormat.CSV, lambda text: text)
    assert target.read_text() == "an older export"
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]
