"""Bad answers from the central: a clear problem, the last good cursor kept, nothing lost.

The central is real; a misbehaving HTTP server on 127.0.0.1 stands between it and
the engine and spoils chosen answers (:mod:`tests.sync.misbehaving`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.protocol import Table, columns_of
from tests.sync.keyrings import MemoryKeyring
from tests.sync.misbehaving import Answer, MisbehavingProxy
from tests.sync.support import (
    converged,
    cursor_of,
    engine_for,
    note,
    outbox_rows,
    touch_applicant,
)


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[MisbehavingProxy]:
    started = MisbehavingProxy(central.url).start()
    yield started
    started.stop()


def _name_as_number(status: int, body: bytes) -> Answer:
    page = orjson.loads(body)
    rows = page["upserts"]["applicants"]
    rows["rows"][0][columns_of(Table.APPLICANTS).index("name")] = 12345
    return Answer(status, orjson.dumps(page))


def _row_not_an_array(status: int, body: bytes) -> Answer:
    page = orjson.loads(body)
    page["upserts"]["applicants"]["rows"][1] = "Budi"
    return Answer(status, orjson.dumps(page))


def _unknown_column(status: int, body: bytes) -> Answer:
    page = orjson.loads(body)
    page["upserts"]["applicants"]["columns"][1] = "nama"
    return Answer(status, orjson.dumps(page))


BAD_CHANGE_PAGES: dict[str, tuple[Any, str]] = {
    "malformed json": ("malformed json", "not valid JSON"),
    "truncated json": ("truncated json", "not valid JSON"),
    "unknown field": ("unknown field", "surprise: Extra inputs are not permitted"),
    "wrong type": ("wrong type", "has_more: Input should be a valid boolean"),
    "html error page": ("html error page", "failed (HTTP 500)"),
    "plain 502": ("plain 502", "failed (HTTP 502)"),
    "html with 200": ("html with 200", "not valid JSON"),
    "cut connection": ("cut connection", "Cannot reach the central"),
    "wrong cell type": (_name_as_number, "column name must be text, got 12345"),
    "row not an array": (_row_not_an_array, "upserts.applicants.rows.1: expected an array"),
    "unknown column": (_unknown_column, "unknown: 'nama'"),
}


def _synced(proxy: MisbehavingProxy, mirror: Path) -> SyncEngine:
    engine = engine_for(proxy.url, mirror, MemoryKeyring())
    assert engine.sync_once().ok
    return engine


@pytest.mark.parametrize("kind", list(BAD_CHANGE_PAGES))
def test_a_bad_change_page_is_reported_and_changes_nothing(
    kind: str, central: CentralServer, proxy: MisbehavingProxy, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = _synced(proxy, mirror)
    for applicant in (3, 5, 8):
        touch_applicant(central, applicant, "ojek daring")
    queued = note(mirror, 3, "tetap di antrean")
    cursor, checksums = cursor_of(mirror), engine.local_checksums()
    spoiler, expected = BAD_CHANGE_PAGES[kind]
    proxy.spoil("GET", "/v1/changes", spoiler)

    report = engine.sync_once()
    assert report.problem is not None
    assert expected in report.problem.render()
    assert proxy.spoiled >= 1
    assert cursor_of(mirror) == cursor
    assert engine.local_checksums() == checksums
    assert [row[:3] for row in outbox_rows(mirror)] == [(queued.id, 1, "applied")]

    proxy.heal()
    assert engine.sync_once().ok
    assert converged(engine)
    engine.close()


@pytest.mark.parametrize("kind", ["malformed json", "unknown field", "html error page"])
def test_a_bad_snapshot_page_stops_the_load_which_resumes_once_healed(
    kind: str, proxy: MisbehavingProxy, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = engine_for(proxy.url, mirror, MemoryKeyring())
    queued = note(mirror, 1, "sebelum muat pertama")
    proxy.spoil("GET", "/v1/snapshot/registry_checks", kind)

    report = engine.sync_once()
    assert report.problem is not None
    assert (
        "/snapshot/registry_checks" in report.problem.render()
        or "HTTP 500" in report.problem.render()
    )
    assert report.cursor is None  # nothing swapped in
    assert report.pulled > 0  # the tables before it were loaded and are kept
    assert [row[:3] for row in outbox_rows(mirror)] == [(queued.id, 1, "applied")]

    proxy.heal()
    resumed = engine.sync_once()
    assert resumed.ok, resumed.problem
    assert resumed.snapshot_reason == "resumed"
    assert converged(engine)
    engine.close()


def test_an_answer_to_a_push_that_names_other_actions_records_nothing(
    proxy: MisbehavingProxy, tmp_path: Path
) -> None:
    mirror = tmp_path / "m.db"
    engine = _synced(proxy, mirror)
    queued = note(mirror, 1, "jawaban aneh")

    def other_action(status: int, body: bytes) -> Answer:
        answer = orjson.loads(body)
        answer["results"][0]["id"] = "00000000-0000-0000-0000-000000000000"
        return Answer(status, orjson.dumps(answer))

    proxy.spoil("POST", "/v1/mutations", other_action)
    report = engine.sync_once()
    assert report.problem is not None
    assert "answer 0 is for another action" in report.problem.render()
    assert [row[:3] for row in outbox_rows(mirror)] == [(queued.id, 1, "pending")]
    proxy.heal()
    again = engine.sync_once()
    assert again.ok
    assert again.pushed == {"duplicate": 1}  # the central had applied it; it is not applied again
    assert [row[2] for row in outbox_rows(mirror)] == ["duplicate"]
    engine.close()
