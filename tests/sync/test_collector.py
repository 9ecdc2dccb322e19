"""The pull spaces out the cyclic collector's runs without switching it off for the process."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from prakerja_console.sync.collector import YOUNG_THRESHOLD, collections_spaced


@pytest.fixture(autouse=True)
def _thresholds_kept() -> Iterator[None]:
    found = gc.get_threshold()
    yield
    gc.set_threshold(*found)


def test_the_collector_stays_on_with_a_raised_young_threshold_then_exactly_what_was_found() -> None:
    gc.set_threshold(700, 10, 10)
    with collections_spaced():
        assert gc.isenabled()  # the TUI's thread keeps collecting during a pull
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)  # the full one is ui.idle_gc's
    assert gc.get_threshold() == (700, 10, 10)


def test_higher_thresholds_someone_set_are_not_lowered() -> None:
    gc.set_threshold(500_000, 20, 1_000)
    with collections_spaced():
        assert gc.get_threshold() == (500_000, 20, 1_000)
    assert gc.get_threshold() == (500_000, 20, 1_000)


def test_a_change_made_meanwhile_by_someone_else_stands() -> None:
    """The console's idle collector stopping during a pull restores its own thresholds."""
    gc.set_threshold(700, 10, 100)
    with collections_spaced():
        gc.set_threshold(700, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_an_error_in_the_pull_restores_the_thresholds() -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), collections_spaced():
        raise RuntimeError("the pull failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_older_thresholds_changed_during_the_pull_are_kept_when_it_ends() -> None:
    gc.set_threshold(700, 10, 10)
    with collections_spaced():
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 100)
    assert gc.get_threshold() == (700, 10, 100)


def test_a_young_threshold_someone_set_during_the_pull_stands() -> None:
    gc.set_threshold(700, 10, 10)
    with collections_spaced():
        gc.set_threshold(50_000, 10, 10)
    assert gc.get_threshold() == (50_000, 10, 10)
