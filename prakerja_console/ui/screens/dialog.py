"""The shared frame of the console's small modal dialogs (note, reveal, merge).

A title, the dialog's own fields, a problem line for validation messages, and
two buttons. ``esc`` cancels; the screen below keeps its state.

Every dialog must say how it reads its fields (:meth:`ConsoleDialog.result`), so
that method is abstract (hence :class:`AbstractScreenMeta`).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.types import CSSPathType
from textual.widgets import Button, Static

from prakerja_console.domain.text import N_, Message
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import sanitised, styled
from prakerja_console.ui.screens.abstract import AbstractScreenMeta

R = TypeVar("R")


class ConsoleDialog(ModalScreen[R | None], Generic[R], metaclass=AbstractScreenMeta):
    CSS_PATH: ClassVar[CSSPathType | None] = "dialogs.tcss"  # subclasses add their own after it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", N_("cancel"), id="dialog.cancel", tooltip=N_("Close without saving")
        )
    ]

    title_text = ""  # N_ id
    confirm_text = N_("Save")

    def compose(self) -> ComposeResult:
        _ = host(self).translator._
        with Vertical(id="dialog"):
            yield Static(styled(_(self.title_text)), id="dialog-title")
            yield from self.compose_fields()
            yield Static(id="dialog-problem", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel", variant="default")
                yield Button(_(self.confirm_text), id="confirm", variant="primary")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    @abstractmethod
    def result(self) -> R | Message:
        """The dialog's value, or why it cannot be accepted yet."""

    def show_problem(self, problem: Message) -> None:
        self.query_one("#dialog-problem", Static).update(
            styled(host(self).translator.message(sanitised(problem)))
        )

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        outcome = self.result()
        if isinstance(outcome, Message):
            self.show_problem(outcome)
            return
        self.dismiss(outcome)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
