"""Assemble the central's ASGI application from a config and a prepared database."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp

from prakerja_console.central.api import applicants, health, mutations, sessions, sync
from prakerja_console.central.config import CentralConfig
from prakerja_console.central.database import Database
from prakerja_console.central.errors import install_error_handlers
from prakerja_console.central.faults import FaultInjector
from prakerja_console.central.login_limit import LoginLimiter
from prakerja_console.central.mutations import HANDLERS, Handlers
from prakerja_console.central.runtime import Runtime
from prakerja_console.sync.protocol import API_PREFIX, PROTOCOL_VERSION


def create_app(config: CentralConfig, db: Database, handlers: Handlers = HANDLERS) -> FastAPI:
    """The FastAPI app (routes, error bodies, OpenAPI at ``/openapi.json``)."""
    app = FastAPI(
        title="Prakerja reference central",
        version=f"protocol {PROTOCOL_VERSION}",
        description="The reference implementation of the central API the console syncs with.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = Runtime(config, db, handlers, LoginLimiter(config.login_limits))
    install_error_handlers(app)
    for router in (
        health.router,
        sessions.router,
        sync.router,
        applicants.router,
        mutations.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    return app


def asgi_app(config: CentralConfig, db: Database, handlers: Handlers = HANDLERS) -> ASGIApp:
    """What the server runs: the app, wrapped in fault injection when faults are on."""
    app = create_app(config, db, handlers)
    return FaultInjector(app, config.faults) if config.faults.active else app
