"""The console app: modes for the main screens, the shell's status, keys and commands.

:class:`ConsoleApp` holds no globals: everything it needs comes in a
:class:`ConsoleContext` (services over the mirror, settings, a clock, whether to
sync in the background). It never blocks: the mirror is read and written in
thread workers whose results come back as messages, the sync engine runs in its
own thread worker and reports through :class:`LinkChanged`, and the header's
facts are polled by a worker that re-arms its timer only after it has finished.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand, get_system_commands_provider
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.message import Message as TextualMessage
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from prakerja_console.config import Settings
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message
from prakerja_console.i18n import Translator
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.services.errors import ServiceError
from prakerja_console.services.status import LinkState, MirrorFacts, ShellStatus
from prakerja_console.services.ticket_views import TicketKey, TicketSummary
from prakerja_console.ui.commands import CommandRegistry, build_registry
from prakerja_console.ui.idle_gc import TICK_SECONDS as IDLE_GC_SECONDS
from prakerja_console.ui.idle_gc import IdleCollector
from prakerja_console.ui.palette import ApplicantProvider
from prakerja_console.ui.screens import DEFAULT_MODE, SCREENS
from prakerja_console.ui.screens.base import ConsoleScreen
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.screens.help import HelpScreen, help_keys
from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.widgets.command_line import CommandLine

FACTS_POLL_SECONDS = 3.0
_FUNCTION_KEY = re.compile(r"f[0-9]{1,2}")
TICK_SECONDS = 1.0
NOTIFY_LIMIT = 500
LOOKUP_MODE = "lookup"
PASTE_LIMIT = 20_000  # a note's payload limit; longer pastes are cut with an ellipsis


@dataclass(frozen=True, slots=True)
class ConsoleContext:
    """What one console session runs on."""

    services: ConsoleServices
    settings: Settings
    clock: Callable[[], datetime]  # returns an aware datetime
    background_sync: bool = True
    language: str | None = None  # overrides settings.language (``--lang``)
    cursor_blink: bool = True  # off for snapshots and benchmarks


class FactsRead(TextualMessage):
    def __init__(self, facts: MirrorFacts) -> None:
        super().__init__()
        self.facts = facts


class FactsFailed(TextualMessage):
    def __init__(self, problem: Message) -> None:
        super().__init__()
        self.problem = problem


class LinkChanged(TextualMessage):
    """The sync engine's status changed (posted from its thread)."""

    def __init__(self, link: LinkState) -> None:
        super().__init__()
        self.link = link


class TicketLookedUp(TextualMessage):
    """A ticket asked for by number: found, or why not (missing, mirror unreadable)."""

    def __init__(self, ticket: TicketSummary | None, line: str, problem: Message | None) -> None:
        super().__init__()
        self.ticket = ticket
        self.line = line
        self.problem = problem


class SyncFinished(TextualMessage):
    def __init__(self, problem: Message | None) -> None:
        super().__init__()
        self.problem = problem


def _screen_bindings() -> list[Binding]:
    return [
        Binding(
            spec.key,
            f"show_mode('{spec.mode}')",
            spec.title,
            id=f"screen.{spec.mode}",
            tooltip=spec.help,
        )
        for spec in SCREENS
    ]


class ConsoleApp(App[None], inherit_bindings=False):
    TITLE = "Prakerja Console"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        spec.mode: spec.factory for spec in SCREENS
    }
    DEFAULT_MODE = DEFAULT_MODE
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        get_system_commands_provider,
        ApplicantProvider,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *_screen_bindings(),
        Binding(
            "slash",
            "focus_search",
            N_("filter"),
            id="app.search",
            tooltip=N_("Jump to the search or filter field"),
        ),
        Binding(
            "colon",
            "command_line",
            N_("command"),
            id="app.command_line",
            tooltip=N_("Type a command, e.g. nik 3201…, cari budi, sync, lang en"),
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("palette"),
            id="app.palette",
            tooltip=N_("Find any command; type a NIK, e-mail or phone to open an applicant"),
            priority=True,
        ),
        Binding(
            "question_mark", "help", N_("help"), id="app.help", tooltip=N_("Every key and command")
        ),
        Binding("q", "quit", N_("quit"), id="app.quit", tooltip=N_("Close the console")),
        # While a field takes the letters, "q" types one: the footer then shows ctrl+c.
        Binding(
            "ctrl+c",
            "quit_while_typing",
            N_("quit"),
            id="app.interrupt_typing",
            tooltip=N_("Close the console (while typing, q is just a letter)"),
            priority=True,
        ),
        Binding(
            "ctrl+c",
            "quit",
            N_("quit"),
            id="app.interrupt",
            tooltip=N_("Close the console"),
            show=False,
            priority=True,
        ),
        Binding(
            "ctrl+q",
            "quit",
            N_("quit"),
            id="app.force_quit",
            tooltip=N_("Close the console"),
            show=False,
            priority=True,
        ),
    ]

    shell_status: var[ShellStatus | None] = var(None, init=False)
    tick: var[datetime | None] = var(None, init=False)

    def __init__(self, context: ConsoleContext) -> None:
        super().__init__()
        self.context = context
        self.services: ConsoleServices = context.services
        self.translator = Translator(context.language or context.settings.language)
        self.commands: CommandRegistry = build_registry([spec.as_command() for spec in SCREENS])
        self.cursor_blink = context.cursor_blink
        self.theme = context.settings.theme
        self._link = LinkState(available=context.services.sync.available)
        self._facts: MirrorFacts | None = None
        self._facts_timer: Timer | None = None
        self._collector = IdleCollector()

    # -- what screens and widgets use (ui.host.ConsoleHost) ------------------------------

    def now(self) -> datetime:
        return self.context.clock()

    @property
    def operator(self) -> Operator | None:
        return self.services.operator

    def refresh_status(self) -> None:
        """Read the mirror's facts now (after an action), instead of at the next poll."""
        self._poll_facts()

    def open_lookup(self, text: str, *, open_single: bool = False) -> None:
        self.call_later(self._open_lookup, text, open_single)

    async def _open_lookup(self, text: str, open_single: bool) -> None:
        screen = await self._lookup_base()
        if screen is not None:
            screen.search_for(text, open_single=open_single)

    async def _lookup_base(self) -> LookupScreen | None:
        """Show the lookup mode's own screen, closing whatever was opened on top of it
        (applicants, tickets, help): from there every path starts with a search."""
        if self.current_mode != LOOKUP_MODE:
            await self.switch_mode(LOOKUP_MODE)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LookupScreen):
            await self.pop_screen()
        screen = self.screen
        return screen if isinstance(screen, LookupScreen) else None

    async def _start_lookup(self) -> None:
        screen = await self._lookup_base()
        if screen is not None:
            screen.start_typing()

    def open_applicant(self, applicant_id: int) -> None:
        from prakerja_console.ui.screens.applicant import ApplicantScreen  # on first use

        self.push_screen(ApplicantScreen(applicant_id))

    def open_ticket(self, key: TicketKey) -> None:
        if self._may_show("tickets"):
            from prakerja_console.ui.screens.ticket_detail import TicketDetailScreen

            self.push_screen(TicketDetailScreen(key))

    def open_ticket_number(self, number: int, line: str) -> None:
        """Open a ticket typed by number (``:tiket 91``) once the mirror has it: a number
        it lacks reopens ``line`` with the reason, as a bad ``:nik`` does, instead of an
        empty ticket screen."""
        if self._may_show("tickets"):
            self._find_ticket(number, line)

    @work(thread=True, exclusive=True, group="find-ticket", exit_on_error=False)
    def _find_ticket(self, number: int, line: str) -> None:
        try:
            found = self.services.tickets.find(number)
        except ServiceError as error:
            self.post_message(TicketLookedUp(None, line, error.message))
            return
        missing = Message(
            N_("There is no ticket {number} on this console. Check the number, or :sync."),
            {"number": str(number)},
        )
        self.post_message(TicketLookedUp(found, line, missing if found is None else None))

    @on(TicketLookedUp)
    def _ticket_looked_up(self, event: TicketLookedUp) -> None:
        if event.ticket is not None:
            self.open_ticket(event.ticket.key)
            return
        if event.problem is not None:
            self.open_command_line(event.line)
            screen = self.screen
            if isinstance(screen, ConsoleScreen):
                screen.query_one(CommandLine).show_problem(self.translator.message(event.problem))

    def show_mode(self, mode: str) -> None:
        """Switch to ``mode``; the lookup (F1) always comes back to its search field,
        because an agent presses it to type a caller's NIK or e-mail at once: letters
        sent to an applicant or ticket left on top would run that screen's actions."""
        if not self._may_show(mode):
            return
        if mode == LOOKUP_MODE:
            self.call_later(self._start_lookup)
        else:
            self.switch_mode(mode)

    def sync_now(self) -> None:
        _ = self.translator._
        if self.services.sync.sync_now():
            self.notify(_("Syncing now…"))
        elif self.services.sync.available:
            self.notify(_("Syncing now…"))
            self._sync_once()
        else:
            self.notify(
                _("Sync is not set up on this console; actions stay queued until it is."),
                severity="warning",
            )

    def show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_keys(self.screen)))

    def set_language(self, language: str) -> None:
        self.translator = Translator(language)
        self.call_later(self._relabel)

    async def _relabel(self) -> None:
        screen = self.screen
        if isinstance(screen, ConsoleScreen):
            await screen.relabel()
        self.refresh_bindings()

    def set_theme_by_name(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(
                self.translator._("There is no theme called {name}.").format(name=name[:30]),
                severity="error",
            )

    def open_command_line(self, text: str = "") -> None:
        screen = self.screen
        if isinstance(screen, ConsoleScreen):
            screen.query_one(CommandLine).open(text)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is literal, sanitised text: ``markup`` is ignored on purpose,
        because messages carry outside text (names, the central's answers)."""
        super().notify(
            clean_text(message, max_length=NOTIFY_LIMIT, multiline=True),
            title=clean_text(title, max_length=NOTIFY_LIMIT),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    async def on_event(self, event: events.Event) -> None:
        """Pasted text is sanitised before any widget (ours or Textual's) sees it: an
        ``Input`` or ``TextArea`` draws its text as is, escape sequences included."""
        if isinstance(event, events.Paste):
            event.text = clean_text(event.text, max_length=PASTE_LIMIT, multiline=True)
        elif isinstance(event, events.InputEvent):
            self._collector.key_pressed()
        await super().on_event(event)

    # -- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.context.settings.keymap:
            self.set_keymap(dict(self.context.settings.keymap))
        self.tick = self.now()
        self.set_interval(TICK_SECONDS, self._tick)
        self._collector.start()  # full collections wait for a pause in typing (ui.idle_gc)
        self.set_interval(IDLE_GC_SECONDS, self._collector.tick)
        # After the first frame: the first read also imports the store (~0.3 s in a
        # worker thread), which would otherwise compete with the first paint.
        self.call_after_refresh(self._poll_facts)
        if self.context.background_sync and self.services.sync.available:
            self._background_sync()

    def _tick(self) -> None:
        self.tick = self.now()

    def on_unmount(self) -> None:
        """However the app ends, the engine's thread must end too, or the process cannot."""
        self.services.sync.stop()
        self._collector.stop()

    # -- facts and link --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False)
    def _poll_facts(self) -> None:
        try:
            facts = self.services.facts()
        except ServiceError as error:
            self.post_message(FactsFailed(error.message))
            return
        self.post_message(FactsRead(facts))

    def _rearm_facts(self) -> None:
        if self._facts_timer is not None:
            self._facts_timer.stop()
        self._facts_timer = self.set_timer(FACTS_POLL_SECONDS, self._poll_facts)

    @on(FactsRead)
    def _facts_read(self, event: FactsRead) -> None:
        first = self._facts is None
        self._facts = event.facts
        self.shell_status = ShellStatus(event.facts, self._link)
        if first:
            self.refresh_bindings()  # now the role is known: show what it may do
            self._collector.settled()  # the first read has imported the store
        self._rearm_facts()

    @on(FactsFailed)
    def _facts_failed(self, event: FactsFailed) -> None:
        self._link = LinkState(
            available=self._link.available,
            online=self._link.online,
            syncing=self._link.syncing,
            progress=self._link.progress,
            problem=event.problem,
        )
        if self._facts is None:
            self.notify(self.translator.message(event.problem), severity="error", timeout=15)
        self._rearm_facts()

    @on(LinkChanged)
    def _link_changed(self, event: LinkChanged) -> None:
        self._link = event.link
        if self._facts is not None:
            self.shell_status = ShellStatus(self._facts, event.link)
        self._poll_facts()

    @work(thread=True, group="background-sync", exit_on_error=False)
    def _background_sync(self) -> None:
        def report(link: LinkState) -> None:
            self.post_message(LinkChanged(link))

        self.services.sync.run(report)

    @work(thread=True, exclusive=True, group="sync-once", exit_on_error=False)
    def _sync_once(self) -> None:
        try:
            self.services.sync.sync_once()
        except ServiceError as error:
            self.post_message(SyncFinished(error.message))
            return
        self.post_message(SyncFinished(None))

    @on(SyncFinished)
    def _sync_finished(self, event: SyncFinished) -> None:
        if event.problem is not None:
            self.notify(self.translator.message(event.problem), severity="error")
        else:
            self.notify(self.translator._("Sync finished."))
        self._poll_facts()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly is a bug: say so rather than go quiet."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                self.translator._("Something went wrong: {error}").format(error=str(error)[:200]),
                severity="error",
                timeout=15,
            )

    # -- keys, commands, palette -------------------------------------------------------------

    def _may_show(self, mode: str) -> bool:
        spec = next((spec for spec in SCREENS if spec.mode == mode), None)
        if spec is None:
            return False
        operator = self.operator
        return spec.permission is None or (operator is not None and operator.may(spec.permission))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self.screen
        if action == "show_mode":
            if not parameters:
                return False
            mode = str(parameters[0])
            if mode == LOOKUP_MODE and isinstance(screen, ConsoleDialog):
                return False  # F1 closes what is on top: first save or cancel what was typed
            return self._may_show(mode)
        if action == "focus_search":
            searching = isinstance(self.focused, Input)
            return isinstance(screen, ConsoleScreen) and screen.has_search and not searching
        if action == "command_line":
            return isinstance(screen, ConsoleScreen) or None
        if action == "help":
            return not isinstance(screen, HelpScreen)
        if action == "quit_while_typing":
            focused = self.focused
            return focused is not None and focused.check_consume_key("q", "q")
        return True

    def action_show_mode(self, mode: str) -> None:
        self.show_mode(mode)

    async def action_quit_while_typing(self) -> None:
        await self.action_quit()

    def action_focus_search(self) -> None:
        screen = self.screen
        if isinstance(screen, ConsoleScreen):
            screen.focus_search()

    def action_command_line(self) -> None:
        self.open_command_line()

    def action_help(self) -> None:
        self.show_help()

    def action_command_palette(self) -> None:
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(
                CommandPalette(
                    placeholder=self.translator._(
                        "Search commands, or type a NIK, e-mail or phone number…"
                    ),
                    id="--command-palette",
                )
            )

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as printed on the keyboard (F1), the rest as Textual shows them."""
        display = super().get_key_display(binding)
        return display.upper() if _FUNCTION_KEY.fullmatch(display) else display

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The console's own commands, translated, instead of Textual's English ones."""
        for entry in self.commands.palette(self):
            yield SystemCommand(entry.title, entry.help, entry.run)
