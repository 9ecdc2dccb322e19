"""The ``:`` command line at the bottom, in the manner of k9s.

``:nik 3201…``, ``:cari budi``, ``:sync``, ``:lang en``, ``:q`` … run through the
app's one command registry (the same that feeds the palette and the help
screen). An unknown command or a bad argument leaves the line open with a plain
error above it; ``esc`` closes it. Completion suggests command names as you type.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from prakerja_console.domain.text import N_
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import styled
from prakerja_console.ui.widgets.safe_input import SafeInput


class CommandLine(Vertical):
    DEFAULT_CSS = """
    CommandLine {
        height: auto;
        display: none;
        &.-open { display: block; }
        #command-error { color: $error; padding: 0 1; display: none; }
        #command-error.-shown { display: block; }
        HorizontalGroup { height: 1; background: $boost; }
        #command-prompt { width: 2; padding: 0 0 0 1; color: $accent; text-style: bold; }
        #command-input { border: none; height: 1; padding: 0; background: $boost; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            N_("close"),
            id="command.close",
            tooltip=N_("Close the command line"),
        )
    ]

    def compose(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        yield Static(id="command-error", markup=False)
        with HorizontalGroup():
            yield Label(":", id="command-prompt", markup=False)
            yield SafeInput(
                placeholder=_("command, e.g. nik 3201…, cari budi, sync, lang en, help, q"),
                id="command-input",
                suggester=SuggestFromList(console.commands.names(), case_sensitive=False),
            )

    def open(self, text: str = "") -> None:
        """Show the line, with ``text`` typed already, and focus it."""
        self.add_class("-open")
        self._error("")
        field = self.query_one("#command-input", Input)
        field.cursor_blink = host(self).cursor_blink
        field.value = text
        field.cursor_position = len(text)
        field.focus()

    def show_problem(self, text: str) -> None:
        """Say, above the open line, why what was typed did not run (found out later,
        e.g. that the mirror has no such ticket)."""
        self._error(text)

    def action_close(self) -> None:
        self.remove_class("-open")
        self._error("")
        self.query_one("#command-input", Input).value = ""
        self.screen.set_focus(None)
        focus = getattr(self.screen, "focus_default", None)
        if callable(focus):
            focus()

    @on(Input.Submitted, "#command-input")
    def _run(self, event: Input.Submitted) -> None:
        event.stop()
        console = host(self)
        problem = console.commands.run(console, event.value)
        if problem is None:
            if self.is_attached and self.has_class("-open"):
                self.action_close()
            return
        self._error(console.translator.message(problem))

    def _error(self, text: str) -> None:
        line = self.query_one("#command-error", Static)
        line.update(styled(text))
        line.set_class(bool(text), "-shown")
