"""Fixtures of the central's own tests: a central over the hand-made data set."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from tests.central import dataset
from tests.support.central import ManualClock, StartCentral


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dataset.NOW)


@pytest.fixture
def tiny(start_central: StartCentral, clock: ManualClock) -> CentralServer:
    """A central over :mod:`tests.central.dataset`, on a clock the test moves."""
    return start_central(data=dataset.batches, clock=clock)


@pytest.fixture
def http(tiny: CentralServer) -> httpx.Client:
    with httpx.Client(base_url=f"{tiny.url}/v1", timeout=30) as client:
        yield client
