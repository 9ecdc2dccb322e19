"""Typed access from any widget to what the console app hosts (translator, clock, services).

Widgets and screens import this protocol rather than the app module, which keeps
the import graph acyclic and lets each state exactly what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

from prakerja_console.i18n import Translator
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.services.status import ShellStatus
from prakerja_console.services.ticket_views import TicketKey

if TYPE_CHECKING:
    from prakerja_console.ui.commands import CommandRegistry


class ConsoleHost(Protocol):
    """What the console app offers its screens and widgets."""

    translator: Translator
    services: ConsoleServices
    commands: CommandRegistry
    shell_status: ShellStatus | None
    cursor_blink: bool

    def now(self) -> datetime: ...

    @property
    def operator(self) -> Operator | None: ...

    def refresh_status(self) -> None: ...

    def open_lookup(self, text: str, *, open_single: bool = False) -> None: ...

    def open_applicant(self, applicant_id: int) -> None: ...

    def open_ticket(self, key: TicketKey) -> None: ...

    def open_ticket_number(self, number: int, line: str) -> None: ...

    def show_mode(self, mode: str) -> None: ...

    def sync_now(self) -> None: ...

    def show_help(self) -> None: ...

    def set_language(self, language: str) -> None: ...

    def set_theme_by_name(self, name: str) -> None: ...

    def open_command_line(self, text: str = "") -> None: ...

    def exit(self) -> None: ...


def host(node: DOMNode) -> ConsoleHost:
    """The console app a node belongs to."""
    return cast("ConsoleHost", node.app)


def translate(node: DOMNode) -> Callable[[str], str]:
    """Shorthand for ``_ = translate(self)`` at the top of a compose or render method."""
    return host(node).translator._
