"""File a new ticket: from the applicant detail (``t``), or blank while the caller is unknown.

The form is checked with the same rules the central applies (``domain.tickets``)
before it closes, so a ticket that would be refused is never queued.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import SUBJECT_MAX_CHARS, Category, Channel, Priority
from prakerja_console.services.ticket_actions import TicketDraft, check_draft
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.widgets.safe_input import SafeInput


class TicketCreateDialog(ConsoleDialog[TicketDraft]):
    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "ticket_create_dialog.tcss"]
    title_text = N_("New ticket")
    confirm_text = N_("File ticket")

    def __init__(self, applicant_id: int | None = None, applicant_name: str | None = None) -> None:
        super().__init__()
        self._applicant_id = applicant_id
        self._applicant_name = applicant_name

    def compose_fields(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        if self._applicant_id is None:
            about = styled(
                (_("Applicant") + ": ", "bold"),
                (_("not identified yet — name them later with i on the ticket"), "$text-muted"),
            )
        else:
            about = styled(
                (_("Applicant") + ": ", "bold"),
                f"PK-{self._applicant_id:07d} ",
                safe(self._applicant_name or "", 60),
            )
        yield Static(about, id="about")
        yield Label(_("Category"))
        yield Select(_choices(Category, _), prompt=_("Choose a category"), id="category")
        yield Label(_("Channel"))
        yield Select(
            _choices(Channel, _), value=Channel.PHONE.value, allow_blank=False, id="channel"
        )
        yield Label(_("Priority"))
        yield Select(
            _choices(Priority, _), value=Priority.NORMAL.value, allow_blank=False, id="priority"
        )
        subject = SafeInput(
            placeholder=_("Subject, e.g. verification e-mail not received"),
            max_length=SUBJECT_MAX_CHARS,
            id="subject",
        )
        subject.cursor_blink = console.cursor_blink
        yield subject
        yield TextArea(id="description", soft_wrap=True)
        yield Static(
            _("What the caller said (optional): saved as the ticket's first internal note."),
            classes="dialog-help",
            markup=False,
        )
        yield Checkbox(_("I handle it myself"), value=True, id="take-it")

    def on_mount(self) -> None:
        self.query_one("#category", Select).focus()

    def result(self) -> TicketDraft | Message:
        category = self.query_one("#category", Select).value
        if not isinstance(category, str):
            return Message(N_("Choose a category from the list."))
        draft = TicketDraft(
            category=Category.from_code(category),
            channel=Channel.from_code(str(self.query_one("#channel", Select).value)),
            priority=Priority.from_code(str(self.query_one("#priority", Select).value)),
            subject=self.query_one("#subject", Input).value,
            applicant_id=self._applicant_id,
            description=self.query_one("#description", TextArea).text,
            take_it=self.query_one("#take-it", Checkbox).value,
        )
        return check_draft(draft) or draft


def _choices(
    vocabulary: type[Category] | type[Channel] | type[Priority], translate: Callable[[str], str]
) -> list[tuple[str, str]]:
    """A select's options: every value an agent may choose (never ``UNKNOWN``), in words."""
    return [
        (translate(member.label), member.value)
        for member in vocabulary
        if member is not vocabulary.UNKNOWN
    ]
