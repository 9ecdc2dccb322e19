"""Full garbage collections wait for a pause in typing, and the console leaves gc as it found it."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from prakerja_console.sync.collector import YOUNG_THRESHOLD, collections_spaced
from prakerja_console.ui.idle_gc import BACKSTOP, IdleCollector
from prakerja_console.ui.widgets.footer import KeyFooter
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Full collections the collector asks for, recorded instead of run."""
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    return asked


@pytest.fixture
def collector() -> Iterator[IdleCollector]:
    found = gc.get_threshold()
    made = IdleCollector()
    made.start()
    yield made
    made.stop()
    assert gc.get_threshold() == found
    assert gc.get_freeze_count() == 0


def test_automatic_full_collections_are_held_back(collector: IdleCollector) -> None:
    young, middle, full = gc.get_threshold()
    assert full >= BACKSTOP > 10
    assert (young, middle) != (0, 0)  # young collections stay automatic


def test_a_due_collection_runs_on_a_tick_without_keys(
    collector: IdleCollector, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 10))
    collector.key_pressed()
    assert collector.tick() is False  # someone typed since the last tick
    assert collector.tick() is True
    assert collections == [2]


def test_nothing_runs_when_no_collection_is_due(
    collector: IdleCollector, collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gc, "get_count", lambda: (5, 3, 2))
    assert collector.tick() is False
    assert collections == []


def test_start_up_objects_are_frozen_until_the_end(collector: IdleCollector) -> None:
    collector.settled()
    assert gc.get_freeze_count() > 0


def test_start_up_garbage_is_collected_before_the_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: order.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: order.append("freeze"))
    IdleCollector().settled()
    assert order == ["collect", "freeze"]


@pytest.fixture
def default_thresholds() -> Iterator[None]:
    found = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*found)


@pytest.mark.usefixtures("default_thresholds")
@pytest.mark.parametrize("pull_first", [True, False], ids=["pull-starts-first", "console-first"])
@pytest.mark.parametrize(
    "pull_ends_first", [True, False], ids=["pull-ends-first", "console-exits-first"]
)
def test_a_pull_overlapping_a_console_leaves_the_thresholds_it_found(
    pull_first: bool, pull_ends_first: bool
) -> None:
    """The pull owns the young threshold, the console the full one: neither undoes the other."""
    pull = ExitStack()
    console = IdleCollector()
    starts: list[Callable[[], object]] = [
        lambda: pull.enter_context(collections_spaced()),
        console.start,
    ]
    ends: list[Callable[[], object]] = [pull.close, console.stop]
    for start in starts if pull_first else starts[::-1]:
        start()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, BACKSTOP)  # both in force meanwhile
    first_end, second_end = ends if pull_ends_first else ends[::-1]
    first_end()
    expected_between = (700, 10, BACKSTOP) if pull_ends_first else (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == expected_between  # the other side's setting still holds
    second_end()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_full_threshold_someone_set_while_the_console_ran_stands(
    default_thresholds: None,
) -> None:
    console = IdleCollector()
    console.start()
    gc.set_threshold(700, 10, 5_000)
    console.stop()
    assert gc.get_threshold() == (700, 10, 5_000)


async def test_the_console_freezes_after_start_up_and_restores_gc_on_exit(
    small_mirror: Path, make_app: MakeApp
) -> None:
    found = gc.get_threshold()
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] >= BACKSTOP
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == found


async def test_the_footer_keeps_its_keys_when_nothing_it_shows_changed(
    small_mirror: Path, make_app: MakeApp
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        before = list(footer.query(FooterKey))
        app.screen.refresh_bindings()
        await settle(pilot)
        assert list(footer.query(FooterKey)) == before  # the same widgets, not rebuilt
        await type_text(pilot, "siti")  # a field takes the letters: "q" is typed there
        await settle(pilot)
        shown = [key.key for key in footer.query(FooterKey)]
        assert "ctrl+c" in shown
        assert list(footer.query(FooterKey)) != before
