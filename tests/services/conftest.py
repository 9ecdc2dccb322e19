"""The small scenario's mirror (built once per session) and services over a private copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from prakerja_console.domain.roles import Role
from prakerja_console.services import ConsoleServices, Operator
from tests.services.small_mirror import NOW, USERNAME, build_small_mirror, copy_mirror


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def small_mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read-only by convention: tests that write take ``mirror_copy``."""
    return build_small_mirror(tmp_path_factory.mktemp("small") / "mirror.db")


@pytest.fixture
def mirror_copy(small_mirror: Path, tmp_path: Path) -> Path:
    return copy_mirror(small_mirror, tmp_path / "mirror.db")


@pytest.fixture(scope="session")
def read_services(small_mirror: Path) -> Iterator[ConsoleServices]:
    """Services for reading only, shared by the session (the mirror's own login)."""
    services = ConsoleServices(small_mirror, fixed_clock)
    yield services
    services.close()


@pytest.fixture
def services(mirror_copy: Path) -> Iterator[ConsoleServices]:
    """Services over a private copy, as the agent siti.agent (nationwide)."""
    services = ConsoleServices(mirror_copy, fixed_clock, operator=Operator(USERNAME, Role.AGENT))
    yield services
    services.close()
