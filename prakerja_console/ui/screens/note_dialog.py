"""Add a note to an applicant: a text area, validated before it is queued."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from prakerja_console.domain.action_text import NOTE_MAX_LENGTH
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.actions import check_note
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.dialog import ConsoleDialog


class NoteDialog(ConsoleDialog[str]):
    title_text = N_("New note")

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._text = text

    def compose_fields(self) -> ComposeResult:
        _ = host(self).translator._
        yield Static(
            _("What happened on the call, for the next agent. At most {limit} characters.").format(
                limit=host(self).translator.number(NOTE_MAX_LENGTH)
            ),
            classes="dialog-help",
            markup=False,
        )
        yield TextArea(self._text, id="note-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    def result(self) -> str | Message:
        text = self.query_one("#note-text", TextArea).text
        return check_note(text) or text.strip()
