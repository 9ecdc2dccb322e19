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
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from prakerja_console.domain.text import N_
from prakerja_console.ui.host import host

KEY_WIDTH = 12
COMMAND_WIDTH = 30


def help_keys(screen: Screen[object]) -> list[ActiveBinding]:
    """The console's keys (those with an id) that work on ``screen`` now, one per key.

    Unlike ``Screen.active_bindings`` (what the footer shows), a key is not lost
    because a focused widget binds it too without an id (the search field's own
    ``enter`` submits it, and submitting opens the applicant) or because it is
    kept out of the footer. Keys an action refuses outright (``False``: the role
    never may) are left out; keys that are only unavailable now (``None``) stay,
    as the help explains keys rather than the moment. Textual offers no public
    view of the whole chain, hence its private ``_modal_binding_chain`` (which
    applies the keymap and drops keys a focused field types) and
    ``_check_action_state``.
    """
    app = screen.app
    found: dict[str, ActiveBinding] = {}
    for node, bindings in screen._modal_binding_chain:
        for key, binding in bindings:
            if not binding.id:
                continue
            state = app._check_action_state(binding.action, node)
            if state is False:
                continue
            known = found.get(key)
            if known is None or (binding.priority and not known.binding.priority):
                found[key] = ActiveBinding(node, binding, bool(state), binding.tooltip)
    return list(found.values())


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
        .help-line { height: auto; }
        .help-key { width: auto; text-style: bold; color: $accent; padding-right: 1; }
        .help-text { width: 1fr; height: auto; }
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
        screen_keys: list[tuple[str, str]] = []
        app_keys: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for node, binding, _enabled, tooltip in self._keys:
            # Only the console's own keys (they have ids); Textual's built-in widget keys
            # (cursor movement, copy) are the same everywhere and described in English.
            text = tooltip or binding.tooltip or binding.description
            if not binding.id or not text or (binding.key, binding.action) in seen:
                continue
            seen.add((binding.key, binding.action))
            line = (app.get_key_display(binding), _(text))
            (app_keys if node is app else screen_keys).append(line)
        commands = [
            (
                ":" + " :".join(command.names),
                _(command.help)
                + (f" ({_(command.argument)})" if command.argument is not None else ""),
            )
            for command in console.commands.allowed(console)
        ]
        with VerticalScroll(id="help"):
            yield Static(_("Keys on this screen"), classes="help-title", markup=False)
            yield from _lines(screen_keys or [("—", "")], KEY_WIDTH)
            yield Static(_("Keys everywhere"), classes="help-title", markup=False)
            yield from _lines(app_keys, KEY_WIDTH)
            yield Static(_("Commands (type : first)"), classes="help-title", markup=False)
            yield from _lines(commands, COMMAND_WIDTH)
            yield Static(
                _(
                    "In the palette (ctrl+p) type a NIK, e-mail or phone number to open an applicant."
                ),
                classes="help-title",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)


def _lines(entries: Iterable[tuple[str, str]], width: int) -> ComposeResult:
    """One row per key: the description wraps within its own column, under itself."""
    for key, description in entries:
        with HorizontalGroup(classes="help-line"):
            yield Static(f"{key:<{width}}", classes="help-key", markup=False)
            yield Static(description, classes="help-text", markup=False)
