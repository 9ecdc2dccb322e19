"""The shared frame of the console's small modal dialogs (note, reveal, merge).

A title, the dialog's own fields, a problem line for validation messages, and
two buttons. ``esc`` cancels and ``ctrl+s`` confirms from any field; the screen
below keeps its state.

The title is docked at the top and the problem line and buttons at the bottom,
so they stay in sight on a small terminal: only the fields between them scroll
(focus scrolls the field it lands on into view). Before, a form taller than the
terminal hid its buttons, and an agent tabbing blindly could land on Cancel.

Every dialog must say how it reads its fields (:meth:`ConsoleDialog.result`), so
that method is abstract (hence :class:`AbstractScreenMeta`).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import ScreenResume
from textual.screen import ModalScreen
from textual.types import CSSPathType
from textual.widgets import Button, Static

from prakerja_console.domain.text import N_, Message
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import styled
from prakerja_console.ui.screens.abstract import AbstractScreenMeta

R = TypeVar("R")


class ConsoleDialog(ModalScreen[R | None], Generic[R], metaclass=AbstractScreenMeta):
    CSS_PATH: ClassVar[CSSPathType | None] = "dialogs.tcss"  # subclasses add their own after it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", N_("cancel"), id="dialog.cancel", tooltip=N_("Close without saving")
        ),
        Binding(
            "ctrl+s",
            "confirm",
            N_("save"),
            id="dialog.confirm",
            tooltip=N_("Confirm the dialog, as its main button does"),
        ),
    ]

    title_text = ""  # N_ id
    confirm_text = N_("Save")

    def compose(self) -> ComposeResult:
        _ = host(self).translator._
        with Vertical(id="dialog"):
            yield Static(styled(_(self.title_text)), id="dialog-title")
            with Vertical(id="dialog-foot"):
                yield Static(id="dialog-problem", markup=False)
                with Horizontal(id="dialog-buttons"):
                    yield Static(id="dialog-keys", markup=False)
                    yield Button(_("Cancel"), id="cancel", variant="default")
                    yield Button(_(self.confirm_text), id="confirm", variant="primary")
            # Not a tab stop of its own: tabbing goes from field to field.
            with VerticalScroll(id="dialog-body", can_focus=False):
                yield from self.compose_fields()

    @on(ScreenResume)
    def _show_keys(self) -> None:
        """``ctrl+s save · esc cancel``, as the keys are bound now (a keymap may remap them)."""
        _ = host(self).translator._
        app = self.app
        bound = {active.binding.id: active.binding for active in self.active_bindings.values()}
        parts = [
            styled((app.get_key_display(binding), "bold"), " ", _(binding.description))
            for binding_id in ("dialog.confirm", "dialog.cancel")
            if (binding := bound.get(binding_id)) is not None
        ]
        self.query_one("#dialog-keys", Static).update(Content(" · ").join(parts))

    def compose_fields(self) -> ComposeResult:
        yield from ()

    @abstractmethod
    def result(self) -> R | Message:
        """The dialog's value, or why it cannot be accepted yet."""

    def show_problem(self, problem: Message) -> None:
        line = self.query_one("#dialog-problem", Static)
        line.update(styled(host(self).translator.message(problem)))
        line.add_class("-shown")  # hidden while empty: a small terminal needs every row

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
