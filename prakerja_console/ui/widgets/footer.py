"""A footer of the current screen's keys, with descriptions in the user's language.

Textual's ``Footer`` shows ``Binding.description`` verbatim; ours are catalogue
ids, so this footer translates each description and tooltip through the app's
translator. It lists the screen's own keys first and the app's after them (what
an agent needs on this screen is what they look for), reuses Textual's
``FooterKey`` (a click presses the key), and rebuilds when the bindings change —
focus moves, an action becomes disabled, the keymap or the language changes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from prakerja_console.ui.host import host


class KeyFooter(HorizontalGroup, can_focus=False, can_focus_children=False):
    DEFAULT_CSS = """
    KeyFooter {
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        FooterKey { margin-right: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        if not self.is_attached:
            return
        _ = host(self).translator._
        app = self.app
        screen_keys: list[tuple[Binding, bool, str]] = []
        app_keys: list[tuple[Binding, bool, str]] = []
        seen: set[str] = set()
        # Screens pushed on top of a main screen (the applicant detail) need the width for
        # their own keys; switching screens still works there and is listed in the help.
        main = getattr(self.screen, "is_main", True)
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            if not main and (binding.id or "").startswith("screen."):
                continue
            seen.add(binding.action)
            (app_keys if node is app else screen_keys).append((binding, enabled, tooltip))
        for binding, enabled, tooltip in (*screen_keys, *app_keys):
            yield FooterKey(
                binding.key,
                app.get_key_display(binding),
                _(binding.description),
                binding.action,
                disabled=not enabled,
                tooltip=_(tooltip or binding.tooltip or binding.description),
            )

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)
