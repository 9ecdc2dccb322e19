"""``GET /v1/applicants/{id}``: one applicant's current row, within the caller's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from prakerja_console.central import records
from prakerja_console.central.api.deps import ERRORS, READERS_ONLY, PrincipalDep, RuntimeDep
from prakerja_console.central.errors import ApiError
from prakerja_console.central.scope import may_see
from prakerja_console.sync.protocol import ApplicantData, ErrorCode, Table

router = APIRouter(tags=["applicants"], responses=ERRORS, dependencies=READERS_ONLY)


@router.get("/applicants/{applicant_id}")
def applicant(
    applicant_id: Annotated[int, Path(ge=1)], central: RuntimeDep, caller: PrincipalDep
) -> ApplicantData:
    with central.db.read() as tx:
        found = records.load(tx, Table.APPLICANTS, applicant_id)
    if found is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no applicant {applicant_id}")
    if not may_see(caller.scope, found.scope):
        raise ApiError(403, ErrorCode.FORBIDDEN, "this applicant is outside your scope")
    return ApplicantData.model_validate(found.values)
