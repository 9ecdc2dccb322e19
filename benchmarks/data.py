"""The data every benchmark shares: built once per scenario, scale and code version.

Per scale (``context.applicants``) and seed, under ``benchmarks/.cache/<applicants>/``:

* **central** — a reference central's SQLite database seeded from the generator's
  full-lifecycle scenario (``scenario_for_count``: every table, the funnel of the
  programme's first year);
* **mirror** — a console's mirror after a real first sync from that central (a
  ``prakerja-console central serve`` child process on 127.0.0.1, the sync engine,
  the checksums compared at the end);
* **derived** mirrors a module asks for (``bench_tickets``: the mirror topped up to
  200,000 tickets), built from a copy of the mirror.

A file's name carries a digest of the sources that shape it (:data:`CENTRAL_SOURCES`,
then :data:`MIRROR_SOURCES`), so changing the generator, a schema or the protocol
rebuilds what depends on it and nothing else; older versions at the same scale are
deleted when a new one is built. Builds take a lock (several runs may share the
cache), happen under a temporary name and are renamed when complete, so a
half-built file is never used. Each file has a ``.json`` beside it saying how it
was built.

The cached files are read-only for everyone: whatever writes (a central logs a
device in, a pull) works on :func:`copy_of` them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend

from benchmarks.context import BenchContext
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.runner import CentralProcess
from prakerja_console.central.seeding import seed
from prakerja_console.central.sources import count_data
from prakerja_console.central.users import DEFAULT_USERS_FILE, load_accounts
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.state import update_state
from prakerja_console.sync.account import log_in
from prakerja_console.sync.rounds import EngineSettings
from prakerja_console.sync.verify import compare
from prakerja_console.sync.wiring import open_engine

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "lifecycle"  # scenario_for_count: the shipped proportions at any size
DATA_VERSION = 1  # bump when this module changes what it builds
CENTRAL_SOURCES = (
    "prakerja_console/central/generator",
    "prakerja_console/central/tables.py",
    "prakerja_console/central/seeding.py",
    "prakerja_console/central/database.py",
    "prakerja_console/central/records.py",
    "prakerja_console/central/scope.py",
    "prakerja_console/sync/protocol.py",
    "fixtures/users.toml",
)
MIRROR_SOURCES = (
    "prakerja_console/store/models.py",
    "prakerja_console/store/schema.py",
    "prakerja_console/store/ticket_schema.py",
    "prakerja_console/store/summary.py",
    "prakerja_console/store/snapshot.py",
    "prakerja_console/store/migrations.py",
)
AGENT, PASSWORD = "siti.agent", "siti-demo-2020"  # nationwide: every row is in scope
SNAPSHOT_PAGE = 25_000
CHANGES_PAGE = 5_000


class MemoryKeyring(KeyringBackend):
    """A benchmark's session lives in memory: there is no OS keyring on a build machine."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


# -- keys and cache files ---------------------------------------------------------------


def _digest(paths: tuple[str, ...], salt: str) -> str:
    """A digest of every file under ``paths`` (sorted), salted with what it builds on."""
    digest = hashlib.sha256(salt.encode())
    for name in paths:
        root = ROOT / name
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def central_key(context: BenchContext) -> str:
    return _digest(
        CENTRAL_SOURCES, f"{DATA_VERSION}/{SCENARIO}/{context.applicants}/{context.seed}"
    )


def mirror_key(context: BenchContext) -> str:
    return _digest(MIRROR_SOURCES, central_key(context))


def _stem(context: BenchContext) -> str:
    return f"{SCENARIO}-s{context.seed}"


def facts(path: Path) -> dict[str, Any]:
    """How a cached file was built (seconds, rows …), as written beside it."""
    loaded: dict[str, Any] = json.loads(path.with_suffix(".json").read_text())
    return loaded


@contextmanager
def _building(context: BenchContext) -> Iterator[None]:
    """One builder per scale at a time, across processes."""
    lock = context.cache_path(".lock")
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cached(
    context: BenchContext, name: str, build: Callable[[Path, Path], dict[str, Any]]
) -> Path:
    """The cached file ``name``, built by ``build(target, scratch_folder)`` when missing."""
    path = context.cache_path(name)
    if path.exists() and path.with_suffix(".json").exists():
        return path
    with _building(context):
        if path.exists() and path.with_suffix(".json").exists():
            return path  # another run built it while this one waited
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=path.parent))
        try:
            target = scratch / name
            began = time.perf_counter()
            built = build(target, scratch)
            for suffix in ("-wal", "-journal"):
                leftover = Path(f"{target}{suffix}")
                if leftover.exists() and leftover.stat().st_size:
                    raise RuntimeError(f"{target} was left with a non-empty {suffix} file")
            built |= {"build_seconds": time.perf_counter() - began, "built_at": time.time()}
            target.replace(path)
            path.with_suffix(".json").write_text(json.dumps(built, indent=2) + "\n")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        _prune(context)
    return path


def _prune(context: BenchContext) -> None:
    """Delete this scale's files of other code versions (each may be gigabytes)."""
    keep = (central_key(context), mirror_key(context))
    for path in context.cache_path(".lock").parent.glob(f"{SCENARIO}-*"):
        if not any(key in path.name for key in keep):
            path.unlink()


def copy_of(source: Path, target: Path) -> Path:
    """A private, writable copy of a cached database (which has no WAL to carry)."""
    shutil.copyfile(source, target)
    return target


# -- the central ----------------------------------------------------------------------------


def central(context: BenchContext) -> Path:
    """The seeded central database of this scale (read-only: copy it to serve it)."""
    return _cached(
        context, f"{_stem(context)}-central-{central_key(context)}.sqlite", _seed(context)
    )


def _seed(context: BenchContext) -> Callable[[Path, Path], dict[str, Any]]:
    def build(target: Path, _scratch: Path) -> dict[str, Any]:
        began = time.perf_counter()
        db = Database(sqlite_url(target))
        seed(
            db,
            load_accounts(DEFAULT_USERS_FILE),
            count_data(context.applicants, context.seed).batches(),
            int(time.time()),
        )
        db.close()  # the last connection checkpoints and removes the WAL
        return {"applicants": context.applicants, "seed_seconds": time.perf_counter() - began}

    return build


# -- the mirror -----------------------------------------------------------------------------


def mirror(context: BenchContext) -> Path:
    """A mirror first-synced from :func:`central` (read-only: copy it to sync it)."""
    source = central(context)  # before the lock: a build never waits for itself
    name = f"{_stem(context)}-mirror-{mirror_key(context)}.sqlite"
    return _cached(context, name, _first_sync(context, source))


def _first_sync(context: BenchContext, source: Path) -> Callable[[Path, Path], dict[str, Any]]:
    def build(target: Path, scratch: Path) -> dict[str, Any]:
        served = copy_of(source, scratch / "central.sqlite")
        with CentralProcess(served, log_path=scratch / "central.log") as process:
            seconds, pulled = first_sync(target, process.url, MemoryKeyring())
        return {"applicants": context.applicants, "rows": pulled, "first_sync_seconds": seconds}

    return build


def engine_settings(**changes: Any) -> EngineSettings:
    """What the benchmarks sync with: the central's page sizes the console uses."""
    return EngineSettings(
        **{"snapshot_limit": SNAPSHOT_PAGE, "changes_limit": CHANGES_PAGE, **changes}
    )


def first_sync(
    mirror_path: Path,
    url: str,
    keyring: MemoryKeyring,
    on_status: Callable[[Any], None] | None = None,
) -> tuple[float, int]:
    """Log in and sync once into an empty mirror, verified; (seconds, rows pulled)."""
    log_in(mirror_path, url, AGENT, PASSWORD, backend=keyring, clock=time.time)
    engine = open_engine(mirror_path, backend=keyring, settings=engine_settings())
    try:
        began = time.perf_counter()
        report = engine.sync_once(on_status=on_status)
        seconds = time.perf_counter() - began
        if not report.ok or report.snapshot_reason is None:
            raise RuntimeError(f"the first sync failed: {report}")
        differences = compare(engine.local_checksums(), engine.central_checksum())
        if differences:
            raise RuntimeError(f"the first sync left differences: {differences}")
    finally:
        engine.close()
    return seconds, report.pulled


def rebind(mirror_path: Path, url: str, keyring: MemoryKeyring) -> None:
    """Point a *copy* of the cached mirror at a copy of its central now serving at ``url``.

    The two copies are the pair that synced together (same device, cursor and data
    epoch); only the port differs, and a mirror refuses a server it does not record.
    """
    conn = connect(mirror_path, Purpose.SYNC)
    try:
        with transaction(conn):
            update_state(conn, server=url)
    finally:
        conn.close()
    log_in(mirror_path, url, AGENT, PASSWORD, backend=keyring, clock=time.time)


# -- derived mirrors ---------------------------------------------------------------------------


def derived(
    context: BenchContext, name: str, version: int, change: Callable[[Path], dict[str, Any]]
) -> Path:
    """A copy of :func:`mirror` that ``change(path)`` adds to, cached (read-only) like it.

    Bump ``version`` when ``change`` does something else.
    """
    source = mirror(context)  # before the lock: a build never waits for itself

    def build(target: Path, _scratch: Path) -> dict[str, Any]:
        copy_of(source, target)
        return change(target)

    return _cached(
        context, f"{_stem(context)}-{name}-v{version}-{mirror_key(context)}.sqlite", build
    )
