"""The console's one command registry: it feeds the ``:`` line, the palette and the help.

A command has a name and aliases (``:cari``, ``:find``), a category and a title
for the palette ("Pendaftar: buka NIK …"), a one-line help, an optional argument,
and optional *choices* that the palette lists one by one ("Bahasa: English").
Running a command returns ``None`` or a :class:`Message` saying what was wrong,
which the ``:`` line shows under the prompt. Every text is a catalogue id,
translated where it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from prakerja_console.config import THEMES
from prakerja_console.domain.lookup_query import QueryKind, read_query
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_, Message
from prakerja_console.i18n import SUPPORTED_LANGUAGES
from prakerja_console.ui.host import ConsoleHost

Run = Callable[[ConsoleHost, str], Message | None]


@dataclass(frozen=True, slots=True)
class Choice:
    """One ready-made argument the palette offers (``title`` is a catalogue id or a name)."""

    argument: str
    title: str


@dataclass(frozen=True, slots=True)
class ConsoleCommand:
    name: str
    category: str
    title: str
    help: str
    run: Run
    aliases: tuple[str, ...] = ()
    argument: str | None = None  # what the argument is, for help ("NIK", "text")
    choices: tuple[Choice, ...] = ()
    permission: Permission | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", (self.name, *self.aliases))


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    """A palette line: what it says, what it does, and its help (all translated)."""

    title: str
    help: str
    run: Callable[[], None]


class CommandRegistry:
    """Commands by name and alias (case-insensitive)."""

    def __init__(self, commands: Iterable[ConsoleCommand]) -> None:
        self._commands = tuple(commands)
        self._by_name: dict[str, ConsoleCommand] = {}
        for command in self._commands:
            for name in command.names:
                if name.lower() in self._by_name:
                    raise ValueError(f"command name {name!r} is used twice")
                self._by_name[name.lower()] = command

    def __iter__(self) -> Iterator[ConsoleCommand]:
        return iter(self._commands)

    def names(self) -> list[str]:
        """Every name and alias, for completion."""
        return sorted(self._by_name)

    def find(self, name: str) -> ConsoleCommand | None:
        return self._by_name.get(name.strip().lower())

    def allowed(self, host: ConsoleHost) -> list[ConsoleCommand]:
        """The commands the logged-in user may run."""
        operator = host.operator
        return [
            command
            for command in self._commands
            if command.permission is None
            or (operator is not None and operator.may(command.permission))
        ]

    def run(self, host: ConsoleHost, line: str) -> Message | None:
        """Run ``:name argument``; a Message says why it could not run."""
        text = line.strip().removeprefix(":").strip()
        if not text:
            return Message(N_("Type a command, e.g. help."))
        name, _, argument = text.partition(" ")
        command = self.find(name)
        if command is None:
            return Message(
                N_("Unknown command {name}. Type :help for the list."), {"name": name[:30]}
            )
        if command not in self.allowed(host):
            return Message(N_("Your role may not use {name}."), {"name": command.name})
        if command.argument is not None and not argument.strip():
            return Message(
                N_(":{name} needs {argument}, e.g. :{name} {example}"),
                {
                    "name": command.name,
                    "argument": Message(command.argument),
                    "example": command.choices[0].argument if command.choices else "…",
                },
            )
        return command.run(host, argument.strip())

    def palette(self, host: ConsoleHost) -> list[PaletteEntry]:
        """The palette's entries, translated: one per choice, else one per command."""
        _ = host.translator._
        entries: list[PaletteEntry] = []
        for command in self.allowed(host):
            category = _(command.category)
            if command.choices:
                entries.extend(
                    PaletteEntry(
                        f"{category}: {_(choice.title)}",
                        _(command.help),
                        _bound(host, command, choice.argument),
                    )
                    for choice in command.choices
                )
            elif command.argument is not None:
                entries.append(
                    PaletteEntry(
                        f"{category}: {_(command.title)}",
                        _(command.help),
                        _prefill(host, command),
                    )
                )
            else:
                entries.append(
                    PaletteEntry(
                        f"{category}: {_(command.title)}",
                        _(command.help),
                        _bound(host, command, ""),
                    )
                )
        return entries


def _bound(host: ConsoleHost, command: ConsoleCommand, argument: str) -> Callable[[], None]:
    def run() -> None:
        problem = command.run(host, argument)
        if problem is not None:
            host.open_command_line(f"{command.name} {argument}".strip())

    return run


def _prefill(host: ConsoleHost, command: ConsoleCommand) -> Callable[[], None]:
    def run() -> None:
        host.open_command_line(f"{command.name} ")

    return run


# -- the commands -----------------------------------------------------------------


def _nik(host: ConsoleHost, argument: str) -> Message | None:
    query = read_query(argument, host.now().date())
    if query.kind not in (QueryKind.NIK, QueryKind.KK):
        return query.problem or Message(N_("A NIK has 16 digits."))
    host.open_lookup(query.value, open_single=True)
    return None


def _find(host: ConsoleHost, argument: str) -> Message | None:
    query = read_query(argument, host.now().date())
    if query.kind is QueryKind.INVALID and query.problem is not None:
        return query.problem
    host.open_lookup(argument, open_single=True)
    return None


def _ticket(host: ConsoleHost, argument: str) -> Message | None:
    digits = argument.strip().lstrip("#")
    if not digits.isdigit() or not 0 < int(digits) < 10**12:
        return Message(N_("A ticket number is digits, e.g. 8812."))
    host.open_ticket_number(int(digits), f"tiket {argument}")
    return None


def _sync(host: ConsoleHost, _argument: str) -> Message | None:
    host.sync_now()
    return None


def _help(host: ConsoleHost, _argument: str) -> Message | None:
    host.show_help()
    return None


def _language(host: ConsoleHost, argument: str) -> Message | None:
    code = argument.strip().lower()
    if code not in SUPPORTED_LANGUAGES:
        return Message(
            N_("Choose a language: {choices}."), {"choices": ", ".join(SUPPORTED_LANGUAGES)}
        )
    host.set_language(code)
    return None


def _theme(host: ConsoleHost, argument: str) -> Message | None:
    name = argument.strip().lower()
    if name not in THEMES:
        return Message(N_("Choose a theme: {choices}."), {"choices": ", ".join(THEMES)})
    host.set_theme_by_name(name)
    return None


def _quit(host: ConsoleHost, _argument: str) -> Message | None:
    host.exit()
    return None


def _show(mode: str) -> Run:
    def run(host: ConsoleHost, _argument: str) -> Message | None:
        host.show_mode(mode)
        return None

    return run


@dataclass(frozen=True, slots=True)
class ScreenCommand:
    """What a registered screen contributes to the registry."""

    mode: str
    name: str
    aliases: tuple[str, ...]
    title: str
    help: str
    permission: Permission | None


LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def build_registry(screens: Sequence[ScreenCommand]) -> CommandRegistry:
    """The console's commands, with one per registered screen."""
    commands = [
        ConsoleCommand(
            "nik",
            N_("Applicant"),
            N_("open NIK …"),
            N_("Open the applicant with this NIK (or KK number)"),
            _nik,
            argument=N_("a NIK"),
            permission=Permission.VIEW_APPLICANT,
        ),
        ConsoleCommand(
            "cari",
            N_("Applicant"),
            N_("search …"),
            N_("Search by NIK, KK, e-mail, phone, registration id or name"),
            _find,
            aliases=("find", "search", "s"),
            argument=N_("what to search for"),
            permission=Permission.VIEW_APPLICANT,
        ),
        ConsoleCommand(
            "tiket",
            N_("Tickets"),
            N_("open ticket …"),
            N_("Open the ticket with this number"),
            _ticket,
            aliases=("ticket",),
            argument=N_("a ticket number"),
            permission=Permission.WORK_TICKETS,
        ),
        *(
            ConsoleCommand(
                screen.name,
                N_("Screen"),
                screen.title,
                screen.help,
                _show(screen.mode),
                aliases=screen.aliases,
                permission=screen.permission,
            )
            for screen in screens
        ),
        ConsoleCommand(
            "sync",
            N_("Sync"),
            N_("sync now"),
            N_("Send queued actions and fetch changes now"),
            _sync,
            aliases=("sinkron",),
        ),
        ConsoleCommand(
            "lang",
            N_("Language"),
            N_("change language"),
            N_("Show the console in another language"),
            _language,
            aliases=("bahasa", "language"),
            argument=N_("a language code"),
            choices=tuple(Choice(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LANGUAGES),
        ),
        ConsoleCommand(
            "theme",
            N_("Theme"),
            N_("change theme"),
            N_("Change the colours of the console"),
            _theme,
            aliases=("tema",),
            argument=N_("a theme name"),
            choices=tuple(Choice(name, name) for name in THEMES),
        ),
        ConsoleCommand(
            "help",
            N_("Console"),
            N_("help"),
            N_("Show every key and command"),
            _help,
            aliases=("bantuan", "h", "?"),
        ),
        ConsoleCommand(
            "q",
            N_("Console"),
            N_("quit"),
            N_("Close the console (queued actions stay queued)"),
            _quit,
            aliases=("quit", "keluar", "exit", "q!"),
        ),
    ]
    return CommandRegistry(commands)
