"""Snapshots of the shell, the lookup and the applicant detail (120×36, fixed clock and data).

Update with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and review the SVGs
in ``snapshot_report.html`` before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from prakerja_console.ui.screens.lookup import LookupScreen
from tests.services.small_mirror import (
    BAMBANG,
    BUDI,
    EKO,
    FITRI,
    HENDRA,
    LINA,
    NUR,
    PUTRI,
    SHARED_NIK,
    SITI,
    WAHYU,
)
from tests.ui.conftest import SIZE, MakeApp, settle

Snap = Callable[..., bool]


def searching(text: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LookupScreen)
        screen.search_for(text)
        await settle(pilot)

    return run_before


def opening(applicant_id: int) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.open_applicant(applicant_id)  # type: ignore[attr-defined]
        await settle(pilot)

    return run_before


def test_shell_and_empty_lookup(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=searching(""))


def test_lookup_results_for_a_nik_claimed_twice(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=searching(SHARED_NIK))


def test_lookup_no_results(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=searching("0812 9999 0000"))


def test_lookup_bad_query(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=searching("3201O14101900001"))


def test_lookup_in_english(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror, language="en")
    assert snap_compare(app, terminal_size=SIZE, run_before=searching("siti.rahayu@gm"))


@pytest.mark.parametrize(
    "applicant_id",
    [
        pytest.param(BUDI, id="registered"),
        pytest.param(SITI, id="email_verified-nik_mismatch"),
        pytest.param(EKO, id="nik_verified"),
        pytest.param(LINA, id="joined_batch"),
        pytest.param(PUTRI, id="rejected-student"),
        pytest.param(NUR, id="accepted"),
        pytest.param(HENDRA, id="revoked"),
        pytest.param(FITRI, id="training"),
        pytest.param(WAHYU, id="completed-incentive_failed"),
        pytest.param(BAMBANG, id="incentive_paid"),
    ],
)
def test_applicant_at_each_stage(
    snap_compare: Snap, make_app: MakeApp, small_mirror: Path, applicant_id: int
) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, run_before=opening(applicant_id))


def test_sync_status_screen(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, press=["f5"], run_before=searching(""))


def test_help(snap_compare: Snap, make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    assert snap_compare(app, terminal_size=SIZE, press=["escape", "tab", "question_mark"])
