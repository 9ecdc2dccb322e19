"""The change feed: compaction, scoping, paging, and cursors that must resnapshot."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import MutationType
from tests.central import dataset
from tests.central.helpers import (
    apply,
    changes,
    changes_page,
    error_of,
    ids_of,
    mutation,
    note,
    row_dict,
    snapshot_start,
)
from tests.support.central import login


def test_a_fresh_snapshot_cursor_has_no_changes(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "siti.agent")
    cursor = snapshot_start(http, session).cursor
    page = changes_page(http, session, cursor)
    assert (page.upserts, page.deletes, page.has_more) == ({}, {}, False)
    assert page.next_cursor == cursor
    assert page.since == cursor


def test_changes_carry_each_record_once_at_its_latest_version(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    cursor = snapshot_start(http, session).cursor
    applicant = dataset.JABAR_NIK_MISMATCH
    reverify = mutation(
        1, MutationType.REQUEST_REVERIFICATION, {"applicant_id": applicant, "registry": "dapodik"}
    )
    apply(http, session, reverify, note(2, applicant, "satu"), note(3, applicant, "dua"))
    twice = mutation(
        4, MutationType.REQUEST_REVERIFICATION, {"applicant_id": applicant, "registry": "dukcapil"}
    )
    apply(http, session, twice)

    page = changes_page(http, session, cursor)
    assert sorted(ids_of(page, "notes")) == [2, 3]
    # The dukcapil check (id 1) changed once; the dapodik check is new (id 3).
    assert sorted(ids_of(page, "registry_checks")) == [1, 3]
    check = row_dict(page, "registry_checks", 1)
    assert (check["result"], check["version"]) == ("pending", 2)
    assert row_dict(page, "applicants", applicant)["reason_code"] == "nik_pending"
    assert page.has_more is False
    assert changes_page(http, session, page.next_cursor).upserts == {}


def test_paging_through_changes_with_a_small_limit(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "siti.agent")
    cursor = snapshot_start(http, session).cursor
    apply(
        http,
        session,
        *(note(seq, dataset.JABAR_UNVERIFIED, f"catatan {seq}") for seq in range(1, 8)),
    )
    seen: list[int] = []
    pages = 0
    while True:
        page = changes_page(http, session, cursor, limit=3)
        pages += 1
        seen.extend(ids_of(page, "notes"))
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert seen == [2, 3, 4, 5, 6, 7, 8]
    assert pages == 3


def test_an_officer_sees_changes_of_their_province_only(
    tiny: CentralServer, http: httpx.Client
) -> None:
    agent = login(tiny.url, "siti.agent")
    officer = login(tiny.url, "dewi.jabar", device_id="officer-device")
    cursor = snapshot_start(http, officer).cursor
    apply(http, agent, note(1, dataset.JATIM_UNVERIFIED), note(2, dataset.JABAR_UNVERIFIED))
    page = changes_page(http, officer, cursor)
    (only,) = page.upserts["notes"].rows
    assert only[1] == dataset.JABAR_UNVERIFIED
    everything = changes_page(
        http, agent, snapshot_start(http, agent).cursor.rsplit(".", 1)[0] + ".0"
    )
    assert len(everything.upserts["notes"].rows) == 2


def test_the_next_cursor_never_goes_behind_the_one_sent(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    apply(http, session, note(1, dataset.JABAR_UNVERIFIED))
    cursor = snapshot_start(http, session).cursor
    page = changes_page(http, session, cursor)
    assert page.next_cursor == cursor


@pytest.mark.parametrize(
    ("transform", "reason"),
    [
        (lambda cursor: cursor.replace("v1.", "v9.", 1), "schema_changed"),
        (lambda cursor: "v1.0123456789abcdef." + cursor.split(".", 2)[2], "epoch_changed"),
        (lambda cursor: cursor.replace(".all.", ".32."), "scope_changed"),
        (lambda cursor: cursor + "x", "cursor_invalid"),
        (lambda cursor: "garbage", "cursor_invalid"),
        (lambda cursor: cursor.rsplit(".", 1)[0] + ".999999", "cursor_invalid"),
    ],
)
def test_a_cursor_that_cannot_resume_asks_for_a_new_snapshot(
    tiny: CentralServer, http: httpx.Client, transform: object, reason: str
) -> None:
    session = login(tiny.url, "siti.agent")
    cursor = snapshot_start(http, session).cursor
    assert callable(transform)
    response = changes(http, session, transform(cursor))
    assert response.status_code == 410
    error = error_of(response).error
    assert (error.code, error.detail) == ("resnapshot_required", {"reason": reason})


def test_a_cursor_issued_to_a_nationwide_user_is_refused_to_an_officer(
    tiny: CentralServer, http: httpx.Client
) -> None:
    agent_cursor = snapshot_start(http, login(tiny.url, "siti.agent")).cursor
    response = changes(http, login(tiny.url, "dewi.jabar"), agent_cursor)
    assert error_of(response).error.detail == {"reason": "scope_changed"}
