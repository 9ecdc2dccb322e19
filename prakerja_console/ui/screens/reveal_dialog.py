"""Reveal masked personal data: which field, and why (recorded in the audit trail)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Static

from prakerja_console.domain.text import N_, Message
from prakerja_console.services.actions import check_reveal_reason
from prakerja_console.services.applicant import PiiField
from prakerja_console.ui.host import host
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.widgets.safe_input import SafeInput


class RevealDialog(ConsoleDialog[tuple[PiiField, str]]):
    title_text = N_("Reveal personal data")
    confirm_text = N_("Reveal")

    def __init__(self, fields: tuple[PiiField, ...]) -> None:
        super().__init__()
        self._fields = fields

    def compose_fields(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        yield Static(
            _(
                "The value is shown on this screen only and masked again when you leave it. "
                "Who revealed what, and why, is recorded and sent to the central."
            ),
            classes="dialog-help",
            markup=False,
        )
        with RadioSet(id="reveal-field"):
            for index, field in enumerate(self._fields):
                yield RadioButton(_(field.label), value=index == 0, id=f"field-{field.value}")
        reason = SafeInput(
            placeholder=_("Reason, e.g. applicant on the phone, checking the KTP"),
            id="reveal-reason",
        )
        reason.cursor_blink = console.cursor_blink
        yield reason

    def on_mount(self) -> None:
        self.query_one("#reveal-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def result(self) -> tuple[PiiField, str] | Message:
        chosen = self.query_one("#reveal-field", RadioSet).pressed_index
        if not 0 <= chosen < len(self._fields):
            return Message(N_("Choose what to reveal."))
        reason = self.query_one("#reveal-reason", Input).value
        problem = check_reveal_reason(reason)
        return problem if problem is not None else (self._fields[chosen], reason.strip())
