"""The small scenario: exact, consistent, and carrying its showcase people as declared."""

from __future__ import annotations

import json
from collections import Counter

from prakerja_console.central.generator import Scenario
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.sync.protocol import Table
from tests.central.generator.invariants import DataSet, check_all, funnel_counts


def test_small_scenario_reproduces_its_counts_and_every_rule(small_data: DataSet) -> None:
    check_all(small_data)
    reached, sides = funnel_counts(small_data.tables[Table.APPLICANTS])
    assert reached["registered"] == 2000
    assert reached["incentive_paid"] == 80
    assert sides == {"not_accepted": 220, "revoked": 30, "rejected": 40}


def test_small_scenario_has_every_table(small_data: DataSet) -> None:
    sizes = {table: len(rows) for table, rows in small_data.tables.items()}
    assert sizes[Table.WAVES] == 4
    for table in (
        Table.REGISTRY_CHECKS,
        Table.WAVE_ENTRIES,
        Table.VERIFICATION_CASES,
        Table.TICKETS,
        Table.TICKET_EVENTS,
        Table.NOTES,
    ):
        assert sizes.get(table, 0) > 0, table
    statuses = [row["status"] for row in small_data.tables[Table.WAVES]]
    assert statuses == ["announced", "announced", "closed", "open"]


def test_showcase_applicants_come_first_exactly_as_declared(
    small: Scenario, small_data: DataSet
) -> None:
    applicants = small_data.tables[Table.APPLICANTS]
    waves = {row["number"]: row["id"] for row in small_data.tables[Table.WAVES]}
    for index, person in enumerate(small.showcase):
        row = applicants[index]
        assert row["id"] == index + 1
        assert (row["name"], row["email"], row["phone"]) == (
            person.name,
            person.email,
            person.phone,
        )
        assert (row["nik"], row["kk_number"]) == (person.nik, person.kk_number)
        assert row["stage"] == person.stage
        assert row["side_state"] == (person.side_state.value if person.side_state else None)
        assert row["reason_code"] == person.reason
        assert row["wave_id"] == (waves[person.waves[-1]] if person.waves else None)
        if person.nik:
            assert row["province_code"] == person.nik[:2]


def test_showcase_covers_every_stage_and_common_problem(small: Scenario) -> None:
    stages = {person.stage for person in small.showcase}
    assert stages == set(Stage)
    reasons = {person.reason for person in small.showcase}
    for reason in (
        Reason.EMAIL_PENDING,
        Reason.NIK_NOT_FOUND,
        Reason.NIK_REGISTRY_MISMATCH,
        Reason.NIK_KK_MISMATCH,
        Reason.NIK_ALREADY_USED,
        Reason.KTP_PHOTO_REJECTED,
        Reason.STUDENT,
        Reason.SOCIAL_ASSISTANCE_EXCLUDED,
        Reason.SOCIAL_ASSISTANCE_DEPRIORITISED,
        Reason.UNDER_AGE,
        Reason.AWAITING_FIRST_PURCHASE,
        Reason.REVOKED_NO_PURCHASE,
        Reason.TRAINING_IN_PROGRESS,
        Reason.CERTIFICATE_PENDING,
        Reason.INCENTIVE_FAILED_PHONE_CHANGED,
        Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE,
        Reason.INCENTIVE_PAID,
    ):
        assert reason in reasons, reason
    twice = [
        p for p in small.showcase if p.side_state is SideState.NOT_ACCEPTED and len(p.waves) == 2
    ]
    assert twice, "a showcase applicant not accepted twice"


def _showcase_row(small: Scenario, data: DataSet, problem: str) -> dict[str, object]:
    index = next(i for i, person in enumerate(small.showcase) if person.problem == problem)
    return data.tables[Table.APPLICANTS][index]


def test_siti_rahayus_registry_mismatch_shows_both_birth_dates(
    small: Scenario, small_data: DataSet
) -> None:
    siti = _showcase_row(small, small_data, "registry_birth_date_mismatch")
    assert (siti["id"], siti["name"], siti["nik"]) == (1, "Siti Rahayu", "3201014101900001")
    assert siti["birth_date"] == "1990-01-01"
    assert siti["sex"] == "F"
    dukcapil = next(
        check
        for check in small_data.tables[Table.REGISTRY_CHECKS]
        if check["applicant_id"] == 1 and check["registry"] == "dukcapil"
    )
    assert dukcapil["result"] == "mismatch"
    assert json.loads(dukcapil["detail"])["birth_date"] == "1990-01-11"
    tickets = [t for t in small_data.tables[Table.TICKETS] if t["applicant_id"] == 1]
    cases = [c for c in small_data.tables[Table.VERIFICATION_CASES] if c["applicant_id"] == 1]
    assert [(t["category"], t["status"], t["assignee"]) for t in tickets] == [
        ("nik_kk_mismatch", "open", "siti.agent")
    ]
    assert [(c["kind"], c["status"], c["assignee"]) for c in cases] == [
        ("registry_mismatch", "in_review", "dewi.jabar")
    ]
    assert tickets[0]["verification_case_id"] == cases[0]["id"]


def test_nik_already_used_shares_the_owners_nik(small: Scenario, small_data: DataSet) -> None:
    claimant = _showcase_row(small, small_data, "nik_already_used")
    owner = _showcase_row(small, small_data, "eligible_not_joined")
    assert claimant["nik"] == owner["nik"]
    assert claimant["id"] != owner["id"]
    results = {
        (check["applicant_id"], check["registry"]): check["result"]
        for check in small_data.tables[Table.REGISTRY_CHECKS]
    }
    assert results[claimant["id"], "dukcapil"] == "already_used"
    assert results[owner["id"], "dukcapil"] == "match"


def test_not_accepted_twice_has_two_entries(small: Scenario, small_data: DataSet) -> None:
    person = _showcase_row(small, small_data, "not_accepted_twice")
    entries = [
        e for e in small_data.tables[Table.WAVE_ENTRIES] if e["applicant_id"] == person["id"]
    ]
    assert [(e["wave_id"], e["outcome"]) for e in entries] == [
        (1, "not_accepted"),
        (2, "not_accepted"),
    ]


def test_generated_applicants_also_rejoin_and_are_not_accepted_twice(small_data: DataSet) -> None:
    outcomes: dict[int, list[str]] = {}
    for entry in small_data.tables[Table.WAVE_ENTRIES]:
        outcomes.setdefault(entry["applicant_id"], []).append(entry["outcome"])
    showcase = len(small_data.scenario.showcase)
    paths = Counter(tuple(path) for applicant, path in outcomes.items() if applicant > showcase)
    assert paths["not_accepted", "not_accepted"] > 0
    assert paths["not_accepted", "accepted"] > 0
    assert paths["not_accepted", "pending"] > 0


def test_hostile_names_stay_out_of_the_first_ten_ids(small_data: DataSet) -> None:
    applicants = small_data.tables[Table.APPLICANTS]
    hostile = [row["id"] for row in applicants if "[" in row["name"] or "\x1b" in row["name"]]
    assert hostile
    assert min(hostile) > 10
    names = {row["name"] for row in applicants}
    assert {"[bold red]X[/]", "[@click=app.quit]x[/]"} <= names
