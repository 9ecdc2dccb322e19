"""Small HTTP helpers the central's tests share."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from prakerja_console.sync.protocol import (
    ChangesPage,
    ErrorBody,
    Mutation,
    MutationBatch,
    MutationResponse,
    MutationType,
    Session,
    SnapshotPage,
    SnapshotStart,
)
from tests.central import dataset
from tests.support.central import DEFAULT_DEVICE, bearer


def error_of(response: httpx.Response) -> ErrorBody:
    return ErrorBody.model_validate_json(response.content)


def mutation(
    seq: int,
    kind: MutationType | str,
    payload: dict[str, Any],
    *,
    base_version: int | None = None,
    mutation_id: str | None = None,
) -> Mutation:
    return Mutation(
        id=mutation_id or str(uuid.uuid4()),
        seq=seq,
        type=str(kind),
        base_version=base_version,
        payload=payload,
        created_at=dataset.NOW,
    )


def note(seq: int, applicant_id: int, body: str = "Sudah ditelepon") -> Mutation:
    return mutation(seq, MutationType.ADD_NOTE, {"applicant_id": applicant_id, "body": body})


def send(
    http: httpx.Client, session: Session, *mutations: Mutation, device_id: str = DEFAULT_DEVICE
) -> httpx.Response:
    batch = MutationBatch(device_id=device_id, mutations=list(mutations))
    return http.post("/mutations", json=batch.model_dump(mode="json"), headers=bearer(session))


def apply(http: httpx.Client, session: Session, *mutations: Mutation) -> MutationResponse:
    response = send(http, session, *mutations)
    assert response.status_code == 200, response.text
    return MutationResponse.model_validate_json(response.content)


def snapshot_start(http: httpx.Client, session: Session) -> SnapshotStart:
    response = http.post("/snapshot", headers=bearer(session))
    assert response.status_code == 200, response.text
    return SnapshotStart.model_validate_json(response.content)


def snapshot_rows(
    http: httpx.Client, session: Session, table: str, limit: int = 10_000
) -> list[list[Any]]:
    """Every row of ``table`` the session sees, paging until ``next_after`` is None."""
    rows: list[list[Any]] = []
    after = 0
    while True:
        response = http.get(
            f"/snapshot/{table}", params={"after": after, "limit": limit}, headers=bearer(session)
        )
        assert response.status_code == 200, response.text
        page = SnapshotPage.model_validate_json(response.content)
        rows.extend(page.data.rows)
        if page.next_after is None:
            return rows
        after = page.next_after


def changes(http: httpx.Client, session: Session, since: str, limit: int = 1_000) -> httpx.Response:
    return http.get("/changes", params={"since": since, "limit": limit}, headers=bearer(session))


def changes_page(
    http: httpx.Client, session: Session, since: str, limit: int = 1_000
) -> ChangesPage:
    response = changes(http, session, since, limit)
    assert response.status_code == 200, response.text
    return ChangesPage.model_validate_json(response.content)


def ids_of(page: ChangesPage, table: str) -> list[int]:
    rows = page.upserts.get(table)
    return [] if rows is None else [row[0] for row in rows.rows]


def row_dict(page: ChangesPage, table: str, record_id: int) -> dict[str, Any]:
    rows = page.upserts[table]
    found = [row for row in rows.rows if row[0] == record_id]
    assert len(found) == 1, f"{table} {record_id} appears {len(found)} times"
    return dict(zip(rows.columns, found[0], strict=True))
