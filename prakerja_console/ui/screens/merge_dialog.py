"""Resolve a note conflict by merging: both texts side by side, one edited result."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from prakerja_console.domain.action_text import NOTE_MAX_LENGTH
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.actions import check_note
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.dialog import ConsoleDialog


class MergeDialog(ConsoleDialog[str]):
    title_text = N_("Merge the note")
    confirm_text = N_("Send merged note")

    def __init__(self, mine: str, theirs: str) -> None:
        super().__init__()
        self._mine = mine
        self._theirs = theirs

    def compose_fields(self) -> ComposeResult:
        _ = host(self).translator._
        yield Static(
            styled(
                (_("Central's version:") + " ", "bold"),
                safe(self._theirs or "—", 600, multiline=True),
            ),
            classes="dialog-help",
        )
        yield Static(
            _("Edit the text below; it is sent as a new note, and nothing is overwritten."),
            classes="dialog-help",
            markup=False,
        )
        mine = clean_text(self._mine, max_length=NOTE_MAX_LENGTH, multiline=True)
        yield TextArea(mine, id="merge-text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#merge-text", TextArea).focus()

    def result(self) -> str | Message:
        text = self.query_one("#merge-text", TextArea).text
        return check_note(text) or text.strip()
