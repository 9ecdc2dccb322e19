"""A search or filter field over a table that loads a page at a time (lookup, tickets).

Every change of the text bumps a *generation*; a page is read in an exclusive
thread worker, and a page or failure of an older generation than the latest is
dropped, so stale results never paint over fresh ones. The first keystroke after
a pause searches at once (the agent sees results immediately); keystrokes in
quick succession (fast typing, a paste) are merged by a short delay
(:class:`TypingDelay`). The next page loads when the cursor reaches the last
row, up to the screen's display cap: never a whole table, which at hundreds of
thousands of rows would freeze any table widget.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from prakerja_console.domain.text import N_, Message
from prakerja_console.services.errors import ServiceError
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import styled
from prakerja_console.ui.screens.abstract import AbstractScreenMeta
from prakerja_console.ui.screens.base import ConsoleScreen
from prakerja_console.ui.screens.worker_messages import PageArrived, PageFailed
from prakerja_console.ui.widgets.safe_input import SafeInput

DEBOUNCE_SECONDS = 0.06

RowT = TypeVar("RowT")
AfterT = TypeVar("AfterT")

Column = tuple[str, str, int]  # (key, N_ title, width)


def open_key(binding_id: str, tooltip: str) -> Binding:
    """``enter`` opens the highlighted row (the id and tooltip are the screen's own)."""
    return Binding("enter", "open", N_("open"), id=binding_id, tooltip=tooltip)


def clear_key(binding_id: str, tooltip: str) -> Binding:
    """``esc`` clears the field (the id and tooltip are the screen's own)."""
    return Binding("escape", "clear", N_("clear"), id=binding_id, tooltip=tooltip)


class TypingDelay:
    """Runs a search at once for the first change after a pause, later for a burst.

    A burst of changes (fast typing, a paste) becomes one search, ``seconds``
    after its last change, instead of one search a keystroke. ``owner`` keeps
    the timer (the screen); ``clock`` is passed in so tests need not wait.
    """

    def __init__(
        self,
        owner: MessagePump,
        run: Callable[[], None],
        seconds: float = DEBOUNCE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owner = owner
        self._run = run
        self._seconds = seconds
        self._clock = clock
        self._last_change = -seconds
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether a change waits for its delayed search."""
        return self._timer is not None

    def changed(self) -> None:
        """The text changed: search now after a pause, else once the burst is over."""
        now = self._clock()
        quiet = now - self._last_change >= self._seconds
        self._last_change = now
        self.cancel()
        if quiet:
            self._run()
        else:
            self._timer = self._owner.set_timer(self._seconds, self._fire)

    def cancel(self) -> None:
        """Forget a delayed search (one runs now instead)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self._run()


@dataclass(frozen=True, slots=True)
class Paging:
    """What the shared logic needs to know of a paged screen.

    The ids of its field and table, how many rows it keeps at most, and the
    screen's own page messages (so its handlers stay distinct).
    """

    field_id: str
    table_id: str
    display_cap: int
    arrived: type[PageArrived[Any]]
    failed: type[PageFailed]


@dataclass(slots=True)
class PagedState(Generic[RowT, AfterT]):
    """What the agent did on a paged screen, kept across a recompose."""

    text: str = ""
    rows: list[RowT] = field(default_factory=list)
    next: AfterT | None = None  # where the next page starts; None: no more
    problem: Message | None = None  # why the last read failed
    cursor_row: int = 0


class PagedScreen(ConsoleScreen, Generic[RowT, AfterT], metaclass=AbstractScreenMeta):
    """A screen whose field filters a table read a page at a time (both named by ``PAGING``).

    A subclass says how to read a page (:meth:`_reader`), how a row looks
    (:meth:`_cells`) and what else it repaints (:meth:`_paint_status`); its page
    handlers pass a current page to :meth:`_take_page` and a failure to
    :meth:`_take_failure`.
    """

    has_search = True
    PAGING: ClassVar[Paging]

    _state: PagedState[RowT, AfterT]

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._loading_more = False
        self._delay = TypingDelay(self, self.query_now)

    # -- widgets ----------------------------------------------------------------------

    def _field(self, field_class: type[SafeInput], placeholder: str) -> SafeInput:
        """The field, holding what was typed before a recompose."""
        typed = field_class(
            value=self._state.text,
            placeholder=placeholder,
            id=self.PAGING.field_id,
            select_on_focus=False,
        )
        typed.cursor_blink = host(self).cursor_blink
        return typed

    def _table_and_notice(
        self, table_class: type[DataTable[Content]], columns: Sequence[Column]
    ) -> ComposeResult:
        """The table with its translated column titles, and the notice line below it."""
        _ = host(self).translator._
        table = table_class(id=self.PAGING.table_id, cursor_type="row", zebra_stripes=True)
        for key, title, width in columns:
            table.add_column(Text(_(title)), width=width, key=key)
        yield table
        yield Static(id="notice", markup=False)

    # -- reading ----------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id == self.PAGING.field_id and event.value != self._state.text:
            self._state.text = event.value
            self._text_changed()
            self._delay.changed()

    def _text_changed(self) -> None:
        """What else the screen forgets when the agent types (nothing, by default)."""

    def _put_text(self, text: str) -> None:
        """Put ``text`` in the field and search for it now."""
        typed = self.query_one(f"#{self.PAGING.field_id}", Input)
        typed.value = text
        typed.cursor_position = len(text)
        self._state.text = text
        self.query_now()

    def query_now(self) -> None:
        """Search for what the field holds now, from the first page."""
        self._delay.cancel()
        self._restart()
        self._load_page(None)

    def _restart(self) -> None:
        """A new generation: whatever is still on its way for an older one is dropped."""
        self._generation += 1
        self._loading_more = False

    def _load_page(self, after: AfterT | None) -> None:
        self._fetch(self._generation, self._reader(after), after is not None)

    @abstractmethod
    def _reader(self, after: AfterT | None) -> Callable[[], object]:
        """How to read the page starting ``after`` (None: the first), as the screen shows now.

        Called on the UI thread, so it captures the text and choices of this
        moment; the returned call runs in the worker.
        """

    @work(thread=True, exclusive=True, group="paged-search", exit_on_error=False)
    def _fetch(self, generation: int, read: Callable[[], object], append: bool) -> None:
        try:
            page = read()
        except ServiceError as error:
            self.post_message(self.PAGING.failed(generation, error.message))
            return
        self.post_message(self.PAGING.arrived(generation, page, append=append))

    def _take_page(self, rows: Sequence[RowT], after: AfterT | None, append: bool) -> None:
        """Keep and paint a page of the latest search (its handler checked the generation)."""
        state = self._state
        self._loading_more = False
        state.problem = None
        state.next = after
        if append:
            added = list(rows[: max(0, self.PAGING.display_cap - len(state.rows))])
            state.rows = [*state.rows, *added]
            self._paint(append=True, rows=added)
        else:
            state.cursor_row = self._first_row(rows)
            state.rows = list(rows)
            self._paint(append=False, rows=state.rows)

    def _first_row(self, rows: Sequence[RowT]) -> int:
        """Where the cursor goes on a new first page (the top, by default)."""
        return 0

    def _take_failure(self, generation: int, problem: Message) -> bool:
        """Show why the latest search failed; whether ``generation`` was the latest."""
        if generation != self._generation:
            return False
        self._loading_more = False
        self._state.problem = problem
        self._paint_notice()
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != self.PAGING.table_id:
            return
        state = self._state
        state.cursor_row = event.cursor_row
        if (
            event.cursor_row >= len(state.rows) - 1
            and state.next is not None
            and len(state.rows) < self.PAGING.display_cap
            and not self._loading_more
        ):
            self._loading_more = True
            self._load_page(state.next)

    # -- painting ---------------------------------------------------------------------

    @property
    def _capped(self) -> bool:
        """Whether the table holds as many rows as it may while more wait."""
        return len(self._state.rows) >= self.PAGING.display_cap and self._state.next is not None

    def _cap_notice(self, template: str) -> Content:
        """``template`` (an N_ id with ``{count}``) filled with the display cap, muted."""
        translator = host(self).translator
        text = translator._(template).format(count=translator.number(self.PAGING.display_cap))
        return styled((text, "$text-muted"))

    def _paint(self, *, append: bool, rows: list[RowT]) -> None:
        table = self.query_one(f"#{self.PAGING.table_id}", DataTable)
        with self.app.batch_update():
            if not append:
                table.clear()
            table.add_rows([self._cells(row) for row in rows])
            if not append and rows:
                table.move_cursor(row=min(self._state.cursor_row, len(rows) - 1), animate=False)
            self._paint_status()

    @abstractmethod
    def _cells(self, row: RowT) -> list[Content]:
        """One row of the table."""

    @abstractmethod
    def _paint_status(self) -> None:
        """Repaint what besides the rows depends on them (hints, the notice)."""

    @abstractmethod
    def _paint_notice(self) -> None:
        """Repaint the notice line below the table."""
