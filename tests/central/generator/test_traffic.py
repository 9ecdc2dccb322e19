"""Simulated registrations use the seeded data set's machinery and never collide with it."""

from __future__ import annotations

import json
from random import Random

from prakerja_console.central.generator import (
    Registrar,
    Scenario,
    generate,
    identities_for,
    new_applicant,
    verify,
)
from prakerja_console.domain.nik import Nik, parse_nik
from prakerja_console.sync.protocol import Table, columns_of


def test_new_applicants_never_collide_with_seeded_ones(small: Scenario) -> None:
    identities = identities_for(small, headroom=3000)
    seeded = [
        row
        for table, rows in generate(small, identities=identities)
        if table is Table.APPLICANTS
        for row in rows
    ]
    columns = columns_of(Table.APPLICANTS)
    email, phone = columns.index("email"), columns.index("phone")
    emails = {row[email] for row in seeded}
    phones = {row[phone] for row in seeded}
    niks = {row[columns.index("nik")] for row in seeded if row[columns.index("nik")]}
    registrar = Registrar(small, identities)
    rng = Random(5)
    at = int(small.now.timestamp())
    fresh = [new_applicant(registrar, len(seeded) + n, at + n, rng) for n in range(1, 3001)]
    assert all(len(item.row) == len(columns) for item in fresh)
    assert not {item.row[email] for item in fresh} & emails
    assert not {item.row[phone] for item in fresh} & phones
    assert not {item.profile.nik for item in fresh} & niks
    assert len({item.profile.nik for item in fresh}) == 3000
    assert len({item.row[email] for item in fresh}) == 3000


def test_a_new_applicant_is_registered_and_their_profile_is_valid(small: Scenario) -> None:
    registrar = Registrar(small, identities_for(small))
    at = int(small.now.timestamp())
    item = new_applicant(registrar, 5001, at, Random(1))
    row = dict(zip(columns_of(Table.APPLICANTS), item.row, strict=True))
    assert (row["id"], row["stage"], row["reason_code"]) == (5001, "registered", "email_pending")
    assert row["registered_at"] == row["state_changed_at"] == at
    assert row["nik"] is None
    assert row["email"] == row["email"].lower()
    nik = parse_nik(item.profile.nik, small.now.date())
    assert isinstance(nik, Nik)
    assert nik.birth_date.isoformat() == item.profile.birth_date
    assert nik.sex.value == item.profile.sex
    assert nik.province_code == item.profile.province_code


def test_verification_answers_fit_the_reason(small: Scenario) -> None:
    registrar = Registrar(small, identities_for(small), problem_share=0.5)
    rng = Random(3)
    profile = new_applicant(registrar, 9000, int(small.now.timestamp()), rng).profile
    seen = set()
    for _ in range(300):
        outcome = verify(registrar, profile, rng)
        answers = {registry: (result, detail) for registry, result, detail in outcome.checks}
        assert set(answers) == {"dukcapil", "dapodik", "dtks"}
        expected = {
            "nik_verified": "match",
            "ktp_photo_rejected": "match",
            "nik_not_found": "not_found",
            "nik_registry_mismatch": "mismatch",
            "nik_kk_mismatch": "kk_mismatch",
        }[outcome.reason]
        assert answers["dukcapil"][0] == expected
        if outcome.reason == "nik_registry_mismatch":
            assert json.loads(answers["dukcapil"][1] or "{}")["birth_date"] != profile.birth_date
        seen.add(outcome.reason)
    assert {"nik_verified", "nik_not_found"} <= seen
