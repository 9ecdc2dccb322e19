"""The main screens: one module each, plus one registration here.

A registration names the screen's mode (Textual keeps each mode's state), its
function key, its title and help for the footer and the palette, its ``:``
command and aliases, and the permission a role needs to see it. The tickets,
verification and wave screens register here when they exist; there are no
placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen

from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.ui.commands import ScreenCommand
from prakerja_console.ui.screens.lookup import LookupScreen


def lazy(module: str, name: str) -> Callable[[], Screen[None]]:
    """A factory that imports its screen's module on first use, not at start-up:
    the first paint only needs the default screen (DESIGN §5: ≤ 600 ms)."""

    def make() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(module), name)()
        return screen

    return make


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    mode: str
    key: str
    title: str  # N_: the footer's word and the palette's "Screen: …"
    help: str  # N_: tooltip and help line
    factory: Callable[[], Screen[None]]
    command: str
    aliases: tuple[str, ...] = ()
    permission: Permission | None = None

    def as_command(self) -> ScreenCommand:
        return ScreenCommand(
            self.mode, self.command, self.aliases, self.title, self.help, self.permission
        )


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        mode="lookup",
        key="f1",
        title=N_("Lookup"),
        help=N_("Find an applicant by NIK, KK, e-mail, phone, registration id or name"),
        factory=LookupScreen,
        command="lookup",
        aliases=("l", "f1"),
        permission=Permission.VIEW_APPLICANT,
    ),
    ScreenSpec(
        mode="tickets",
        key="f2",
        title=N_("Tickets"),
        help=N_("The call centre's queue: mine, unassigned, SLA at risk, escalated, by category"),
        factory=lazy("prakerja_console.ui.screens.tickets", "TicketsScreen"),
        command="tickets",
        aliases=("f2", "antrean-tiket"),
        permission=Permission.WORK_TICKETS,
    ),
    ScreenSpec(
        mode="sync",
        key="f5",
        title=N_("Sync"),
        help=N_("Connection, queued actions, conflicts and rejections"),
        factory=lazy("prakerja_console.ui.screens.sync_status", "SyncStatusScreen"),
        command="status",
        aliases=("f5", "queue", "antrean"),
    ),
)

DEFAULT_MODE = SCREENS[0].mode
