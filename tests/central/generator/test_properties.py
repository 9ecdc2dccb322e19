"""Random small scenarios: every count comes out exact and every rule holds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.central.generator import parse_scenario
from prakerja_console.central.generator.kinds import DEFAULT_REASON_WEIGHTS
from tests.central.generator.invariants import check_all, collect

# The calendar of small.toml; registration closes before wave 1 does, so every
# applicant could have joined any wave and only the counts themselves vary.
WAVES = [
    {"number": 1, "name": "G1", "opens_at": "2026-09-01T12:00:00", "closes_at": "2026-09-08T12:00:00",
     "announce_at": "2026-09-12T12:00:00", "dtks_policy": "deprioritise", "revocation_days": 30},
    {"number": 2, "name": "G2", "opens_at": "2026-10-27T12:00:00", "closes_at": "2026-11-03T12:00:00",
     "announce_at": "2026-11-07T12:00:00", "dtks_policy": "exclude", "revocation_days": 30},
    {"number": 3, "name": "G3", "opens_at": "2026-11-17T12:00:00", "closes_at": "2026-11-24T12:00:00",
     "announce_at": "2026-12-01T12:00:00", "dtks_policy": "exclude"},
    {"number": 4, "name": "G4", "opens_at": "2026-11-26T12:00:00", "closes_at": "2026-12-03T12:00:00",
     "announce_at": "2026-12-08T12:00:00", "dtks_policy": "exclude"},
]  # fmt: skip
STAGES = (
    "registered",
    "email_verified",
    "nik_verified",
    "joined_batch",
    "accepted",
    "training",
    "completed",
    "incentive_paid",
)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    counts = [draw(st.integers(0, 160))]
    for _ in STAGES[1:]:
        counts.append(draw(st.integers(0, counts[-1])))
    funnel = dict(zip(STAGES, counts, strict=True))
    undecided = funnel["joined_batch"] - funnel["accepted"]
    not_accepted = draw(st.integers(0, undecided))
    rejected = draw(st.integers(0, undecided - not_accepted))
    revoked = draw(st.integers(0, funnel["accepted"] - funnel["training"]))
    awaiting = funnel["accepted"] - funnel["training"] - revoked
    in_wave_2 = draw(st.integers(awaiting, funnel["accepted"] - revoked))
    waves = [dict(wave) for wave in WAVES]
    for wave, accepted in zip(waves, (funnel["accepted"] - in_wave_2, in_wave_2), strict=False):
        wave["accepted"] = accepted
        wave["quota"] = accepted + draw(st.integers(0, 20))
    for wave in waves[2:]:
        wave["quota"] = draw(st.integers(0, 50))
    weights = {
        kind.name.lower(): {reason.value: draw(st.floats(0, 10)) for reason in table}
        for kind, table in DEFAULT_REASON_WEIGHTS.items()
    }
    for table in weights.values():
        table[next(iter(table))] += 1.0  # at least one positive weight
    share = st.floats(0, 1)
    mix = {
        name: draw(share)
        for name in (
            "priority_group",
            "family",
            "recipient_family",
            "rejoin",
            "tickets",
            "verification_cases",
            "notes",
        )
    }
    mix.update(
        {
            name: draw(st.floats(0, 0.2))
            for name in ("dtks_recipient", "student", "excluded_occupation")
        }
    )
    return {
        "name": "random",
        "seed": draw(st.integers(0, 2**32)),
        "now": "2026-11-28T14:05:00",
        "agents": ["a.agent"],
        "officers": {"32": "dewi.jabar"},
        "registration": {
            "opens_at": "2026-09-01T12:00:00",
            "closes_at": draw(
                st.sampled_from(
                    ["2026-09-01T12:30:00", "2026-09-03T00:00:00", "2026-09-08T11:00:00"]
                )
            ),
            "surge_share": draw(st.floats(0, 0.5)),
            "decay_share": draw(st.floats(0, 0.5)),
            "surge_peak_minutes": draw(st.floats(0.5, 30)),
            "decay_hours": draw(st.floats(0.5, 48)),
            "diurnal_amplitude": draw(share),
        },
        "funnel": funnel,
        "side_states": {"not_accepted": not_accepted, "rejected": rejected, "revoked": revoked},
        "waves": waves,
        "mix": {**mix, **weights},
    }


def _parsed(data: dict[str, Any]) -> dict[str, Any]:
    """TOML gives datetimes, not strings: convert the way tomllib would have."""
    from datetime import datetime

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, str) and len(value) == 19 and value[4] == "-" and value[10] == "T":
            return datetime.fromisoformat(value)
        return value

    return convert(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_scenarios_reproduce_their_counts_exactly(data: dict[str, Any]) -> None:
    scenario = parse_scenario(_parsed(data), "random")
    check_all(collect(scenario, batch_size=37))
