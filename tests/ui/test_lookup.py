"""The lookup screen, driven by keys: results as you type, stale results, paging, opening."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from prakerja_console.domain.lookup_query import QueryKind
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.lookup import DISPLAY_CAP, LookupScreen, SearchDone
from tests.services.small_mirror import EKO, RINA, SHARED_NIK, SITI
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio


def lookup_of(app: object) -> LookupScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, LookupScreen)
    return screen


def rendered(widget: Static) -> str:
    return str(widget.render())


async def test_results_appear_as_you_type(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, SHARED_NIK)
        await settle(pilot)
        screen = lookup_of(app)
        table = screen.query_one("#results", DataTable)
        assert table.row_count == 2
        assert sorted(row.id for row in screen.results) == [RINA, EKO]
        hint = rendered(screen.query_one("#hint", Static))
        assert hint.startswith("NIK · 2 hasil · ")
        assert hint.endswith(" ms")
        assert "••••" in str(table.get_row_at(0)[0])  # the NIK is masked in the list


async def test_stale_results_never_paint_over_fresh_ones(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = lookup_of(app)
        await type_text(pilot, "budi")
        await settle(pilot)
        current = screen._generation
        page = app.services.lookup.search(app.services.lookup.read("siti", app.now().date()))
        screen.post_message(SearchDone(current - 1, page, append=False))  # an older search
        await settle(pilot)
        assert screen.searched is not None
        assert screen.searched.value == "budi"
        assert all("Siti" not in row.name for row in screen.results)


async def test_more_results_load_when_the_cursor_reaches_the_end(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "a")  # every name with a word starting with "a"
        await settle(pilot)
        screen = lookup_of(app)
        first = len(screen.results)
        assert first == 50
        assert screen.has_more
        table = screen.query_one("#results", DataTable)
        table.focus()
        table.move_cursor(row=first - 1)
        await settle(pilot)
        assert len(screen.results) == 100
        ids = [row.id for row in screen.results]
        assert len(ids) == len(set(ids))
        assert table.row_count == 100
        assert DISPLAY_CAP >= 100


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("320101410190000", "15"),
        ("3201O14101900001", "'O'"),
        ('"', "NIK"),
        ("NEAR(", "Tidak ada nama"),
        ("-", "NIK"),
    ],
)
async def test_bad_queries_show_a_plain_message(
    make_app: MakeApp, small_mirror: Path, text: str, words: str
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lookup_of(app).search_for(text)
        await settle(pilot)
        notice = rendered(lookup_of(app).query_one("#notice", Static))
        assert words in notice
        assert lookup_of(app).query_one("#results", DataTable).row_count == 0


async def test_five_thousand_characters_do_not_hurt(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lookup_of(app).search_for("x" * 5000)
        await settle(pilot)
        screen = lookup_of(app)
        assert screen.searched is not None
        assert screen.searched.kind is QueryKind.INVALID
        assert "5.000" in rendered(screen.query_one("#notice", Static))


async def test_enter_opens_the_highlighted_applicant_and_esc_comes_back(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "siti.rahayu@gmail.com")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)
        assert app.screen.applicant_id == SITI
        await pilot.press("escape")
        await settle(pilot)
        screen = lookup_of(app)
        assert screen.query_one("#search", Input).value == "siti.rahayu@gmail.com"
        assert screen.query_one("#results", DataTable).row_count == 1


async def test_escape_clears_the_search(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "budi")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = lookup_of(app)
        assert screen.query_one("#search", Input).value == ""
        assert screen.query_one("#results", DataTable).row_count == 0
