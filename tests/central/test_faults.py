"""Fault injection: the spec, and every fault kind observable by a real client."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.central.faults import FaultSpec, FaultSpecError
from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import ChangesPage, SnapshotPage
from tests.central import dataset
from tests.central.helpers import apply, error_of, mutation, note, send, snapshot_start
from tests.support.central import ManualClock, StartCentral, bearer, login


def test_the_spec_reads_every_fault_kind() -> None:
    spec = FaultSpec.parse(
        "503=0.3,429=0.05,drop=0.05,drop_after_apply=0.05,slow=0.1:1.5,dup=0.1,reorder=0.1,seed=7"
    )
    assert spec == FaultSpec(
        unavailable=0.3,
        rate_limited=0.05,
        drop=0.05,
        drop_after_apply=0.05,
        slow=0.1,
        slow_seconds=1.5,
        dup=0.1,
        reorder=0.1,
        seed=7,
    )
    assert spec.active
    assert not FaultSpec.parse("").active
    assert not FaultSpec.parse("seed=3").active


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("503", "503"),
        ("teleport=0.5", "teleport"),
        ("503=lots", "503=lots"),
        ("drop=1.5", "drop"),
        ("slow=0.5:-1", "negative"),
        ("seed=x", "seed=x"),
    ],
)
def test_a_bad_spec_names_the_item(text: str, names: str) -> None:
    with pytest.raises(FaultSpecError, match=names):
        FaultSpec.parse(text)


@given(st.text(max_size=60))
def test_any_text_parses_or_fails_with_a_fault_spec_error(text: str) -> None:
    outcome: FaultSpec | str
    try:
        outcome = FaultSpec.parse(text)
    except FaultSpecError as error:
        outcome = str(error)
    if isinstance(outcome, FaultSpec):
        assert 0.0 <= outcome.unavailable <= 1.0
    else:
        assert outcome


def _faulty(start_central: StartCentral, faults: str) -> CentralServer:
    return start_central(data=dataset.batches, clock=ManualClock(dataset.NOW), faults=faults)


@pytest.mark.parametrize(
    ("fault", "status", "code"), [("503", 503, "unavailable"), ("429", 429, "rate_limited")]
)
def test_refusals_carry_retry_after_and_an_error_body(
    start_central: StartCentral, fault: str, status: int, code: str
) -> None:
    server = _faulty(start_central, f"{fault}=1,retry_after=2")
    session = login(server.url, "siti.agent")  # login is never faulted
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        for response in (
            http.post("/snapshot", headers=bearer(session)),
            http.get("/snapshot/applicants", headers=bearer(session)),
            http.get("/changes?since=x", headers=bearer(session)),
            send(http, session, note(1, 1)),
        ):
            assert response.status_code == status
            assert response.headers["retry-after"] == "2"
            assert error_of(response).error.code == code
        assert http.get("/health").status_code == 200  # health never is


def test_a_dropped_connection_is_a_transport_error(start_central: StartCentral) -> None:
    server = _faulty(start_central, "drop=1")
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        with pytest.raises(httpx.TransportError):
            http.get("/snapshot/applicants", headers=bearer(session))
        with pytest.raises(httpx.TransportError):
            send(http, session, note(1, 1))
        assert http.get("/checksum", headers=bearer(session)).status_code == 200


def test_drop_after_apply_commits_then_the_retry_is_a_duplicate(
    start_central: StartCentral, tmp_path: Path
) -> None:
    database = tmp_path / "central.sqlite"
    clock = ManualClock(dataset.NOW)
    faulty = start_central(
        data=dataset.batches, clock=clock, database=database, faults="drop_after_apply=1"
    )
    session = login(faulty.url, "siti.agent")
    action = note(1, dataset.JABAR_UNVERIFIED)
    with httpx.Client(base_url=f"{faulty.url}/v1") as http:
        with pytest.raises(httpx.TransportError):
            send(http, session, action)
        # Only mutations are dropped after applying; reads show the note arrived.
        notes = http.get("/snapshot/notes", headers=bearer(session)).json()["data"]["rows"]
        assert [row[2] for row in notes] == ["agus.jatim", "siti.agent"]
    faulty.stop()
    healthy = start_central(data=dataset.batches, clock=clock, database=database)
    with httpx.Client(base_url=f"{healthy.url}/v1") as http:
        (result,) = apply(http, login(healthy.url, "siti.agent"), action).results
    assert (result.status, result.original_status) == ("duplicate", "applied")


def test_a_slow_answer_trips_a_short_client_timeout(start_central: StartCentral) -> None:
    server = _faulty(start_central, "slow=1:3")
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1", timeout=0.3) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get("/snapshot/applicants", headers=bearer(session))
        assert http.get("/health").status_code == 200


def test_dup_serves_a_page_from_an_earlier_position(start_central: StartCentral) -> None:
    server = _faulty(start_central, "dup=1")
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        page = SnapshotPage.model_validate_json(
            http.get("/snapshot/applicants?after=4&limit=2", headers=bearer(session)).content
        )
        assert [row[0] for row in page.data.rows] == [4, 5]  # row 4 again
        assert page.next_after == 5  # paging still advances
        cursor = snapshot_start(http, session).cursor
        apply(http, session, *(note(seq, 1, f"n{seq}") for seq in (1, 2, 3, 4)))
        first = ChangesPage.model_validate_json(
            http.get(
                "/changes", params={"since": cursor, "limit": 2}, headers=bearer(session)
            ).content
        )
        second = ChangesPage.model_validate_json(
            http.get(
                "/changes", params={"since": first.next_cursor, "limit": 2}, headers=bearer(session)
            ).content
        )
        first_ids = [row[0] for row in first.upserts["notes"].rows]
        second_ids = [row[0] for row in second.upserts["notes"].rows]
        assert set(first_ids) & set(second_ids)  # re-received
        assert max(second_ids) > max(first_ids)  # and still moving on


def test_reorder_shuffles_rows_within_a_page(start_central: StartCentral) -> None:
    server = _faulty(start_central, "reorder=1,seed=11")
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        orders = [
            [
                row[0]
                for row in http.get("/snapshot/applicants", headers=bearer(session)).json()["data"][
                    "rows"
                ]
            ]
            for _ in range(5)
        ]
    assert all(sorted(order) == [1, 2, 3, 4, 5, 6] for order in orders)
    assert any(order != sorted(order) for order in orders)


def test_the_same_seed_replays_the_same_faults(start_central: StartCentral) -> None:
    def outcomes(server: CentralServer) -> list[int]:
        session = login(server.url, "siti.agent")
        with httpx.Client(base_url=f"{server.url}/v1") as http:
            return [
                http.get("/snapshot/waves", headers=bearer(session)).status_code for _ in range(20)
            ]

    first = outcomes(_faulty(start_central, "503=0.5,seed=42"))
    again = outcomes(_faulty(start_central, "503=0.5,seed=42"))
    other = outcomes(_faulty(start_central, "503=0.5,seed=43"))
    assert first == again
    assert set(first) == {200, 503}
    assert first != other


def test_mutations_are_faulted_but_not_dup_or_reordered(start_central: StartCentral) -> None:
    server = _faulty(start_central, "dup=1,reorder=1")
    session = login(server.url, "siti.agent")
    with httpx.Client(base_url=f"{server.url}/v1") as http:
        response = apply(
            http,
            session,
            note(1, 1),
            mutation(2, "applicant.add_note", {"applicant_id": 2, "body": "b"}),
        )
    assert [r.seq for r in response.results] == [1, 2]
