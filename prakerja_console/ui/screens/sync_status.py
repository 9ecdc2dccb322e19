"""Sync (F5): the link to the central, the queue, and conflicts waiting for a person.

A live panel: while the screen is shown it polls the mirror in a worker and
re-arms its timer only after each poll has finished, so polls never overlap and
stop when the agent is elsewhere. Conflicts are resolved here — keep mine (send
again on the central's newer version), take theirs (drop mine), or merge the text
of a note — and a resolution is a new queued action, never an overwrite.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message as TextualMessage
from textual.timer import Timer
from textual.widgets import DataTable, ProgressBar, Static

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.errors import ServiceError
from prakerja_console.services.outbox import QueuedAction, QueueStatus
from prakerja_console.services.queueing import Receipt
from prakerja_console.services.status import MirrorFacts, ShellStatus
from prakerja_console.ui.host import host
from prakerja_console.ui.labels import ACTION_TYPE, QUEUE_STATUS
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.applicant_panels import refusal
from prakerja_console.ui.screens.base import ConsoleScreen
from prakerja_console.ui.screens.merge_dialog import MergeDialog
from prakerja_console.ui.text import short_moment

POLL_SECONDS = 2.0
QUEUE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("seq", N_("No."), 6),
    ("action", N_("Action"), 26),
    ("applicant", N_("Applicant"), 11),
    ("status", N_("Status"), 13),
    ("at", N_("Queued at"), 13),
    ("why", N_("Central's answer"), 34),
)
_STATUS_STYLE = {
    QueueStatus.PENDING: "$accent",
    QueueStatus.CONFLICT: "$warning",
    QueueStatus.REJECTED: "$error",
}


_NOT_LOGGED_IN = N_("Nobody is logged in on this mirror; log in to act on applicants.")


class QueueLoaded(TextualMessage):
    def __init__(self, actions: tuple[QueuedAction, ...], facts: MirrorFacts) -> None:
        super().__init__()
        self.actions = actions
        self.facts = facts


class QueueFailed(TextualMessage):
    def __init__(self, problem: Message) -> None:
        super().__init__()
        self.problem = problem


class Resolved(TextualMessage):
    def __init__(self, what: Message, receipt: Receipt | None) -> None:
        super().__init__()
        self.what = what
        self.receipt = receipt


class SyncStatusScreen(ConsoleScreen):
    CSS_PATH = "sync_status.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sync_now", N_("sync now"), id="sync.now", tooltip=N_("Send and fetch now")),
        Binding(
            "m",
            "keep_mine",
            N_("keep mine"),
            id="sync.keep_mine",
            tooltip=N_("Send my change again, on top of the central's version"),
        ),
        Binding(
            "t",
            "take_theirs",
            N_("take theirs"),
            id="sync.take_theirs",
            tooltip=N_("Drop my change and keep the central's version"),
        ),
        Binding(
            "g",
            "merge",
            N_("merge"),
            id="sync.merge",
            tooltip=N_("Write one text from both versions of the note"),
        ),
        Binding(
            "enter",
            "open",
            N_("open applicant"),
            id="sync.open",
            tooltip=N_("Open the applicant of this action"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._actions: tuple[QueuedAction, ...] = ()
        self._facts: MirrorFacts | None = None
        self._problem: Message | None = None
        self._cursor_row = 0
        self._timer: Timer | None = None
        self._active = False

    def compose_body(self) -> ComposeResult:
        _ = host(self).translator._
        yield Static(id="link-panel")
        yield ProgressBar(id="first-sync", show_eta=False)
        table: DataTable[Content] = DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        for key, title, width in QUEUE_COLUMNS:
            table.add_column(Text(_(title)), width=width, key=key)
        yield table
        yield Static(id="queue-detail")

    def on_mount(self) -> None:
        self.watch(self.app, "shell_status", self._status_changed, init=False)
        self.restore()

    def restore(self) -> None:
        self._paint()
        self.focus_default()

    def focus_default(self) -> None:
        self.query_one("#queue", DataTable).focus()

    # -- polling while shown --------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._active = True
        self._poll()

    def on_screen_suspend(self) -> None:
        self._active = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @work(thread=True, exclusive=True, group="sync-screen", exit_on_error=False)
    def _poll(self) -> None:
        services = host(self).services
        try:
            actions = services.sync.queue()
            facts = services.facts()
        except ServiceError as error:
            self.post_message(QueueFailed(error.message))
            return
        self.post_message(QueueLoaded(actions, facts))

    def _rearm(self) -> None:
        if self._active and self.is_attached:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(POLL_SECONDS, self._poll)

    @on(QueueLoaded)
    def _loaded(self, event: QueueLoaded) -> None:
        self._actions = event.actions
        self._facts = event.facts
        self._problem = None
        self._paint()
        self.refresh_bindings()
        self._rearm()

    @on(QueueFailed)
    def _failed(self, event: QueueFailed) -> None:
        self._problem = event.problem
        self._paint_link()
        self._rearm()

    def _status_changed(self, _status: ShellStatus | None) -> None:
        if self.is_attached:
            self._paint_link()

    # -- painting ------------------------------------------------------------------------

    def _paint(self) -> None:
        self._paint_link()
        table = self.query_one("#queue", DataTable)
        translator = host(self).translator
        _ = translator._
        zone = self._zone()
        with self.app.batch_update():
            table.clear()
            for action in self._actions:
                style = _STATUS_STYLE.get(action.status, "")
                why: Content = Content("")
                if action.status is QueueStatus.REJECTED:
                    why = refusal(translator, action)
                elif action.status is QueueStatus.CONFLICT:
                    why = Content(_("changed at the central meanwhile"))
                table.add_row(
                    Content(translator.number(action.seq)),
                    Content(_(ACTION_TYPE[action.type])),
                    Content(f"PK-{action.applicant_id:07d}" if action.applicant_id else "—"),
                    styled((_(QUEUE_STATUS[action.status]), style)),
                    Content(short_moment(translator, action.created_at, zone)),
                    why,
                    key=action.id,
                )
            if self._actions:
                table.move_cursor(row=min(self._cursor_row, len(self._actions) - 1), animate=False)
        self._paint_detail()

    def _zone(self) -> TimeZoneName:
        operator = host(self).operator
        return operator.zone if operator is not None else TimeZoneName.WIB

    def _paint_link(self) -> None:
        console = host(self)
        translator = console.translator
        _ = translator._
        status = console.shell_status
        link = status.link if status is not None else None
        facts = self._facts or (status.facts if status is not None else None)
        zone = self._zone()
        lines: list[Content] = []
        if link is None or not link.available:
            lines.append(
                styled(
                    (_("○ Offline"), "$warning"),
                    " — ",
                    _("sync is not set up on this console; actions stay queued until it is."),
                )
            )
        elif link.online:
            lines.append(
                styled(
                    (_("● Online"), "$success"),
                    " · " + (_("syncing…") if link.syncing else _("idle")),
                )
            )
        elif link.online is None:
            lines.append(styled((_("○ Connecting…"), "$text-muted")))
        else:
            lines.append(styled((_("○ Offline"), "$warning"), " — " + _("retrying by itself")))
        if facts is not None:
            never = _("never")
            pulled = translator.moment(facts.last_pull_at, zone) if facts.last_pull_at else never
            pushed = translator.moment(facts.last_push_at, zone) if facts.last_push_at else never
            lines.append(
                styled(
                    (_("Last fetched") + ": ", "$text-muted"),
                    pulled,
                    ("   " + _("Last sent") + ": ", "$text-muted"),
                    pushed,
                )
            )
            lines.append(
                styled(
                    (_("Queued") + ": ", "$text-muted"),
                    translator.number(facts.queued),
                    ("   " + _("Conflicts") + ": ", "$text-muted"),
                    (translator.number(facts.conflicts), "$error" if facts.conflicts else ""),
                    ("   " + _("Cursor") + ": ", "$text-muted"),
                    safe(facts.cursor or "—", 40),
                )
            )
        problem = self._problem or (link.problem if link is not None else None)
        if problem is not None:
            lines.append(styled(("⚠ ", "$warning"), translator.message(problem)))
        panel = self.query_one("#link-panel", Static)
        panel.border_title = _("Connection to the central")
        panel.update(Content("\n").join(lines))
        bar = self.query_one("#first-sync", ProgressBar)
        progress = link.progress if link is not None else None
        bar.display = progress is not None
        if progress is not None:
            bar.update(total=max(progress.total, 1), progress=progress.done)

    def _paint_detail(self) -> None:
        translator = host(self).translator
        _ = translator._
        panel = self.query_one("#queue-detail", Static)
        action = self._selected()
        if action is None:
            panel.update(
                styled(
                    (
                        _("Nothing is waiting: every action has been sent and answered."),
                        "$text-muted",
                    )
                )
                if not self._actions
                else Content("")
            )
            return
        pieces: list[str | tuple[str, str] | Content] = [(_(ACTION_TYPE[action.type]), "bold")]
        mine = action.merge_text
        if mine is not None:
            pieces += ["\n", (_("Mine") + ": ", "$text-muted"), safe(mine, 300)]
        if action.status is QueueStatus.CONFLICT:
            theirs = (action.current or {}).get("body")
            if isinstance(theirs, str):
                pieces += ["\n", (_("Central's") + ": ", "$text-muted"), safe(theirs, 300)]
            pieces += [
                "\n",
                (
                    _("m keeps mine, t takes theirs")
                    + (", " + _("g merges the two texts") if mine is not None else ""),
                    "$accent",
                ),
            ]
        if action.status is QueueStatus.REJECTED:
            pieces += ["\n", ("✗ ", "$error"), refusal(translator, action)]
        panel.update(styled(*pieces))

    # -- selection and actions -----------------------------------------------------------

    def _selected(self) -> QueuedAction | None:
        if 0 <= self._cursor_row < len(self._actions):
            return self._actions[self._cursor_row]
        return None

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._cursor_row = event.cursor_row
        self._paint_detail()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        selected = self._selected()
        # Conflict keys appear only while a conflict is highlighted (hidden, not greyed:
        # most of the time there is none, and the footer needs the room).
        if action in ("keep_mine", "take_theirs"):
            return selected is not None and selected.open_conflict
        if action == "merge":
            return (
                selected is not None and selected.open_conflict and selected.merge_text is not None
            )
        if action == "open":
            return (selected is not None and selected.applicant_id is not None) or None
        return True

    @on(DataTable.RowSelected, "#queue")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._cursor_row = event.cursor_row
        self.action_open()

    def action_sync_now(self) -> None:
        host(self).sync_now()

    def action_open(self) -> None:
        selected = self._selected()
        if selected is not None and selected.applicant_id is not None:
            host(self).open_applicant(selected.applicant_id)

    def action_take_theirs(self) -> None:
        selected = self._selected()
        if selected is not None and selected.open_conflict:
            self._resolve(selected, "theirs", "")

    def action_keep_mine(self) -> None:
        selected = self._selected()
        if selected is not None and selected.open_conflict:
            self._resolve(selected, "mine", "")

    def action_merge(self) -> None:
        selected = self._selected()
        if selected is None or selected.merge_text is None:
            return
        theirs = (selected.current or {}).get("body")

        def merged(text: str | None) -> None:
            if text:
                self._resolve(selected, "merge", text)

        self.app.push_screen(
            MergeDialog(selected.merge_text, theirs if isinstance(theirs, str) else ""), merged
        )

    @work(thread=True, group="sync-resolve", exit_on_error=False)
    def _resolve(self, action: QueuedAction, how: str, text: str) -> None:
        console = host(self)
        sync = console.services.sync
        operator = console.operator
        if operator is None and how != "theirs":
            self.post_message(QueueFailed(Message(_NOT_LOGGED_IN)))
            return
        try:
            if how == "theirs":
                sync.take_theirs(action)
                self.post_message(Resolved(Message(N_("Kept the central's version.")), None))
                return
            assert operator is not None
            if how == "mine":
                receipt = sync.keep_mine(action, operator)
            else:
                receipt = sync.merge(action, text, operator)
        except ServiceError as error:
            self.post_message(QueueFailed(error.message))
            return
        self.post_message(Resolved(Message(N_("Queued again on the central's version.")), receipt))

    @on(Resolved)
    def _resolved(self, event: Resolved) -> None:
        console = host(self)
        self.notify(console.translator.message(event.what))
        console.refresh_status()
        self._poll()
