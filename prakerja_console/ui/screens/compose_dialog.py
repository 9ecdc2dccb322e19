"""Write a public reply or an internal note on a ticket; replies can start from a canned response.

What is typed is sent exactly as typed (the ticket rules only refuse an empty or
over-long text); ``ctrl+t`` opens the canned responses, and the chosen one is
inserted at the cursor with the ticket's values filled in. A placeholder the
ticket cannot fill stays visible and is named under the editor, so the agent
completes it before sending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.types import CSSPathType
from textual.widgets import Button, Static, TextArea

from prakerja_console.domain.canned_responses import missing_placeholders
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.canned import CannedTemplate, fill
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.canned_picker import CannedPicker
from prakerja_console.ui.screens.dialog import ConsoleDialog


class ComposeDialog(ConsoleDialog[str]):
    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "compose_dialog.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "canned",
            N_("canned response"),
            id="compose.canned",
            tooltip=N_("Insert a canned response, filled in for this ticket"),
        )
    ]

    def __init__(
        self,
        *,
        reply: bool,
        check: Callable[[str], Message | None],
        templates: Sequence[CannedTemplate] = (),
        values: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.reply = reply
        self.title_text = N_("Reply to the applicant") if reply else N_("Internal note")
        self.confirm_text = N_("Send reply") if reply else N_("Save note")
        self._check = check
        self._templates = tuple(templates)
        self._values = dict(values or {})

    def compose_fields(self) -> ComposeResult:
        _ = host(self).translator._
        help_text = (
            _("The applicant reads this. It is sent exactly as written.")
            if self.reply
            else _("Only colleagues see this note; the applicant never does.")
        )
        yield Static(help_text, classes="dialog-help", markup=False)
        yield TextArea(id="body", soft_wrap=True, classes="reply" if self.reply else "note")
        if self.reply and self._templates:
            yield Button(_("Canned response (ctrl+t)"), id="canned")

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "canned":
            return self.reply and bool(self._templates)
        return True

    @on(Button.Pressed, "#canned")
    def action_canned(self) -> None:
        if not (self.reply and self._templates):
            return

        def insert(chosen: CannedTemplate | None) -> None:
            if chosen is None:
                return
            body = self.query_one("#body", TextArea)
            body.insert(fill(chosen, self._values))
            body.focus()
            missing = missing_placeholders(chosen.response, self._values)
            if missing:
                self.show_problem(
                    Message(
                        N_("Fill in before sending: {names}"),
                        {"names": ", ".join("{" + name + "}" for name in missing)},
                    )
                )

        self.app.push_screen(CannedPicker(self._templates, self._values), insert)

    def result(self) -> str | Message:
        text = self.query_one("#body", TextArea).text
        problem = self._check(text)
        return problem if problem is not None else text
