"""Write a few lines that a rule checks before they are accepted (an escalation reason,
a note that resolves a conflict)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.types import CSSPathType
from textual.widgets import Static, TextArea

from prakerja_console.domain.text import Message
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.dialog import ConsoleDialog


class TextDialog(ConsoleDialog[str]):
    """``title``, ``help`` and ``confirm`` are catalogue ids; ``check`` says what is wrong."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "text_dialog.tcss"]

    def __init__(
        self,
        title: str,
        help_text: str,
        confirm: str,
        check: Callable[[str], Message | None],
        *,
        text: str = "",
        context: Content | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.confirm_text = confirm
        self._help = help_text
        self._check = check
        self._text = text
        self._lead = context

    def compose_fields(self) -> ComposeResult:
        _ = host(self).translator._
        if self._lead is not None:
            yield Static(self._lead, classes="dialog-help", id="text-context")
        yield Static(_(self._help), classes="dialog-help", markup=False)
        yield TextArea(self._text, id="text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    def result(self) -> str | Message:
        text = self.query_one("#text", TextArea).text
        return self._check(text) or text.strip()
