"""``POST /v1/auth/token`` and ``POST /v1/auth/refresh``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from prakerja_console.central import auth
from prakerja_console.central.api.deps import ERRORS, RuntimeDep
from prakerja_console.sync.protocol import RefreshRequest, Session, TokenRequest

router = APIRouter(prefix="/auth", tags=["auth"], responses=ERRORS)


@router.post("/token")
def token(request: TokenRequest, central: RuntimeDep, http: Request) -> Session:
    """Log in with a password; the session says the role and scope the central grants.

    Repeated failures for a username or from an address are answered 429 for a while.
    """
    address = http.client.host if http.client is not None else "unknown"
    return auth.login(
        central.db, request, central.now(), central.lifetimes, central.logins, address
    )


@router.post("/refresh")
def refresh(request: RefreshRequest, central: RuntimeDep) -> Session:
    """A new token pair for a refresh token, which is spent (rotation)."""
    return auth.refresh(central.db, request, central.now(), central.lifetimes)
