"""``?``: every key of the screen below and of the console, and every ``:`` command.

The lists come from the live bindings (so a remapped key shows as remapped, and
keys the role may not use are left out) and from the command registry (the same
that feeds the ``:`` line and the palette), translated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from prakerja_console.domain.text import N_
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import styled

KEY_WIDTH = 12


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
        #help {
            width: 96;
            max-width: 95%;
            height: 90%;
            border: thick $primary;
            background: $surface;
            padding: 0 2;
        }
        .help-title { text-style: bold; padding: 1 0 0 0; color: $accent; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("close"), id="help.close", tooltip=N_("Close the help")),
        Binding("question_mark", "close", N_("close"), id="help.close_key", show=False),
        Binding("q", "close", N_("close"), id="help.close_q", show=False),
    ]

    def __init__(self, keys: Iterable[ActiveBinding]) -> None:
        """``keys``: the active bindings of the screen below, read before this one opened."""
        super().__init__()
        self._keys = tuple(keys)

    def compose(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        app = self.app
        screen_keys: list[Content] = []
        app_keys: list[Content] = []
        seen: set[tuple[str, str]] = set()
        for node, binding, enabled, tooltip in self._keys:
            # Only the console's own keys (they have ids); Textual's built-in widget keys
            # (cursor movement, copy) are the same everywhere and described in English.
            if (
                not enabled
                or not binding.show
                or not binding.id
                or (binding.key, binding.action) in seen
            ):
                continue
            seen.add((binding.key, binding.action))
            line = _key_line(
                app.get_key_display(binding), _(tooltip or binding.tooltip or binding.description)
            )
            (app_keys if node is app else screen_keys).append(line)
        commands = [
            _key_line(
                ":" + " :".join(command.names),
                _(command.help)
                + (f" ({_(command.argument)})" if command.argument is not None else ""),
                width=30,
            )
            for command in console.commands.allowed(console)
        ]
        with VerticalScroll(id="help"):
            yield Static(_("Keys on this screen"), classes="help-title", markup=False)
            yield Static(Content("\n").join(screen_keys or [Content("—")]))
            yield Static(_("Keys everywhere"), classes="help-title", markup=False)
            yield Static(Content("\n").join(app_keys))
            yield Static(_("Commands (type : first)"), classes="help-title", markup=False)
            yield Static(Content("\n").join(commands))
            yield Static(
                _(
                    "In the palette (ctrl+p) type a NIK, e-mail or phone number to open an applicant."
                ),
                classes="help-title",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)


def _key_line(key: str, description: str, width: int = KEY_WIDTH) -> Content:
    return styled((f"{key:<{width}}", "bold $accent"), " ", description)
