"""``GET /v1/health``: alive, which protocol, which data epoch. No auth, never faulted."""

from __future__ import annotations

from fastapi import APIRouter

from prakerja_console.central.api.deps import RuntimeDep
from prakerja_console.sync.protocol import PROTOCOL_VERSION, Health

router = APIRouter(tags=["health"])


@router.get("/health")
def health(central: RuntimeDep) -> Health:
    with central.db.read() as tx:
        epoch = tx.meta("epoch") or ""
    return Health(
        status="ok", protocol_version=PROTOCOL_VERSION, epoch=epoch, server_time=central.now()
    )
