"""The shared fixtures other areas use: a central seeded with the small scenario."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from tests.support.central import bearer, login, small_scenario, wait_until


def test_the_session_central_serves_the_small_scenario(session_central: CentralServer) -> None:
    session = login(session_central.url, "siti.agent", device_id="fixture-test-01")
    counts = httpx.post(f"{session_central.url}/v1/snapshot", headers=bearer(session)).json()[
        "tables"
    ]
    scenario = small_scenario().scenario
    assert scenario is not None
    assert counts["applicants"] >= scenario.funnel.registered
    assert counts["waves"] == len(scenario.waves)


@pytest.mark.central(access_ttl=1)
def test_marker_options_reach_the_central(central: CentralServer) -> None:
    session = login(central.url, "dewi.jabar")
    assert session.expires_in == 1

    def expired() -> bool:
        return httpx.get(f"{central.url}/v1/checksum", headers=bearer(session)).status_code == 401

    wait_until(expired, timeout=10)
