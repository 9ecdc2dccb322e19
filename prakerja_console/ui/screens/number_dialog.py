"""Type a number that names a record: a ticket to merge into, a case to link, an applicant."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Input, Static

from prakerja_console.domain.text import Message
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.widgets.safe_input import SafeInput


class NumberDialog(ConsoleDialog[int]):
    """``read`` turns what was typed into the number, or says why it cannot."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "number_dialog.tcss"]

    def __init__(
        self,
        title: str,
        help_text: str,
        confirm: str,
        placeholder: str,
        read: Callable[[str], int | Message],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.confirm_text = confirm
        self._help = help_text
        self._placeholder = placeholder
        self._read = read

    def compose_fields(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        yield Static(_(self._help), classes="dialog-help", markup=False)
        field = SafeInput(placeholder=_(self._placeholder), id="number")
        field.cursor_blink = console.cursor_blink
        yield field

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def result(self) -> int | Message:
        return self._read(self.query_one("#number", Input).value)
