"""``POST /v1/mutations``: a device's outbox batch, answered per mutation."""

from __future__ import annotations

from fastapi import APIRouter

from prakerja_console.central.api.deps import ERRORS, PrincipalDep, RuntimeDep
from prakerja_console.central.mutations.processor import process_batch
from prakerja_console.sync.protocol import ErrorBody, MutationBatch, MutationResponse

router = APIRouter(tags=["mutations"], responses=ERRORS)


@router.post(
    "/mutations",
    responses={409: {"model": ErrorBody, "description": "sequence gap: see detail.expected_seq"}},
)
def mutations(batch: MutationBatch, central: RuntimeDep, caller: PrincipalDep) -> MutationResponse:
    """Apply the batch in seq order: applied, duplicate, conflict or rejected, each."""
    return process_batch(central.db, caller, batch, central.now(), central.handlers)
