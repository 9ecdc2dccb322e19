"""Scope and role come from the token: refusals by province and by role."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.api import deps
from prakerja_console.central.mutations import registry_of
from prakerja_console.central.mutations.base import MutationHandler
from prakerja_console.central.records import Record
from prakerja_console.central.runner import CentralServer
from prakerja_console.domain.roles import Permission, Role, allowed
from prakerja_console.sync.protocol import (
    ApplicantData,
    ApplicantRef,
    ErrorCode,
    MutationType,
    Table,
)
from tests.central import dataset
from tests.central.helpers import apply, error_of, mutation, note
from tests.support.central import ManualClock, StartCentral, bearer, login


def test_an_officer_reads_applicants_of_their_province_only(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "dewi.jabar")
    own = http.get(f"/applicants/{dataset.JABAR_UNVERIFIED}", headers=bearer(session))
    assert ApplicantData.model_validate_json(own.content).province_code == "32"
    for other in (dataset.JATIM_UNVERIFIED, dataset.NO_PROVINCE):
        response = http.get(f"/applicants/{other}", headers=bearer(session))
        assert response.status_code == 403
        assert error_of(response).error.code == "forbidden"


def test_a_nationwide_agent_reads_any_applicant_and_404s_on_missing_ones(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    found = http.get(f"/applicants/{dataset.NO_PROVINCE}", headers=bearer(session))
    assert ApplicantData.model_validate_json(found.content).province_code is None
    missing = http.get("/applicants/999", headers=bearer(session))
    assert missing.status_code == 404
    assert error_of(missing).error.code == "not_found"


def test_an_officer_of_jabar_cannot_touch_jatim(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "dewi.jabar")
    response = apply(
        http, session, note(1, dataset.JATIM_UNVERIFIED), note(2, dataset.JABAR_UNVERIFIED)
    )
    refused, allowed = response.results
    assert (refused.status, refused.reason_code) == ("rejected", "out_of_scope")
    assert refused.message
    assert allowed.status == "applied"


def test_a_role_without_the_permission_is_refused(tiny: CentralServer, http: httpx.Client) -> None:
    # Resending the verification e-mail is call-centre work, not a regional officer's.
    session = login(tiny.url, "dewi.jabar")
    resend = mutation(
        1, MutationType.RESEND_VERIFICATION_EMAIL, {"applicant_id": dataset.JABAR_UNVERIFIED}
    )
    (result,) = apply(http, session, resend).results
    assert (result.status, result.reason_code) == ("rejected", "forbidden")


def _assign_to_other(_ctx: object, _payload: ApplicantRef, applicant: Record) -> Record:
    return applicant


# A stand-in for a supervisor's action (assigning work to others), registered
# only in this test: the role check is the processor's, whatever the handler.
SUPERVISOR_ONLY = MutationHandler(
    mutation_type=MutationType.TICKET_ASSIGN,
    permission=Permission.ASSIGN_TICKETS_TO_OTHERS,
    payload=ApplicantRef,
    commutative=True,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_assign_to_other,
)


def test_an_agent_cannot_do_a_supervisors_action(
    start_central: StartCentral, clock: ManualClock
) -> None:
    server = start_central(
        data=dataset.batches, clock=clock, handlers=registry_of([SUPERVISOR_ONLY])
    )
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        action = mutation(1, MutationType.TICKET_ASSIGN, {"applicant_id": dataset.JABAR_UNVERIFIED})
        (agent,) = apply(http, login(server.url, "siti.agent"), action).results
        assert (agent.status, agent.reason_code) == ("rejected", "forbidden")
        supervisor = login(server.url, "budi.supervisor", device_id="supervisor-device")
        response = http.post(
            "/mutations",
            json={
                "device_id": "supervisor-device",
                "mutations": [action.model_dump(mode="json") | {"id": "b" * 32}],
            },
            headers=bearer(supervisor),
        )
        assert response.json()["results"][0]["status"] == "applied"


def test_a_role_that_may_not_read_applicants_gets_no_read_endpoint(
    tiny: CentralServer, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every role may read today, so the grant is taken away here (the server is in-process)."""
    session = login(tiny.url, "siti.agent")
    cursor = http.post("/snapshot", headers=bearer(session)).json()["cursor"]

    def without_reading(role: Role, permission: Permission) -> bool:
        return permission is not Permission.VIEW_APPLICANT and allowed(role, permission)

    monkeypatch.setattr(deps, "allowed", without_reading)
    reads = [
        http.get(f"/applicants/{dataset.JABAR_UNVERIFIED}", headers=bearer(session)),
        http.post("/snapshot", headers=bearer(session)),
        http.get("/snapshot/applicants", headers=bearer(session)),
        http.get("/changes", params={"since": cursor}, headers=bearer(session)),
        http.get("/checksum", headers=bearer(session)),
    ]
    assert [(r.status_code, error_of(r).error.code) for r in reads] == [
        (403, ErrorCode.FORBIDDEN)
    ] * 5
    # Writing is gated per action, as before; logging in is not a read.
    (result,) = apply(http, session, note(1, dataset.JABAR_UNVERIFIED)).results
    assert result.status == "applied"
    assert login(tiny.url, "dewi.jabar").role == "officer"
