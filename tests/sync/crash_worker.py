"""One sync round in a child process, for the crash test to SIGKILL at any moment.

``python -m tests.sync.crash_worker MIRROR``: small pages and batches so that a
round is many commits long; a line on stdout before every request tells the
test how far it got, so a kill after *n* lines lands at a different point of the
pull or the push for every *n*. The session comes from the keyring that
``PYTHON_KEYRING_BACKEND`` names (a file keyring in a temporary folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.wiring import open_engine

SETTINGS = EngineSettings(snapshot_limit=300, changes_limit=40, push_batch=3, attempts=3)


class Announcing(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        print("request", request.method, request.url.path, flush=True)
        return super().handle_request(request)


def main(mirror: str) -> int:
    engine = open_engine(Path(mirror), settings=SETTINGS, interactive=False, transport=Announcing())
    print("started", flush=True)
    report = engine.sync_once()
    engine.close()
    print("done" if report.ok else f"problem {report.problem}", flush=True)
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
