"""Fixtures of the ticket tests: a central database, a desk that acts on it, and consoles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from prakerja_console.central.auth import Principal
from tests.tickets.central_desk import Desk, build_central
from tests.tickets.loopback import Console

MakeConsole = Callable[[Principal], Console]


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    db = build_central(tmp_path_factory.mktemp("ticket-central"))
    yield Desk(db)
    db.close()


@pytest.fixture
def console(desk: Desk, tmp_path: Path) -> Iterator[MakeConsole]:
    """Consoles over the desk's central, each with its own mirror, on the desk's clock."""
    made: list[Console] = []

    def make(who: Principal) -> Console:
        made.append(Console(tmp_path, desk.db, who, lambda: desk.now))
        return made[-1]

    yield make
    for each in made:
        each.close()
