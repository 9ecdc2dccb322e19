"""Every failure is an ErrorBody; the OpenAPI document and health are served."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.mutations import registry_of
from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.records import Record
from prakerja_console.central.runner import CentralServer
from prakerja_console.domain.roles import Permission
from prakerja_console.sync.protocol import (
    PROTOCOL_VERSION,
    ApplicantRef,
    ErrorBody,
    Health,
    MutationType,
    Table,
)
from tests.central import dataset
from tests.central.helpers import apply, error_of, mutation, send
from tests.support.central import ManualClock, StartCentral, bearer, login


def test_health_names_the_protocol_and_data_epoch(tiny: CentralServer, http: httpx.Client) -> None:
    health = Health.model_validate_json(http.get("/health").content)
    assert (health.status, health.protocol_version, health.server_time) == (
        "ok",
        PROTOCOL_VERSION,
        dataset.NOW,
    )
    cursor = http.post("/snapshot", headers=bearer(login(tiny.url, "siti.agent"))).json()["cursor"]
    assert cursor.split(".")[1] == health.epoch


def test_openapi_describes_every_endpoint(http: httpx.Client) -> None:
    document = httpx.get(str(http.base_url).removesuffix("/v1/") + "/openapi.json").json()
    assert set(document["paths"]) >= {
        "/v1/health",
        "/v1/auth/token",
        "/v1/auth/refresh",
        "/v1/snapshot",
        "/v1/snapshot/{table}",
        "/v1/changes",
        "/v1/mutations",
        "/v1/checksum",
        "/v1/applicants/{applicant_id}",
    }
    assert "ErrorBody" in document["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "/auth/token", b"{not json", 422, "validation"),
        ("POST", "/auth/token", b'{"username": "x"}', 422, "validation"),
        ("POST", "/auth/token", b"[]", 422, "validation"),
        ("GET", "/no/such/route", None, 404, "not_found"),
        ("DELETE", "/health", None, 405, "not_found"),
    ],
)
def test_malformed_requests_get_an_error_body(
    http: httpx.Client, method: str, path: str, body: bytes | None, status: int, code: str
) -> None:
    response = http.request(
        method, path, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    error = error_of(response).error
    assert error.code == code
    assert error.message


def test_a_malformed_mutation_batch_names_the_field(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    response = http.post(
        "/mutations",
        json={"device_id": "test-device-0001", "mutations": [{"id": "short", "seq": 0}]},
        headers=bearer(session),
    )
    assert response.status_code == 422
    error = error_of(response).error
    assert error.message.startswith("body.mutations.0.")
    located = {".".join(problem["location"]) for problem in error.detail["problems"]}
    assert {"body.mutations.0.id", "body.mutations.0.seq", "body.mutations.0.type"} <= located


def _explode(_ctx: Context, _payload: ApplicantRef, _applicant: Record) -> Record:
    raise RuntimeError("the disk caught fire")


EXPLODING = MutationHandler(
    mutation_type=MutationType.ADD_NOTE,
    permission=Permission.ADD_NOTE,
    payload=ApplicantRef,
    commutative=True,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_explode,
)


def test_an_unexpected_error_is_a_500_error_body_and_consumes_no_seq(
    start_central: StartCentral,
) -> None:
    server = start_central(
        data=dataset.batches, clock=ManualClock(dataset.NOW), handlers=registry_of([EXPLODING])
    )
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        response = send(http, session, mutation(1, MutationType.ADD_NOTE, {"applicant_id": 1}))
        assert response.status_code == 500
        body = ErrorBody.model_validate_json(response.content)
        assert (body.error.code, body.error.detail) == ("internal", {"kind": "RuntimeError"})
        assert "fire" not in response.text  # no internals leak
        assert apply(http, session).device_seq == 0
