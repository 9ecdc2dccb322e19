"""Export the current queue view: which format, and where the file goes."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Input, RadioButton, RadioSet, Static

from prakerja_console.domain.text import N_, Message
from prakerja_console.services.export import ExportFormat
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.widgets.safe_input import SafeInput


class ExportDialog(ConsoleDialog[tuple[ExportFormat, Path]]):
    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "export_dialog.tcss"]
    title_text = N_("Export this view")
    confirm_text = N_("Export")

    def __init__(self, suggested: Path, rows: int) -> None:
        super().__init__()
        self._suggested = suggested
        self._rows = rows

    def compose_fields(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        yield Static(
            _(
                "Every ticket of this view and filter ({count}), not only the rows on screen."
            ).format(count=console.translator.number(self._rows)),
            classes="dialog-help",
            markup=False,
        )
        with RadioSet(id="format"):
            yield RadioButton(_("CSV (spreadsheets, scripts)"), value=True, id="format-csv")
            yield RadioButton(_("Excel workbook (XLSX)"), id="format-xlsx")
        path = SafeInput(str(self._suggested), id="path")
        path.cursor_blink = console.cursor_blink
        yield path

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        field = self.query_one("#path", Input)
        suffix = ".xlsx" if event.pressed.id == "format-xlsx" else ".csv"
        field.value = str(Path(field.value).with_suffix(suffix))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def result(self) -> tuple[ExportFormat, Path] | Message:
        chosen = self.query_one("#format", RadioSet).pressed_button
        file_format = (
            ExportFormat.XLSX
            if chosen is not None and chosen.id == "format-xlsx"
            else ExportFormat.CSV
        )
        text = self.query_one("#path", Input).value.strip()
        if not text:
            return Message(N_("Say where the file goes."))
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            return Message(N_("The folder {folder} does not exist."), {"folder": str(path.parent)})
        return file_format, path
