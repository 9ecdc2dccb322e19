"""Scenario errors name the file and the key to fix."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from prakerja_console.central.generator import ScenarioError, load_scenario, parse_scenario
from tests.central.generator.conftest import SMALL

Data = dict[str, Any]


def _small() -> Data:
    return tomllib.loads(SMALL.read_text(encoding="utf-8"))


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation that sets the dotted ``path`` (list indexes as numbers) to ``value``."""

    def mutate(data: Data) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _showcase(problem: str, **changes: Any) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        person = next(p for p in data["showcase"] if p["problem"] == problem)
        person.update(changes)

    return mutate


def _later_registration(data: Data) -> None:
    data["registration"]["opens_at"] = data["waves"][0]["closes_at"]


def _wave_without_accepted(data: Data) -> None:
    for wave in data["waves"]:
        wave.pop("accepted", None)
    data["waves"][0]["quota"] = 100
    data["waves"][1]["quota"] = 100


CASES: list[tuple[str, Callable[[Data], None], str]] = [
    ("funnel grows downwards", _set("funnel.nik_verified", 1500), "funnel.nik_verified"),
    ("revoked exceed accepted − training", _set("side_states.revoked", 200), "side_states.revoked"),
    ("side states exceed their gap", _set("side_states.rejected", 300), "side_states.rejected"),
    ("unknown key", _set("colour", "red"), "colour"),
    ("wrong type", _set("funnel.registered", "2000"), "funnel.registered"),
    ("negative count", _set("side_states.not_accepted", -1), "side_states.not_accepted"),
    ("accepted above quota", _set("waves.1.accepted", 160), "waves.1.accepted"),
    ("duplicate wave number", _set("waves.1.number", 1), "waves.1.number"),
    (
        "registration after now",
        _set("registration.closes_at", "2027-01-01T00:00:00"),
        "registration.closes_at",
    ),
    ("bad reason weight key", _set("mix.rejected", {"accepted": 1.0}), "mix.rejected.accepted"),
    ("share above one", _set("mix.tickets", 1.5), "mix.tickets"),
    ("unknown officer province", _set("officers", {"99": "x.y"}), "officers.99"),
    ("invalid showcase NIK", _showcase("nik_not_found", nik="3578015208950000"), "showcase.2.nik"),
    (
        "already used without owner",
        _showcase("eligible_not_joined", nik="3273012505920099"),
        "showcase.4.nik",
    ),
    (
        "reason not fitting the stage",
        _showcase("registry_birth_date_mismatch", reason="incentive_paid"),
        "showcase.0.reason",
    ),
    (
        "awaiting purchase in an old wave",
        _showcase("accepted_awaiting_purchase", waves=[1]),
        "showcase.12.waves",
    ),
    ("under age but adult", _showcase("under_age", nik="3603010510900010"), "showcase.10.nik"),
    (
        "unknown ticket category",
        _showcase("registry_birth_date_mismatch", ticket={"category": "weather", "subject": "x"}),
        "showcase.0.ticket.category",
    ),
    (
        "duplicate showcase e-mail",
        _showcase("nik_not_found", email="siti.rahayu@gmail.com"),
        "showcase.2.email",
    ),
    (
        "case for a non-NIK problem",
        _showcase("revoked", verification_case="open"),
        "showcase.13.verification_case",
    ),
    (
        "excluded policy reason in a deprioritise wave",
        _showcase("social_assistance_excluded", waves=[1]),
        "showcase.8.reason",
    ),
    ("too few registered before wave 1 closed", _later_registration, "waves.0.closes_at"),
    ("accepted beyond derived quotas", _wave_without_accepted, "funnel.accepted"),
]


@pytest.mark.parametrize(
    ("mutate", "key"), [(m, k) for _, m, k in CASES], ids=[name for name, _, _ in CASES]
)
def test_errors_name_the_key(mutate: Callable[[Data], None], key: str) -> None:
    data = copy.deepcopy(_small())
    mutate(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, "small.toml")
    assert caught.value.key == key, str(caught.value)
    assert str(caught.value).startswith(f"small.toml: {key}: ")
    assert caught.value.problem


def test_the_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        SMALL.read_text(encoding="utf-8").replace("registered = 2000", "registered = 20"),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(f"{path}: funnel.email_verified: ")


def test_toml_syntax_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "syntax.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.source == str(path)
    assert caught.value.key == "(syntax)"


def test_several_shape_errors_are_reported_together() -> None:
    data = _small()
    data["funnel"]["registered"] = "many"
    data["seed"] = "x"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, "s.toml")
    assert "funnel.registered" in str(caught.value)
    assert "seed" in str(caught.value)
