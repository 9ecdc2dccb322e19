"""Mutations: applied, duplicate (by id and by seq), gaps, conflicts, rejections."""

from __future__ import annotations

import httpx

from prakerja_console.central.runner import CentralServer
from prakerja_console.domain.action_text import (
    NOTE_MAX_LENGTH,
    REVEAL_REASON_MAX_LENGTH,
    check_reveal_reason,
)
from prakerja_console.sync.protocol import (
    ApplicantData,
    Mutation,
    MutationType,
    Table,
    columns_of,
)
from tests.central import dataset
from tests.central.helpers import apply, error_of, mutation, note, send
from tests.support.central import bearer, login


def test_applied_mutations_answer_with_the_record_they_created(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    response = apply(http, session, note(1, dataset.JABAR_UNVERIFIED, "Sudah ditelepon"))
    (result,) = response.results
    assert (result.status, result.entity_id, result.entity_version) == ("applied", 2, 1)
    assert response.device_seq == 1


def test_a_resent_batch_is_answered_duplicate_with_the_stored_results(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    batch = [
        note(1, dataset.JABAR_UNVERIFIED),
        mutation(
            2, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": dataset.JATIM_VERIFIED}
        ),
    ]
    first = apply(http, session, *batch)
    again = apply(http, session, *batch)
    assert [r.status for r in first.results] == ["applied", "rejected"]
    assert [r.status for r in again.results] == ["duplicate", "duplicate"]
    assert [r.original_status for r in again.results] == ["applied", "rejected"]
    assert again.results[0].entity_id == first.results[0].entity_id
    assert again.results[1].reason_code == first.results[1].reason_code
    assert again.device_seq == 2
    notes = http.get("/snapshot/notes", headers=bearer(session)).json()["data"]["rows"]
    assert len(notes) == 2  # the seeded one and ours, once


def test_a_known_id_is_a_duplicate_whatever_its_seq(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    first = note(1, dataset.JABAR_UNVERIFIED)
    apply(http, session, first)
    renumbered = first.model_copy(update={"seq": 2})
    (result,) = apply(http, session, renumbered).results
    assert (result.status, result.original_status) == ("duplicate", "applied")
    # The seq it came with is consumed, so the device's sequence stays dense.
    assert apply(http, session, note(3, dataset.JABAR_UNVERIFIED)).results[0].status == "applied"


def test_an_old_seq_with_a_new_id_is_refused_as_reused(
    tiny: CentralServer, http: httpx.Client
) -> None:
    """A restored mirror numbers new actions again; taking them for duplicates would lose them."""
    session = login(tiny.url, "siti.agent")
    apply(http, session, note(1, dataset.JABAR_UNVERIFIED), note(2, dataset.JABAR_UNVERIFIED))
    response = send(http, session, note(1, dataset.JABAR_UNVERIFIED, "lain"))
    assert response.status_code == 409
    error = error_of(response).error
    assert error.code == "sequence_reused"
    assert error.detail["expected_seq"] == 3
    (renumbered,) = apply(http, session, note(3, dataset.JABAR_UNVERIFIED, "lain")).results
    assert renumbered.status == "applied"


def test_a_seq_gap_stops_the_batch_with_the_expected_seq(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    response = send(
        http,
        session,
        note(1, dataset.JABAR_UNVERIFIED),
        note(3, dataset.JABAR_UNVERIFIED),
        note(4, dataset.JABAR_UNVERIFIED),
    )
    assert response.status_code == 409
    error = error_of(response).error
    assert error.code == "sequence_gap"
    assert error.detail["expected_seq"] == 2
    assert [r["status"] for r in error.detail["results"]] == ["applied"]
    # Nothing after the gap was applied; resending from seq 2 goes on normally.
    resumed = apply(
        http, session, note(2, dataset.JABAR_UNVERIFIED), note(3, dataset.JABAR_UNVERIFIED)
    )
    assert [r.status for r in resumed.results] == ["applied", "applied"]


def test_sequences_are_per_device(tiny: CentralServer, http: httpx.Client) -> None:
    laptop = login(tiny.url, "siti.agent", device_id="laptop-0000001")
    desktop = login(tiny.url, "siti.agent", device_id="desktop-000001")
    one = mutation(1, MutationType.ADD_NOTE, {"applicant_id": 1, "body": "a"})
    other = mutation(1, MutationType.ADD_NOTE, {"applicant_id": 1, "body": "b"})
    assert (
        send(http, laptop, one, device_id="laptop-0000001").json()["results"][0]["status"]
        == "applied"
    )
    assert (
        send(http, desktop, other, device_id="desktop-000001").json()["results"][0]["status"]
        == "applied"
    )


def test_a_batch_for_another_device_is_forbidden(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "siti.agent")
    response = send(http, session, note(1, 1), device_id="someone-elses-device")
    assert response.status_code == 403
    assert error_of(response).error.code == "forbidden"


def test_a_stale_base_version_conflicts_and_returns_the_current_row(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    applicant = dataset.JABAR_NIK_MISMATCH
    first = mutation(
        1,
        MutationType.REQUEST_REVERIFICATION,
        {"applicant_id": applicant, "registry": "dukcapil"},
        base_version=1,
    )
    assert apply(http, session, first).results[0].status == "applied"  # applicant now at v2
    stale = mutation(
        2,
        MutationType.REQUEST_REVERIFICATION,
        {"applicant_id": applicant, "registry": "dtks"},
        base_version=1,
    )
    (result,) = apply(http, session, stale).results
    assert (result.status, result.reason_code) == ("conflict", "stale_base_version")
    assert result.entity_id == applicant
    assert result.entity_version == 2
    assert result.current is not None
    assert set(result.current) == set(columns_of(Table.APPLICANTS))
    current = ApplicantData.model_validate(result.current)
    assert (current.reason_code, current.version) == ("nik_pending", 2)
    checks = http.get("/snapshot/registry_checks", headers=bearer(session)).json()["data"]["rows"]
    assert all(check[2] != "dtks" for check in checks)  # the conflicting request did nothing


def test_a_commutative_mutation_ignores_the_base_version(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    stale_note = mutation(
        1, MutationType.ADD_NOTE, {"applicant_id": 1, "body": "tetap"}, base_version=0
    )
    assert apply(http, session, stale_note).results[0].status == "applied"


def test_rejections_carry_a_reason_and_do_not_block_what_follows(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    response = apply(
        http,
        session,
        mutation(
            1, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": dataset.JABAR_VERIFIED}
        ),
        mutation(
            2, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": dataset.JABAR_UNVERIFIED}
        ),
        mutation(3, MutationType.REQUEST_REVERIFICATION, {"applicant_id": dataset.JABAR_VERIFIED}),
        mutation(4, MutationType.REQUEST_REVERIFICATION, {"applicant_id": dataset.NO_PROVINCE}),
        mutation(5, MutationType.ADD_NOTE, {"applicant_id": 999, "body": "x"}),
        mutation(6, MutationType.ADD_NOTE, {"applicant_id": 1}),
        mutation(7, "ticket.fly_to_the_moon", {}),
        mutation(
            8,
            MutationType.REVEAL_PII,
            {"table": "applicants", "record_id": 1, "field": "name", "reason": "ingin tahu"},
        ),
        mutation(
            9,
            MutationType.REVEAL_PII,
            {"table": "applicants", "record_id": 1, "field": "nik", "reason": "   "},
        ),
        mutation(
            10,
            MutationType.REVEAL_PII,
            {"table": "applicants", "record_id": 1, "field": "nik", "reason": "verifikasi"},
        ),
        mutation(
            11, MutationType.ADD_NOTE, {"applicant_id": dataset.JABAR_UNVERIFIED, "body": " \n"}
        ),
    )
    outcomes = [(r.seq, r.status, r.reason_code) for r in response.results]
    assert outcomes == [
        (1, "rejected", "email_already_verified"),
        (2, "applied", None),
        (3, "rejected", "nik_already_verified"),
        (4, "rejected", "nik_not_submitted"),
        (5, "rejected", "not_found"),
        (6, "rejected", "invalid_payload"),
        (7, "rejected", "unknown_mutation_type"),
        (8, "rejected", "not_pii"),
        (9, "rejected", "reason_required"),
        (10, "applied", None),
        (11, "rejected", "empty_body"),
    ]
    assert all(r.message for r in response.results if r.status == "rejected")
    assert response.device_seq == 11


def test_a_pending_reverification_is_not_requested_twice(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    ask = {"applicant_id": dataset.JABAR_NIK_MISMATCH}
    response = apply(
        http,
        session,
        mutation(1, MutationType.REQUEST_REVERIFICATION, ask),
        mutation(2, MutationType.REQUEST_REVERIFICATION, ask),
    )
    assert [(r.status, r.reason_code) for r in response.results] == [
        ("applied", None),
        ("rejected", "already_pending"),
    ]


def test_revealing_pii_writes_an_audit_record_with_the_reason(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "dewi.jabar")
    reveal = mutation(
        1,
        MutationType.REVEAL_PII,
        {"table": "applicants", "record_id": 1, "field": "nik", "reason": "Verifikasi telepon"},
    )
    (result,) = apply(http, session, reveal).results
    rows = http.get("/snapshot/audit_log", headers=bearer(session)).json()["data"]["rows"]
    audit = dict(zip(columns_of(Table.AUDIT_LOG), rows[-1], strict=True))
    assert audit["id"] == result.entity_id
    assert (audit["actor"], audit["action"], audit["entity"], audit["entity_id"]) == (
        "dewi.jabar",
        "reveal_pii",
        "applicants",
        1,
    )
    assert (audit["field"], audit["reason"], audit["at"]) == (
        "nik",
        "Verifikasi telepon",
        dataset.NOW,
    )


def test_an_empty_batch_reports_the_devices_seq(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "siti.agent")
    apply(http, session, note(1, 1), note(2, 1))
    assert apply(http, session).device_seq == 2


def test_a_nik_check_is_refused_where_the_funnel_does_not_allow_one(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    early = mutation(
        1, MutationType.REQUEST_REVERIFICATION, {"applicant_id": dataset.JABAR_UNVERIFIED}
    )
    (result,) = apply(http, session, early).results
    assert (result.status, result.reason_code) == ("rejected", "not_at_this_stage")
    assert result.message


def test_notes_and_reveal_reasons_follow_the_consoles_rule(
    tiny: CentralServer, http: httpx.Client
) -> None:
    """Another client than the console meets the same rule, with the rule's reason codes."""
    session = login(tiny.url, "siti.agent")

    def reveal(seq: int, reason: str) -> Mutation:
        payload = {"table": "applicants", "record_id": 1, "field": "nik", "reason": reason}
        return mutation(seq, MutationType.REVEAL_PII, payload)

    response = apply(
        http,
        session,
        reveal(1, "cek KTP"),
        reveal(2, " " * 12),
        reveal(3, "  verifikasi  "),
        reveal(4, "x" * (REVEAL_REASON_MAX_LENGTH + 1)),
        note(5, dataset.JABAR_UNVERIFIED, "x" * NOTE_MAX_LENGTH),
        note(6, dataset.JABAR_UNVERIFIED, "x" * (NOTE_MAX_LENGTH + 1)),
    )
    outcomes = [(r.seq, r.status, r.reason_code) for r in response.results]
    assert outcomes == [
        (1, "rejected", "reason_too_short"),
        (2, "rejected", "reason_required"),
        (3, "applied", None),
        (4, "rejected", "invalid_payload"),  # over the wire's cap, which is the rule's maximum
        (5, "applied", None),
        (6, "rejected", "invalid_payload"),
    ]
    refusal = check_reveal_reason("cek KTP")
    assert refusal is not None
    assert response.results[0].message == refusal.message.render()
