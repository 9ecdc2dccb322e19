"""Tickets (F2): the call centre's queue, by view, with counts, SLA countdowns and a ``/`` filter.

The tabs are views of the mirror (mine, unassigned, breaching or about to
breach, escalated, by category, by status, all), each with its count. The table
shows a page at a time from a keyset query and loads the next page when the
cursor reaches the end, up to :data:`DISPLAY_CAP` rows: never the whole queue,
which at 200,000 tickets would freeze any table widget. Filtering works like
the lookup (:mod:`~prakerja_console.ui.screens.paged`): every keystroke
bumps a generation, a page is read in an exclusive worker, and a stale answer
never paints over a fresh one.

While shown, the screen re-reads its counts and its first page every
:data:`POLL_SECONDS` (a worker re-armed only when it has finished), so
countdowns move and tickets that colleagues take disappear from "unassigned".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message as TextualMessage
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Select, Static, Tab, Tabs

from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import Category, Status
from prakerja_console.services.errors import ServiceError
from prakerja_console.services.export import ExportFormat, export
from prakerja_console.services.ticket_views import TicketSummary
from prakerja_console.services.tickets import QueueKey, QueuePage, QueueSort, QueueView, TabCounts
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.export_dialog import ExportDialog
from prakerja_console.ui.screens.paged import PagedScreen, PagedState, Paging, clear_key, open_key
from prakerja_console.ui.screens.ticket_detail import TicketDetailScreen, start_ticket
from prakerja_console.ui.screens.worker_messages import PageArrived, PageFailed
from prakerja_console.ui.ticket_text import (
    QUEUED_MARK,
    priority_cell,
    sla_cell,
    status_cell,
    ticket_number,
)
from prakerja_console.ui.widgets.safe_input import SafeInput

DISPLAY_CAP = 1_000
POLL_SECONDS = 15.0

VIEWS: tuple[tuple[QueueView, str], ...] = (
    (QueueView.MINE, N_("Mine")),
    (QueueView.UNASSIGNED, N_("Unassigned")),
    (QueueView.BREACHING, N_("SLA at risk")),
    (QueueView.ESCALATED, N_("Escalated")),
    (QueueView.CATEGORY, N_("By category")),
    (QueueView.STATUS, N_("By status")),
    (QueueView.ALL, N_("All")),
)
SORTS: tuple[tuple[QueueSort, str], ...] = (
    (QueueSort.SLA, N_("SLA due first")),
    (QueueSort.PRIORITY, N_("most urgent first")),
    (QueueSort.NEWEST, N_("newest first")),
)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("number", N_("#"), 8),
    ("applicant", N_("Applicant"), 22),
    ("category", N_("Category"), 19),
    ("status", N_("Status"), 18),
    ("priority", N_("Priority"), 9),
    ("sla", N_("SLA"), 14),
    ("assignee", N_("Assignee"), 16),
)


class QueueLoaded(PageArrived[QueuePage]):
    """A page of the tab's tickets."""


class CountsLoaded(TextualMessage):
    def __init__(self, counts: TabCounts) -> None:
        super().__init__()
        self.counts = counts


class QueueFailed(PageFailed):
    """The tab could not be read."""


class Exported(TextualMessage):
    def __init__(self, path: Path, rows: int) -> None:
        super().__init__()
        self.path = path
        self.rows = rows


class QueueTable(DataTable[Content]):
    """The queue; ``enter`` opens the highlighted ticket."""


@dataclass(slots=True)
class _State(PagedState[TicketSummary, QueueKey]):
    """What the agent did on this screen, kept across a recompose."""

    view: QueueView = QueueView.MINE
    sort: QueueSort = QueueSort.SLA
    choice: str | None = None
    counts: TabCounts | None = None
    problems: tuple[Message, ...] = ()  # parts of the filter that could not be read
    loaded: bool = False


class TicketsScreen(PagedScreen[TicketSummary, QueueKey]):
    CSS_PATH = "tickets.tcss"
    PAGING = Paging("filter", "queue", DISPLAY_CAP, QueueLoaded, QueueFailed)

    BINDINGS: ClassVar[list[BindingType]] = [
        open_key("tickets.open", N_("Open the ticket")),
        Binding(
            "n",
            "new_ticket",
            N_("new ticket"),
            id="tickets.new",
            tooltip=N_("File a ticket for a caller not identified yet"),
        ),
        Binding(
            "o",
            "cycle_sort",
            N_("sort"),
            id="tickets.sort",
            tooltip=N_("SLA due first, most urgent first, or newest first"),
        ),
        Binding(
            "x",
            "export",
            N_("export"),
            id="tickets.export",
            tooltip=N_("Save this view as CSV or XLSX for a report"),
        ),
        Binding(
            "right_square_bracket",
            "next_view(1)",
            N_("next view"),
            id="tickets.next_view",
            tooltip=N_("Show the next tab"),
        ),
        Binding(
            "left_square_bracket",
            "next_view(-1)",
            N_("previous view"),
            id="tickets.previous_view",
            tooltip=N_("Show the previous tab"),
            show=False,
        ),
        clear_key("tickets.clear", N_("Clear the filter")),
    ]

    _state: _State

    def __init__(self) -> None:
        super().__init__()
        self._state = _State()
        self._timer: Timer | None = None
        self._active = False
        self._painted_generation = -1

    # -- what it shows, read-only -------------------------------------------------------

    @property
    def lines(self) -> tuple[TicketSummary, ...]:
        """The tickets listed now, in the table's order."""
        return tuple(self._state.rows)

    @property
    def view(self) -> QueueView:
        """The tab shown."""
        return self._state.view

    # -- widgets ----------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        state = self._state
        yield Tabs(
            *(
                Tab(Content(self._tab_label(view, title)), id=f"view-{view.value}")
                for view, title in VIEWS
            ),
            active=f"view-{state.view.value}",
            id="views",
        )
        with HorizontalGroup(id="filter-row"):
            yield Label("/ " + _("filter:"), id="filter-label", markup=False)
            yield self._field(SafeInput, _("kategori:nik status:open budi · #8812 · NIK · phone"))
            yield Select[str]([], prompt=_("Choose"), id="choice")
            yield Static(id="sort", markup=False)
        yield from self._table_and_notice(QueueTable, COLUMNS)

    def on_mount(self) -> None:
        self.restore()

    def restore(self) -> None:
        self._paint_choice()
        self._paint(append=False, rows=self._state.rows)
        self.focus_default()

    def focus_default(self) -> None:
        self.query_one("#queue", QueueTable).focus()

    @property
    def settled(self) -> bool:
        """Whether what was last typed has been searched and its first page painted."""
        return not self._delay.pending and self._painted_generation == self._generation

    def focus_search(self) -> None:
        self.query_one("#filter", Input).focus()

    # -- while shown --------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._active = True
        self._reload()

    def on_screen_suspend(self) -> None:
        self._active = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _rearm(self) -> None:
        if self._active and self.is_attached:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self._state.cursor_row < len(self._state.rows) and len(self._state.rows) > 100:
            self._load_counts()  # scrolled into later pages: keep them, refresh the tabs
            self._rearm()
        else:
            self._reload()

    def reload(self) -> None:
        """Read counts and the first page again (after an action, or from outside)."""
        self._reload()

    # -- loading ---------------------------------------------------------------------------

    def _reload(self) -> None:
        self._restart()
        self._load_counts()
        self._load_page(None)

    @work(thread=True, exclusive=True, group="ticket-counts", exit_on_error=False)
    def _load_counts(self) -> None:
        try:
            counts = host(self).services.tickets.counts()
        except ServiceError as error:
            self.post_message(QueueFailed(self._generation, error.message))
            return
        self.post_message(CountsLoaded(counts))

    def _reader(self, after: QueueKey | None) -> Callable[[], QueuePage]:
        state = self._state
        return partial(self._read, state.view, state.text, state.sort, state.choice, after)

    def _read(
        self,
        view: QueueView,
        text: str,
        sort: QueueSort,
        choice: str | None,
        after: QueueKey | None,
    ) -> QueuePage:
        console = host(self)
        return console.services.tickets.queue(
            view, text, sort, choice=choice, after=after, translate=console.translator._
        )

    @on(CountsLoaded)
    def _counts(self, event: CountsLoaded) -> None:
        self._state.counts = event.counts
        self._relabel_tabs()
        self._paint_choice()

    @on(QueueLoaded)
    def _loaded(self, event: QueueLoaded) -> None:
        if event.generation != self._generation:
            return  # a newer keystroke's search is on its way
        page = event.page
        self._state.loaded = True
        self._state.problems = page.filter.problems
        self._take_page(page.lines, page.next_after, event.append)
        if not event.append:
            self._painted_generation = event.generation
        self._rearm()

    def _first_row(self, rows: Sequence[TicketSummary]) -> int:
        """The ticket highlighted before stays highlighted if the new page has it."""
        selected = self._selected()
        ids = [line.id for line in rows]
        return ids.index(selected.id) if selected is not None and selected.id in ids else 0

    @on(QueueFailed)
    def _failed(self, event: QueueFailed) -> None:
        if self._take_failure(event.generation, event.problem):
            self._rearm()

    # -- what the agent does -------------------------------------------------------------------

    @on(Tabs.TabActivated, "#views")
    def _view_chosen(self, event: Tabs.TabActivated) -> None:
        view = QueueView(event.tab.id.removeprefix("view-")) if event.tab.id else QueueView.ALL
        if view is self._state.view and self._state.loaded:
            return
        self._state.view = view
        self._state.choice = self._default_choice(view)
        self._state.cursor_row = 0
        self._paint_choice()
        self._reload()

    def action_next_view(self, step: int) -> None:
        views = [view for view, _title in VIEWS]
        position = (views.index(self._state.view) + step) % len(views)
        self.query_one("#views", Tabs).active = f"view-{views[position].value}"

    @on(Select.Changed, "#choice")
    def _choice_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self._state.choice:
            self._state.choice = value
            self._reload()

    def query_now(self) -> None:
        self._state.cursor_row = 0
        super().query_now()

    def filter_for(self, text: str) -> None:
        """Put ``text`` in the filter and apply it now (tests, ``:tiket`` commands)."""
        self._put_text(text)

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_default()

    def action_cycle_sort(self) -> None:
        sorts = [sort for sort, _title in SORTS]
        self._state.sort = sorts[(sorts.index(self._state.sort) + 1) % len(sorts)]
        self._state.cursor_row = 0
        self._reload()

    def action_clear(self) -> None:
        if self._state.text:
            self.filter_for("")
        self.focus_default()

    @on(DataTable.RowSelected, "#queue")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.app.push_screen(TicketDetailScreen(selected.key))

    def action_new_ticket(self) -> None:
        start_ticket(self, None, None)

    def action_export(self) -> None:
        state = self._state
        counts = state.counts
        rows = counts.of(state.view) if counts is not None else len(state.rows)
        stamp = host(self).now().strftime("%Y%m%d-%H%M")
        suggested = Path.home() / f"tiket-{state.view.value}-{stamp}.csv"

        def chosen(answer: tuple[ExportFormat, Path] | None) -> None:
            if answer is not None:
                self._export(*answer)

        self.app.push_screen(ExportDialog(suggested, rows), chosen)

    @work(thread=True, group="ticket-export", exit_on_error=False)
    def _export(self, file_format: ExportFormat, path: Path) -> None:
        console = host(self)
        state = self._state
        translate = console.translator._
        try:
            lines = console.services.tickets.lines(
                state.view, state.text, state.sort, choice=state.choice, translate=translate
            )
            done = export(path, lines, file_format, translate)
        except ServiceError as error:
            self.post_message(QueueFailed(self._generation, error.message))
            return
        except OSError as error:
            self.post_message(
                QueueFailed(
                    self._generation,
                    Message(N_("The file could not be written: {error}"), {"error": str(error)}),
                )
            )
            return
        self.post_message(Exported(done.path, done.rows))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        translator = host(self).translator
        self.notify(
            translator._("{count} tickets saved to {path}").format(
                count=translator.number(event.rows), path=str(event.path)
            )
        )

    def _selected(self) -> TicketSummary | None:
        lines = self._state.rows
        index = self._state.cursor_row
        return lines[index] if 0 <= index < len(lines) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self._selected() is not None or None
        if action == "export":
            return bool(self._state.rows) or None
        return True

    # -- painting ------------------------------------------------------------------------------

    def _tab_label(self, view: QueueView, title: str) -> str:
        translator = host(self).translator
        counts = self._state.counts
        if counts is None:
            return translator._(title)
        return f"{translator._(title)} {translator.number(counts.of(view))}"

    def _relabel_tabs(self) -> None:
        for view, title in VIEWS:
            tab = self.query_one(f"#view-{view.value}", Tab)
            tab.label = Content(self._tab_label(view, title))

    def _default_choice(self, view: QueueView) -> str | None:
        counts = self._state.counts
        if view is QueueView.CATEGORY:
            found = counts.by_category if counts else {}
            return max(found, key=lambda code: found[code]) if found else None
        if view is QueueView.STATUS:
            return Status.OPEN.value
        return None

    def _paint_choice(self) -> None:
        translator = host(self).translator
        _ = translator._
        select = self.query_one("#choice", Select)
        state = self._state
        counts = state.counts
        if state.view is QueueView.CATEGORY:
            found = counts.by_category if counts else {}
            options = [
                (f"{_(Category.from_code(code).short_label)} {translator.number(count)}", code)
                for code, count in sorted(found.items(), key=lambda item: -item[1])
            ]
        elif state.view is QueueView.STATUS:
            found = counts.by_status if counts else {}
            options = [
                (f"{_(status.label)} {translator.number(found.get(status.value, 0))}", status.value)
                for status in Status
                if status is not Status.UNKNOWN
            ]
        else:
            select.display = False
            return
        select.display = True
        with select.prevent(Select.Changed):
            select.set_options(options)
            if state.choice is not None and state.choice in {value for _label, value in options}:
                select.value = state.choice

    def _paint(self, *, append: bool, rows: list[TicketSummary]) -> None:
        super()._paint(append=append, rows=rows)
        self.refresh_bindings()  # "open" and "export" depend on the rows

    def _paint_status(self) -> None:
        self._paint_sort()
        self._paint_notice()

    def _cells(self, line: TicketSummary) -> list[Content]:
        translator = host(self).translator
        _ = translator._
        number = ticket_number(line.number, translator)
        mark = f"{QUEUED_MARK} " if line.pending else ""
        if line.applicant_id is None:
            applicant = styled((_("not identified yet"), "$text-muted"))
        else:
            applicant = safe(line.applicant_name or f"PK-{line.applicant_id:07d}", 40)
        return [
            styled((mark + number, "$accent" if line.pending else "")),
            applicant,
            Content(_(line.category.short_label)),
            status_cell(translator, line.status),
            priority_cell(translator, line.priority),
            sla_cell(translator, line.sla),
            safe(line.assignee, 30) if line.assignee else Content("—"),
        ]

    def _paint_sort(self) -> None:
        _ = host(self).translator._
        title = next(title for sort, title in SORTS if sort is self._state.sort)
        self.query_one("#sort", Static).update(styled(("o ", "bold"), _(title)))

    def _paint_notice(self) -> None:
        translator = host(self).translator
        _ = translator._
        state = self._state
        notice = self.query_one("#notice", Static)
        if state.problem is not None:
            notice.update(styled((translator.message(state.problem), "$error")))
        elif state.problems:
            notice.update(
                styled(
                    ("⚠ ", "$warning"),
                    "  ".join(translator.message(problem) for problem in state.problems),
                )
            )
        elif state.loaded and not state.rows:
            notice.update(
                styled(
                    (_(_EMPTY[state.view] if not state.text.strip() else _NO_MATCH), "$text-muted")
                )
            )
        elif self._capped:
            notice.update(
                self._cap_notice(N_("Showing the first {count}; filter to narrow the view."))
            )
        else:
            notice.update(Content(""))


_NO_MATCH = N_("No ticket in this view matches the filter.")
_EMPTY = {
    QueueView.MINE: N_("No open ticket is assigned to you. Take one from Unassigned."),
    QueueView.UNASSIGNED: N_("Every open ticket has someone working on it."),
    QueueView.BREACHING: N_("No ticket is past or near its SLA due time."),
    QueueView.ESCALATED: N_("No ticket is escalated."),
    QueueView.CATEGORY: N_("No open ticket in this category."),
    QueueView.STATUS: N_("No ticket has this status."),
    QueueView.ALL: N_("There are no tickets in the mirror yet."),
}
