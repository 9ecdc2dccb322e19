"""Pick one of a few values (a status, a priority, a category, an assignee)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prakerja_console.domain.text import N_, Message
from prakerja_console.ui.screens.dialog import ConsoleDialog


class ChoiceDialog(ConsoleDialog[str]):
    """``title`` is a catalogue id; ``choices`` are (value, label already translated)."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "choice_dialog.tcss"]
    confirm_text = N_("Choose")

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self._choices = tuple(choices)

    def compose_fields(self) -> ComposeResult:
        yield OptionList(*(Option(label, id=value) for value, label in self._choices), id="choices")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_confirm()

    def result(self) -> str | Message:
        options = self.query_one("#choices", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self._choices):
            return Message(N_("Choose one of the options."))
        return self._choices[index][0]
