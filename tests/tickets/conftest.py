"""Fixtures of the ticket tests: a central database and a desk that acts on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.tickets.central_desk import Desk, build_central


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    db = build_central(tmp_path_factory.mktemp("ticket-central"))
    yield Desk(db)
    db.close()
