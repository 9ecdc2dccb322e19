"""Collect a generated data set and check every rule a generated data set must keep.

Tests call :func:`collect` then :func:`check_all` (or single checks); each check
raises ``AssertionError`` naming the row that breaks the rule.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers

from prakerja_console.central.generator import Scenario, generate
from prakerja_console.central.generator.kinds import POLICY_REASONS, REASONS, Kind, kind_of
from prakerja_console.central.generator.plan import WavePlan, wave_plans
from prakerja_console.central.generator.scenario import WIB
from prakerja_console.central.generator.support import CASE_KIND
from prakerja_console.domain.applicant import Occupation, age_on
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.nik import Kk, Nik, parse_kk, parse_nik
from prakerja_console.domain.tickets import Category, Channel, Priority, Status
from prakerja_console.sync.protocol import Table, columns_of

STAGE_TIMES = (
    "registered_at",
    "email_verified_at",
    "nik_verified_at",
    "joined_at",
    "accepted_at",
    "training_at",
    "completed_at",
    "incentive_paid_at",
)


@dataclass
class DataSet:
    """Every row of one generation, as dicts keyed by wire column."""

    scenario: Scenario
    tables: dict[Table, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    raw: dict[Table, list[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def now(self) -> int:
        return int(self.scenario.now.timestamp())

    def by_applicant(self, table: Table) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.tables[table]:
            grouped[row["applicant_id"]].append(row)
        return grouped


def collect(scenario: Scenario, batch_size: int = 5000) -> DataSet:
    data = DataSet(scenario)
    for table, rows in generate(scenario, batch_size):
        columns = columns_of(table)
        for row in rows:
            assert len(row) == len(columns), f"{table} row {row[0]} has {len(row)} values"
            data.raw[table].append(row)
            data.tables[table].append(dict(zip(columns, row, strict=True)))
    return data


def funnel_counts(applicants: Iterable[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """Cumulative stage counts ("reached at least") and side-state counts."""
    reached: Counter[str] = Counter()
    sides: Counter[str] = Counter()
    ranks = {stage.value: stage.rank for stage in Stage}
    for row in applicants:
        rank = ranks[row["stage"]]
        for stage in Stage:
            if stage.rank <= rank:
                reached[stage.value] += 1
        if row["side_state"]:
            sides[row["side_state"]] += 1
    return (
        {stage.value: reached[stage.value] for stage in Stage},
        {side.value: sides[side.value] for side in SideState},
    )


def check_counts(data: DataSet) -> None:
    reached, sides = funnel_counts(data.tables[Table.APPLICANTS])
    assert reached == data.scenario.funnel.model_dump()
    assert sides == data.scenario.side_states.model_dump()


def check_ids(data: DataSet) -> None:
    for table, rows in data.raw.items():
        assert [row[0] for row in rows] == list(range(1, len(rows) + 1)), f"{table} ids"
        assert all(row[-1] == 1 for row in rows), f"{table} version"


def check_identity(data: DataSet) -> None:
    """NIK, KK, e-mail and phone: valid, unique where they must be, and agreeing."""
    today = data.scenario.now.date()
    applicants = data.tables[Table.APPLICANTS]
    emails = Counter(row["email"] for row in applicants)
    phones = Counter(row["phone"] for row in applicants)
    assert max(emails.values(), default=1) == 1, "duplicate e-mail"
    assert max(phones.values(), default=1) == 1, "duplicate phone"
    holders: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in applicants:
        assert row["email"] == row["email"].lower(), row["id"]
        assert "@" in row["email"], row["id"]
        number = phonenumbers.parse(row["phone"])
        assert row["phone"].startswith("+628"), row["id"]
        assert phonenumbers.is_valid_number(number), row["phone"]
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE, row["phone"]
        profile = (
            row["stage"] != Stage.REGISTERED and row["reason_code"] != Reason.NIK_NOT_SUBMITTED
        )
        profile_fields = (
            "nik",
            "kk_number",
            "birth_date",
            "sex",
            "province_code",
            "regency_code",
            "occupation",
        )
        if not profile:
            assert all(row[name] is None for name in profile_fields), row["id"]
            continue
        assert all(row[name] is not None for name in profile_fields), row["id"]
        nik = parse_nik(row["nik"], today)
        assert isinstance(nik, Nik), (row["id"], row["nik"], nik)
        assert nik.birth_date == date.fromisoformat(row["birth_date"]), row["id"]
        assert nik.sex.value == row["sex"], row["id"]
        assert nik.province_code == row["province_code"], row["id"]
        assert nik.regency_code == row["regency_code"], row["id"]
        kk = parse_kk(row["kk_number"])
        assert isinstance(kk, Kk), (row["id"], row["kk_number"])
        assert Occupation.from_code(row["occupation"]) is not Occupation.UNKNOWN, row["occupation"]
        holders[row["nik"]].append(row)
    for nik, rows in holders.items():
        claims = [row for row in rows if row["reason_code"] == Reason.NIK_ALREADY_USED]
        owners = [row for row in rows if row["reason_code"] != Reason.NIK_ALREADY_USED]
        assert len(owners) == 1, f"NIK {nik} held by {[row['id'] for row in rows]}"
        for claim in claims:
            owner = owners[0]
            assert Stage(owner["stage"]).rank >= Stage.NIK_VERIFIED.rank, (nik, claim["id"])
            assert (claim["birth_date"], claim["sex"]) == (owner["birth_date"], owner["sex"])


def check_times(data: DataSet) -> None:
    """Stage times present up to the stage, ordered, never after now; ids grow with time."""
    now = data.now
    previous = 0
    for row in data.tables[Table.APPLICANTS]:
        assert row["registered_at"] >= previous, (
            f"applicant {row['id']} registered before {row['id'] - 1}"
        )
        previous = row["registered_at"]
        rank = Stage(row["stage"]).rank
        times = [row[name] for name in STAGE_TIMES]
        for index, value in enumerate(times):
            assert (value is not None) == (index <= rank), (
                row["id"],
                STAGE_TIMES[index],
                row["stage"],
            )
        present = [value for value in times if value is not None]
        assert present == sorted(present), (row["id"], present)
        assert present[-1] <= row["state_changed_at"] <= now, row["id"]


def check_states(data: DataSet) -> None:
    """Stage, side state and reason form one of the kinds, with a reason that explains it."""
    waves = {wave.id: wave for wave in wave_plans(data.scenario)}
    for row in data.tables[Table.APPLICANTS]:
        side = SideState(row["side_state"]) if row["side_state"] else None
        kind = kind_of(Stage(row["stage"]), side)
        assert kind is not None, row["id"]
        reason = Reason(row["reason_code"])
        assert reason in REASONS[kind], (row["id"], kind, reason)
        assert (row["wave_id"] is not None) == kind.wave_bound, row["id"]
        if kind.wave_bound:
            wave = waves[row["wave_id"]]
            policy = POLICY_REASONS.get(reason)
            assert policy is None or wave.spec.dtks_policy == policy, (row["id"], reason)
            if kind is Kind.PENDING:
                expected = (
                    Reason.JOINED_BATCH if wave.status == "open" else Reason.SELECTION_PENDING
                )
                assert reason is expected, row["id"]


def check_registry(data: DataSet) -> None:
    """Three registry answers per submitted profile, agreeing with the applicant's state."""
    checks = data.by_applicant(Table.REGISTRY_CHECKS)
    now = data.now
    for row in data.tables[Table.APPLICANTS]:
        mine = checks.get(row["id"], [])
        stage, reason = Stage(row["stage"]), Reason(row["reason_code"])
        if row["nik"] is None:
            assert not mine, row["id"]
            continue
        answers = {check["registry"]: check for check in mine}
        assert sorted(answers) == ["dapodik", "dtks", "dukcapil"], row["id"]
        assert len(mine) == 3, row["id"]
        dukcapil = answers["dukcapil"]
        for check in mine:
            assert row["email_verified_at"] <= check["requested_at"] <= now, row["id"]
            if check["checked_at"] is not None:
                assert check["requested_at"] <= check["checked_at"] <= now, row["id"]
            if check["detail"] is not None:
                json.loads(check["detail"])
        if stage.rank >= Stage.NIK_VERIFIED.rank:
            assert dukcapil["result"] == "match", row["id"]
            assert dukcapil["checked_at"] == row["nik_verified_at"], row["id"]
        else:
            expected = {
                Reason.NIK_PENDING: "pending",
                Reason.NIK_NOT_FOUND: "not_found",
                Reason.NIK_REGISTRY_MISMATCH: "mismatch",
                Reason.NIK_KK_MISMATCH: "kk_mismatch",
                Reason.NIK_ALREADY_USED: "already_used",
                Reason.KTP_PHOTO_REJECTED: "match",
            }[reason]
            assert dukcapil["result"] == expected, (row["id"], reason, dukcapil)
            if reason is Reason.NIK_REGISTRY_MISMATCH:
                registry_birth = json.loads(dukcapil["detail"])["birth_date"]
                assert registry_birth != row["birth_date"], row["id"]
        decided = stage.rank > Stage.JOINED_BATCH.rank or row["side_state"] is not None
        if decided:
            assert (answers["dapodik"]["result"] == "student") == (reason is Reason.STUDENT), row[
                "id"
            ]
            recipient = reason in (
                Reason.SOCIAL_ASSISTANCE_EXCLUDED,
                Reason.SOCIAL_ASSISTANCE_DEPRIORITISED,
            )
            assert (answers["dtks"]["result"] == "recipient") == recipient, row["id"]


def _age_ok(row: dict[str, Any], wave: WavePlan) -> bool:
    reference = wave.spec.opens_at.astimezone(WIB).date()
    return age_on(date.fromisoformat(row["birth_date"]), reference) >= wave.spec.min_age


def check_waves(data: DataSet) -> None:
    """Entries inside wave windows, outcomes at announcements, quotas kept, eligibility kept."""
    plans = {wave.id: wave for wave in wave_plans(data.scenario)}
    now = data.now
    entries = data.by_applicant(Table.WAVE_ENTRIES)
    accepted_in: Counter[int] = Counter()
    recipients_by_kk: dict[str, list[int]] = defaultdict(list)
    applicants = data.tables[Table.APPLICANTS]
    for row in applicants:
        mine = entries.get(row["id"], [])
        side = SideState(row["side_state"]) if row["side_state"] else None
        kind = kind_of(Stage(row["stage"]), side)
        assert kind is not None
        if not kind.wave_bound:
            assert not mine, row["id"]
            continue
        assert mine, row["id"]
        assert [entry["joined_at"] for entry in mine] == sorted(
            entry["joined_at"] for entry in mine
        )
        assert mine[0]["joined_at"] >= row["nik_verified_at"], row["id"]
        for earlier, later in itertools.pairwise(mine):
            assert earlier["outcome"] == "not_accepted", row["id"]
            assert earlier["decided_at"] == plans[earlier["wave_id"]].announce_at, row["id"]
            assert earlier["decided_at"] <= later["joined_at"], row["id"]
        for entry in mine:
            wave = plans[entry["wave_id"]]
            assert wave.opens_at <= entry["joined_at"] < wave.closes_at, row["id"]
            assert entry["joined_at"] <= now, row["id"]
            assert entry["priority_group"] == row["priority_group"], row["id"]
        last = mine[-1]
        wave = plans[last["wave_id"]]
        assert last["wave_id"] == row["wave_id"], row["id"]
        assert last["joined_at"] == row["joined_at"], row["id"]
        outcome = {
            Kind.PENDING: "pending",
            Kind.NOT_ACCEPTED: "not_accepted",
            Kind.REJECTED: "rejected",
        }.get(kind, "accepted")
        assert last["outcome"] == outcome, row["id"]
        if kind is Kind.PENDING:
            assert last["decided_at"] is None, row["id"]
            assert wave.status in ("open", "closed"), row["id"]
            continue
        assert wave.status == "announced", row["id"]
        assert last["decided_at"] == wave.announce_at, row["id"]
        assert row["state_changed_at"] >= wave.announce_at, row["id"]
        under = not _age_ok(row, plans[mine[0]["wave_id"]])
        assert under == (row["reason_code"] == Reason.UNDER_AGE), row["id"]
        excluded = Occupation(row["occupation"]).excluded
        assert excluded == (row["reason_code"] == Reason.EXCLUDED_OCCUPATION), row["id"]
        if kind.accepted:
            accepted_in[wave.id] += 1
            assert row["accepted_at"] == wave.announce_at, row["id"]
            expected = Reason.ACCEPTED_PRIORITY if row["priority_group"] else Reason.ACCEPTED
            assert last["reason_code"] == expected, row["id"]
            deadline = wave.revocation_deadline
            if kind is Kind.REVOKED:
                assert row["state_changed_at"] == deadline <= now, row["id"]
                continue
            recipients_by_kk[row["kk_number"]].append(wave.id)
            if kind is Kind.AWAITING:
                assert deadline > now, row["id"]
            else:
                assert wave.announce_at <= row["training_at"] < deadline, row["id"]
        else:
            assert last["reason_code"] == row["reason_code"], row["id"]
    for wave_id, count in accepted_in.items():
        assert count <= plans[wave_id].spec.quota, f"wave {wave_id} accepted {count}"
    for row in applicants:
        if row["reason_code"] == Reason.KK_LIMIT:
            others = [w for w in recipients_by_kk[row["kk_number"]] if w <= row["wave_id"]]
            assert len(others) >= 2, (row["id"], row["kk_number"])
    for kk, waves_of in recipients_by_kk.items():
        assert len(waves_of) <= 2, f"family card {kk} has {len(waves_of)} recipients"


def check_support(data: DataSet) -> None:
    """Tickets, events, cases and notes point at real rows, use real vocabularies, keep time."""
    now = data.now
    applicants = {row["id"]: row for row in data.tables[Table.APPLICANTS]}
    cases = {row["id"]: row for row in data.tables[Table.VERIFICATION_CASES]}
    agents = set(data.scenario.agents)
    for case in cases.values():
        applicant = applicants[case["applicant_id"]]
        assert applicant["reason_code"] in CASE_KIND
        assert case["kind"] == CASE_KIND[applicant["reason_code"]]
        assert applicant["state_changed_at"] <= case["opened_at"] <= now, case["id"]
        assert case["province_code"] == applicant["province_code"]
        assert case["status"] in ("open", "in_review", "approved", "rejected")
    tickets = {row["id"]: row for row in data.tables[Table.TICKETS]}
    for ticket in tickets.values():
        applicant = applicants[ticket["applicant_id"]]
        assert Category.from_code(ticket["category"]) is not Category.UNKNOWN
        assert Channel.from_code(ticket["channel"]) is not Channel.UNKNOWN
        assert Priority.from_code(ticket["priority"]) is not Priority.UNKNOWN
        status = Status.from_code(ticket["status"])
        assert status is not Status.UNKNOWN
        assert applicant["state_changed_at"] <= ticket["created_at"] <= ticket["updated_at"] <= now
        assert ticket["created_at"] <= ticket["first_response_due"] <= ticket["resolution_due"]
        assert ticket["created_by"] in agents
        assert ticket["assignee"] is None or ticket["assignee"] in agents
        assert (ticket["first_responded_at"] is None) == (status is Status.NEW), ticket["id"]
        assert (ticket["resolved_at"] is not None) == (status in (Status.RESOLVED, Status.CLOSED))
        assert ticket["province_code"] == applicant["province_code"]
        if ticket["verification_case_id"] is not None:
            assert cases[ticket["verification_case_id"]]["applicant_id"] == ticket["applicant_id"]
    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in data.tables[Table.TICKET_EVENTS]:
        events[event["ticket_id"]].append(event)
    for ticket_id, history in events.items():
        ticket = tickets[ticket_id]
        times = [event["at"] for event in history]
        assert times == sorted(times)
        assert ticket["created_at"] <= times[0]
        assert times[-1] == ticket["updated_at"]
        statuses = [
            json.loads(event["data"])["to"] for event in history if event["kind"] == "status"
        ]
        assert statuses[-1] == ticket["status"], ticket_id
    for note in data.tables[Table.NOTES]:
        assert note["applicant_id"] in applicants
        assert note["at"] <= now
        assert note["author"] in agents


def check_all(data: DataSet) -> None:
    check_ids(data)
    check_counts(data)
    check_times(data)
    check_states(data)
    check_identity(data)
    check_registry(data)
    check_waves(data)
    check_support(data)
