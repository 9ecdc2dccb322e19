"""The paged screens' shared parts: the typing delay, the keys, and what a subclass must write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from textual.content import Content

from prakerja_console.ui.screens.lookup import LookupScreen
from prakerja_console.ui.screens.paged import (
    DEBOUNCE_SECONDS,
    PagedScreen,
    TypingDelay,
    clear_key,
    open_key,
)
from prakerja_console.ui.screens.tickets import TicketsScreen


@dataclass
class FakeTimer:
    callback: Callable[[], None]
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True


@dataclass
class FakeOwner:
    timers: list[FakeTimer] = field(default_factory=list)

    def set_timer(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        assert delay == DEBOUNCE_SECONDS
        self.timers.append(FakeTimer(callback))
        return self.timers[-1]


@dataclass
class Clock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


def delay() -> tuple[TypingDelay, FakeOwner, Clock, list[float]]:
    owner, clock, runs = FakeOwner(), Clock(), []
    typing = TypingDelay(owner, lambda: runs.append(clock.now), clock=clock)
    return typing, owner, clock, runs


def test_the_first_change_after_a_pause_searches_at_once() -> None:
    typing, owner, clock, runs = delay()
    typing.changed()
    assert runs == [100.0]
    clock.now += DEBOUNCE_SECONDS
    typing.changed()
    assert runs == [100.0, clock.now]
    assert not owner.timers
    assert not typing.pending


def test_a_burst_is_one_search_after_its_last_change() -> None:
    typing, owner, clock, runs = delay()
    typing.changed()
    for _ in range(3):
        clock.now += DEBOUNCE_SECONDS / 3
        typing.changed()
    assert runs == [100.0]
    assert typing.pending
    assert [timer.stopped for timer in owner.timers] == [True, True, False]
    owner.timers[-1].callback()
    assert runs == [100.0, clock.now]
    assert not typing.pending


def test_searching_now_forgets_the_delayed_search() -> None:
    typing, owner, clock, runs = delay()
    typing.changed()
    clock.now += 0.01
    typing.changed()
    typing.cancel()
    assert owner.timers[-1].stopped
    assert not typing.pending
    assert runs == [100.0]


def test_the_keys_keep_each_screens_ids() -> None:
    opens, clears = open_key("x.open", "Open it"), clear_key("x.clear", "Clear it")
    assert (opens.key, opens.action, opens.id, opens.tooltip) == (
        "enter",
        "open",
        "x.open",
        "Open it",
    )
    assert (clears.key, clears.action, clears.id) == ("escape", "clear", "x.clear")
    ids = {
        binding.id
        for screen in (LookupScreen, TicketsScreen)
        for binding in screen.BINDINGS
        if not isinstance(binding, tuple) and binding.key in ("enter", "escape")
    }
    assert ids == {"lookup.open", "lookup.clear", "tickets.open", "tickets.clear"}


def test_a_paged_screen_must_say_how_it_reads_a_page() -> None:
    class Unfinished(PagedScreen[str, int]):
        def _cells(self, row: str) -> list[Content]:
            return [Content(row)]

        def _paint_status(self) -> None:
            self._paint_notice()

        def _paint_notice(self) -> None:
            """Nothing below the table."""

    with pytest.raises(TypeError, match="_reader"):
        Unfinished()
