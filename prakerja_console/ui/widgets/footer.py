"""A footer of the current screen's keys, with descriptions in the user's language.

Textual's ``Footer`` shows ``Binding.description`` verbatim; ours are catalogue
ids, so this footer translates each description and tooltip through the app's
translator. It lists the screen's own keys first and the app's after them (what
an agent needs on this screen is what they look for), reuses Textual's
``FooterKey`` (a click presses the key), and rebuilds when the keys it shows
change — focus moves, an action becomes disabled, the keymap or the language
changes. Screens announce "bindings changed" on every repaint (the ticket queue
on every filtered page); rebuilding then made ~15 widgets of garbage per
keystroke, and the collections they caused froze typing for up to 200 ms
(``benchmarks/bench_tickets.py``), so an unchanged list is left as it is.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from prakerja_console.ui.host import host


class _Key(NamedTuple):
    """What one footer key shows, in ``FooterKey``'s argument order."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class KeyFooter(HorizontalGroup, can_focus=False, can_focus_children=False):
    DEFAULT_CSS = """
    KeyFooter {
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        FooterKey { margin-right: 1; }
    }
    """

    _shown: tuple[_Key, ...] = ()

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        for key in self._shown:
            yield FooterKey(*key[:4], disabled=key.disabled, tooltip=key.tooltip)

    def _keys(self) -> tuple[_Key, ...]:
        if not self.is_attached:
            return ()
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
        return tuple(
            _Key(
                binding.key,
                app.get_key_display(binding),
                _(binding.description),
                binding.action,
                not enabled,
                _(tooltip or binding.tooltip or binding.description),
            )
            for binding, enabled, tooltip in (*screen_keys, *app_keys)
        )

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if self._keys() != self._shown:
            await self.recompose()
