"""Lookup (F1): one field that recognises what was typed, results as you type.

Typing, stale answers and paging work as on every paged screen
(:mod:`~prakerja_console.ui.screens.paged`): the first keystroke after a
pause searches at once, a burst is merged, a newer keystroke's results win, and
the next page loads when the cursor reaches the end, up to a display cap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.events import Key
from textual.widgets import DataTable, Input, Label, Static

from prakerja_console.domain.lookup_query import LookupQuery, QueryKind, describe
from prakerja_console.domain.masking import mask_email, mask_kk, mask_nik
from prakerja_console.domain.regions import province
from prakerja_console.domain.text import N_
from prakerja_console.services.lookup import ApplicantRow, LookupCursor, LookupPage, MatchField
from prakerja_console.services.rows import Attention
from prakerja_console.ui.host import host
from prakerja_console.ui.labels import ATTENTION_MARK, stage_words
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.paged import PagedScreen, PagedState, Paging, clear_key, open_key
from prakerja_console.ui.screens.worker_messages import PageArrived, PageFailed
from prakerja_console.ui.widgets.safe_input import SafeInput

DISPLAY_CAP = 500  # rows kept on screen; the store caps each fetch on its own

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("nik", N_("NIK"), 18),
    ("name", N_("Name"), 25),
    ("email", N_("E-mail"), 21),
    ("province", N_("Province"), 13),
    ("stage", N_("Stage"), 24),
    ("wave", N_("Wave"), 5),
)
_ATTENTION_STYLE = {Attention.NONE: "", Attention.ACTION: "$warning", Attention.BLOCKED: "$error"}


class SearchDone(PageArrived[LookupPage]):
    """A page of applicants found."""


class SearchFailed(PageFailed):
    """The search could not run."""


_SHORTCUTS = (":", "?")


class SearchInput(SafeInput):
    """The search field. Typed into an empty field, ``:`` opens the command line and
    ``?`` the help, as on k9s; ``down`` moves to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "screen.focus_results",
            N_("results"),
            show=False,
            id="lookup.results",
            tooltip=N_("Move to the results"),
        )
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if not self.value and character in _SHORTCUTS:
            return False  # so the footer shows ": command" and "? help" while the field is empty
        return super().check_consume_key(key, character)

    def watch_value(self, old: str, new: str) -> None:
        if bool(old) != bool(new) and self.is_attached:
            self.screen.refresh_bindings()

    async def _on_key(self, event: Key) -> None:
        if not self.value and event.character in _SHORTCUTS:
            event.stop()
            event.prevent_default()
            console = host(self)
            if event.character == ":":
                console.open_command_line()
            else:
                console.show_help()
            return
        await super()._on_key(event)


class ResultsTable(DataTable[Content]):
    """The results; ``enter`` opens the highlighted applicant."""


@dataclass(slots=True)
class _State(PagedState[ApplicantRow, LookupCursor]):
    """What the agent did on this screen, kept across a recompose."""

    query: LookupQuery | None = None  # how the text was read by the search shown
    elapsed_ms: float = 0.0
    open_single: bool = False  # open the applicant if the search finds exactly one


class LookupScreen(PagedScreen[ApplicantRow, LookupCursor]):
    CSS_PATH = "lookup.tcss"
    PAGING = Paging("search", "results", DISPLAY_CAP, SearchDone, SearchFailed)

    BINDINGS: ClassVar[list[BindingType]] = [
        open_key("lookup.open", N_("Open the applicant")),
        clear_key("lookup.clear", N_("Clear the search and start again")),
    ]

    _state: _State

    def __init__(self) -> None:
        super().__init__()
        self._state = _State()
        self._shown = 0  # the generation whose answer is painted

    # -- what it shows, read-only -----------------------------------------------------

    @property
    def results(self) -> tuple[ApplicantRow, ...]:
        """The applicants listed now, in the table's order."""
        return tuple(self._state.rows)

    @property
    def searched(self) -> LookupQuery | None:
        """What the text was read as by the search shown (None before the first)."""
        return self._state.query

    @property
    def has_more(self) -> bool:
        """Whether more results wait beyond the last row listed."""
        return self._state.next is not None

    # -- widgets ------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        with HorizontalGroup(id="search-row"):
            yield Label(_("Search:"), id="search-label", markup=False)
            yield self._field(SearchInput, _("NIK, KK number, e-mail, phone, PK-1234 or name"))
            yield Static(id="hint", markup=False)
        yield from self._table_and_notice(ResultsTable, COLUMNS)

    def on_mount(self) -> None:
        self.restore()

    def restore(self) -> None:
        self._paint(append=False, rows=self._state.rows)
        self.focus_default()

    def focus_default(self) -> None:
        self.query_one("#search", Input).focus()

    def focus_search(self) -> None:
        self.focus_default()

    def start_typing(self) -> None:
        """Focus the field with the last query selected (F1).

        The query is kept rather than emptied: its results stay listed for the
        agent who comes back to pick the next applicant of the same search, while
        the first letter typed replaces the selected text for a new caller.
        """
        field = self.query_one("#search", Input)
        field.focus()
        field.select_all()

    def action_focus_results(self) -> None:
        table = self.query_one("#results", ResultsTable)
        if table.row_count:
            table.focus()

    @property
    def settled(self) -> bool:
        """Whether the results on screen are those of the latest keystroke."""
        return self._shown == self._generation

    # -- searching ------------------------------------------------------------------

    def search_for(self, text: str, *, open_single: bool = False) -> None:
        """Put ``text`` in the field and search now (from ``:cari`` or the palette)."""
        self._state.open_single = open_single
        self._put_text(text)
        self.query_one("#search", Input).focus()

    def _text_changed(self) -> None:
        self._state.open_single = False  # only ``:cari`` opens a single match

    def _reader(self, after: LookupCursor | None) -> Callable[[], LookupPage]:
        return partial(self._read, self._state.text, after)

    def _read(self, text: str, after: LookupCursor | None) -> LookupPage:
        console = host(self)
        lookup = console.services.lookup
        return lookup.search(lookup.read(text, console.now().date()), after)

    @on(SearchDone)
    def _show(self, event: SearchDone) -> None:
        if event.generation != self._generation:
            return  # a newer keystroke's search is on its way
        state, page = self._state, event.page
        self._shown = event.generation
        state.query = page.query
        state.elapsed_ms = page.elapsed_ms
        self._take_page(page.rows, page.next, event.append)
        if not event.append and state.open_single and len(state.rows) == 1 and state.next is None:
            state.open_single = False
            host(self).open_applicant(state.rows[0].id)

    @on(SearchFailed)
    def _failed(self, event: SearchFailed) -> None:
        if self._take_failure(event.generation, event.problem):
            self._shown = event.generation

    # -- opening ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#results")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open_row(event.cursor_row)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open_row(self._state.cursor_row)

    def action_open(self) -> None:
        self._open_row(self._state.cursor_row)

    def _open_row(self, index: int) -> None:
        rows = self._state.rows
        if 0 <= index < len(rows):
            host(self).open_applicant(rows[index].id)

    def action_clear(self) -> None:
        if self._state.text:
            self.search_for("")
        else:
            self.focus_default()

    # -- painting ---------------------------------------------------------------------

    def _paint_status(self) -> None:
        self.query_one("#hint", Static).update(self._hint())
        self._paint_notice()

    def _cells(self, row: ApplicantRow) -> list[Content]:
        _ = host(self).translator._
        if row.matched is MatchField.KK:
            number = Content(f"KK {mask_kk(row.kk_number)}")
        else:
            number = Content(mask_nik(row.nik) or "—")
        found = province(row.province_code or "")
        words = _(stage_words(row.stage, row.side_state, row.reason))
        return [
            number,
            safe(row.name, 60),
            Content(mask_email(row.email)),
            Content(found.name if found else "—"),
            styled((ATTENTION_MARK[row.attention] + words, _ATTENTION_STYLE[row.attention])),
            Content(str(row.wave_number) if row.wave_number is not None else "—"),
        ]

    def _hint(self) -> Content:
        translator = host(self).translator
        _ = translator._
        state = self._state
        query = state.query
        if query is None or not query.kind.searchable:
            return Content("")
        count = len(state.rows)
        results = translator.ngettext("{count} result", "{count} results", count).format(
            count=translator.number(count) + ("+" if state.next is not None else "")
        )
        elapsed = translator.number(state.elapsed_ms, 1)
        return styled(
            (_(describe(query)), "bold"), f" · {results} · ", _("{ms} ms").format(ms=elapsed)
        )

    def _paint_notice(self) -> None:
        console = host(self)
        translator = console.translator
        _ = translator._
        state = self._state
        notice = self.query_one("#notice", Static)
        query = state.query
        if state.problem is not None:
            notice.update(styled((translator.message(state.problem), "$error")))
        elif not state.text.strip() or query is None or query.kind is QueryKind.EMPTY:
            notice.update(
                styled(
                    (
                        _(
                            "Type a NIK or KK number, an e-mail address, a phone number, "
                            "a registration id (PK-1234) or part of a name. Results appear as "
                            "you type; enter opens the highlighted applicant."
                        ),
                        "$text-muted",
                    )
                )
            )
        elif query.kind is QueryKind.INVALID and query.problem is not None:
            notice.update(styled((translator.message(query.problem), "$warning")))
        elif not state.rows:
            notice.update(styled((_(_NO_RESULTS.get(query.kind, _NO_MATCH)), "$text-muted")))
        elif self._capped:
            notice.update(
                self._cap_notice(N_("Showing the first {count}; type more to narrow the search."))
            )
        elif query.problem is not None:
            notice.update(styled(("⚠ ", "$warning"), translator.message(query.problem)))
        else:
            notice.update(Content(""))


_NO_MATCH = N_("No applicant matches.")
_NO_RESULTS = {
    QueryKind.NIK: N_(
        "No applicant has this NIK or KK number. Read the number back to the applicant digit "
        "by digit; they may have registered with another NIK or not at all."
    ),
    QueryKind.KK: N_("No applicant has this KK number or NIK."),
    QueryKind.EMAIL: N_(
        "No address starts like this. Check the spelling with the applicant (gmail.com, "
        "yahoo.co.id …)."
    ),
    QueryKind.PHONE: N_("No applicant has this phone number."),
    QueryKind.REGISTRATION: N_("No applicant has this registration id."),
    QueryKind.NAME: N_(
        "No name has these words. Names match from the start of each word: try fewer letters."
    ),
}
