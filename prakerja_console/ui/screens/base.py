"""The frame every main screen shares: header on top, ``:`` line and keys at the bottom.

A screen keeps what the user did (query, results, selection) in attributes and
builds its widgets from them in :meth:`ConsoleScreen.compose_body`, so a language
switch is a plain ``recompose`` followed by :meth:`ConsoleScreen.restore` (focus,
cursor). Screens of other modes relabel lazily, when they are shown again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import ScreenResume
from textual.screen import Screen

from prakerja_console.ui.host import host
from prakerja_console.ui.widgets.command_line import CommandLine
from prakerja_console.ui.widgets.footer import KeyFooter
from prakerja_console.ui.widgets.header import ShellHeader


class ConsoleScreen(Screen[None]):
    """A main screen of the console; subclasses provide the body."""

    DEFAULT_CSS = """
    ConsoleScreen {
        #shell-bottom { dock: bottom; height: auto; }
    }
    """

    has_search = False  # whether "/" has a field to jump to on this screen
    is_main = True  # a mode's own screen (False: pushed on top of one, like a detail)

    def __init__(self) -> None:
        super().__init__()
        self._language = ""

    def compose(self) -> ComposeResult:
        self._language = host(self).translator.language
        yield ShellHeader()
        yield from self.compose_body()
        with Vertical(id="shell-bottom"):
            yield CommandLine()
            yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, built from its state."""
        yield from ()

    def restore(self) -> None:
        """Put focus and cursors back after a recompose (a language switch)."""
        self.focus_default()

    def focus_default(self) -> None:
        """Focus what the user most likely wants next on this screen."""

    def focus_search(self) -> None:
        """Jump to the screen's search or filter field ("/")."""

    async def relabel(self) -> None:
        """Re-render every text in the app's current language, keeping state."""
        await self.recompose()
        self.restore()

    @on(ScreenResume)
    async def _relabel_if_stale(self) -> None:
        if self._language and self._language != host(self).translator.language:
            await self.relabel()
