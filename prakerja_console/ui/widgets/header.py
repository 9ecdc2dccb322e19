"""The shell's one-line header: link and queue, who and where, local time.

``● Online · sinkron 3 dtk lalu · 0 antre   siti.agent (agen) · Jawa Barat   Sab 28 Nov 2026 14:05 WIB``

It re-renders from the app's ``shell_status`` (facts read by a worker, link
state from the sync engine) and from the app's one-second ``tick``; rendering is
formatting only, so the clock never waits for the mirror.

The link and the queue come first on a narrow terminal (the README tells agents to
watch the queued count): the clock shortens to the time, then who is logged in is
cut with an ellipsis; the link part is never cut.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Static

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.i18n import Translator
from prakerja_console.services.session import Operator
from prakerja_console.services.status import ShellStatus
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.text import ago

CLOCK_PATTERN = "EEE d MMM y HH:mm"
SHORT_CLOCK_PATTERN = "HH:mm"  # when the whole header does not fit


class ShellHeader(HorizontalGroup):
    DEFAULT_CSS = """
    ShellHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        #link { width: auto; }
        #who {
            width: 1fr; padding: 0 2; text-align: right; text-wrap: nowrap; text-overflow: ellipsis;
        }
        #clock { width: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="link", markup=False)
        yield Static(id="who", markup=False)
        yield Static(id="clock", markup=False)

    def on_mount(self) -> None:
        app = self.app
        self.watch(app, "shell_status", self._render_status, init=True)
        self.watch(app, "tick", self._render_clock, init=True)

    def _render_status(self, _status: ShellStatus | None = None) -> None:
        console = host(self)
        self.query_one("#who", Static).update(
            who_text(console.translator, console.operator, console.shell_status is not None)
        )
        self._render_clock()

    def on_resize(self) -> None:
        self._render_clock()

    def _render_clock(self, _tick: datetime | None = None) -> None:
        console = host(self)
        operator = console.operator
        zone = operator.zone if operator is not None else TimeZoneName.WIB
        now = console.now()
        # "synced 3 s ago" moves with the clock.
        link = link_text(console.translator, console.shell_status, now, zone)
        who = who_text(console.translator, operator, console.shell_status is not None)
        text = console.translator.datetime_text(now, zone.zone, CLOCK_PATTERN)
        clock = Content(f"{text} {zone.value}")
        wanted = link.cell_length + who.cell_length + 4  # who's padding
        if wanted + clock.cell_length > self.content_size.width:
            short = console.translator.datetime_text(now, zone.zone, SHORT_CLOCK_PATTERN)
            clock = Content(f"{short} {zone.value}")
        self.query_one("#clock", Static).update(clock)
        self.query_one("#link", Static).update(link)


def link_text(
    translator: Translator, status: ShellStatus | None, now: datetime, zone: TimeZoneName
) -> Content:
    """Online/offline, first-sync progress, last sync and the queue, in one phrase."""
    _ = translator._
    if status is None:
        return styled((_("Opening the mirror…"), "$text-muted"))
    facts, link = status.facts, status.link
    queued = translator.ngettext("{count} queued", "{count} queued", facts.queued).format(
        count=translator.number(facts.queued)
    )
    parts: list[str | tuple[str, str]] = []
    if link.progress is not None:
        parts.append(
            (
                _("⟳ First sync {percent}").format(
                    percent=translator.percent(link.progress.fraction, 0)
                ),
                "$accent",
            )
        )
    elif link.online:
        parts.append((_("● Online"), "$success"))
        if link.syncing:
            parts += [" · ", _("syncing…")]
        elif facts.last_pull_at is not None:
            parts += [
                " · ",
                _("synced {ago} ago").format(ago=ago(translator, facts.last_pull_at, now)),
            ]
        parts += [" · ", queued]
    else:
        label = _("○ Connecting…") if link.available and link.online is None else _("○ Offline")
        style = "$text-muted" if link.available and link.online is None else "$warning"
        parts.append((label, style))
        parts += [" · ", (queued, style)]
        if facts.last_pull_at is not None:
            last = translator.datetime_text(facts.last_pull_at, zone.zone, "HH:mm")
            parts += [" · ", (_("last synced {time}").format(time=last), style)]
    if facts.conflicts:
        conflicts = translator.ngettext(
            "{count} conflict", "{count} conflicts", facts.conflicts
        ).format(count=translator.number(facts.conflicts))
        parts += [" · ", (conflicts, "$error")]
    return styled(*parts)


def who_text(translator: Translator, operator: Operator | None, known: bool) -> Content:
    """``siti.agent (agen) · Jawa Barat`` — or that nobody is logged in (once ``known``)."""
    _ = translator._
    if operator is None:
        return styled((_("not logged in") if known else "", "$text-muted"))
    scope = operator.scope_name or _("Nationwide")
    return styled(safe(operator.username, 40), f" ({_(operator.role.label)}) · {scope}")
