"""Strict reading of the central's answers: anything off the contract is a ProtocolError."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.sync import decode
from prakerja_console.sync.errors import ProtocolError
from prakerja_console.sync.protocol import (
    ApplicantData,
    Checksum,
    MutationResponse,
    Session,
    Table,
    TableChecksum,
    columns_of,
)
from prakerja_console.sync.verify import compare

NOTE_COLUMNS = list(columns_of(Table.NOTES))


def note_row(note_id: int = 1, **changes: Any) -> list[Any]:
    values = {
        "id": note_id,
        "applicant_id": 7,
        "author": "siti.agent",
        "body": "ok",
        "at": 1,
        "version": 1,
    }
    values.update(changes)
    return [values[column] for column in NOTE_COLUMNS]


def changes_body(**changes: Any) -> bytes:
    page: dict[str, Any] = {
        "since": "c1",
        "next_cursor": "c2",
        "has_more": False,
        "upserts": {"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(1), note_row(2)]}},
        "deletes": {},
        "server_time": 5,
    }
    page.update(changes)
    return orjson.dumps(page)


def test_a_good_page_is_read_with_its_rows_untouched() -> None:
    page = decode.changes_page(changes_body(), "GET /changes")
    assert page.upserts["notes"].rows == [note_row(1), note_row(2)]
    assert page.next_cursor == "c2"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", "not valid JSON"),
        (b'{"since": "c1", "next_', "not valid JSON"),
        (b"<html>502</html>", "not valid JSON"),
        (b"[]", "body: Input should be a valid dictionary"),
        (changes_body(extra=1), "extra: Extra inputs are not permitted"),
        (changes_body(has_more=1), "has_more: Input should be a valid boolean"),
        (changes_body(server_time="5"), "server_time: Input should be a valid integer"),
        (changes_body(next_cursor=None), "next_cursor: Input should be a valid string"),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS}}),
            "upserts.notes.rows: Field required",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": {}}}),
            "upserts.notes.rows: expected an array of rows",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(), 5]}}),
            "upserts.notes.rows.1: expected an array of values",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row()[:-1]]}}),
            "upserts.notes.rows.0: 5 values for 6 columns",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(body=7)]}}),
            "column body must be text, got 7",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(at=True)]}}),
            "column at must be whole number, got True",
        ),
        (
            changes_body(upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(at=1.5)]}}),
            "column at must be whole number, got 1.5",
        ),
        (
            changes_body(
                upserts={"notes": {"columns": NOTE_COLUMNS, "rows": [note_row(body=None)]}}
            ),
            "column body must be text, got None",
        ),
    ],
)
def test_what_is_off_the_contract_is_named(body: bytes, expected: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        decode.changes_page(body, "GET /changes")
    text = refused.value.message.render()
    assert "GET /changes" in text
    assert expected in text


def test_nullable_columns_take_null() -> None:
    values = {
        "id": 1,
        "actor": "siti.agent",
        "action": "audit.reveal_pii",
        "entity": "applicants",
        "entity_id": 7,
        "field": None,
        "reason": None,
        "at": 1,
        "version": 1,
    }
    columns = list(columns_of(Table.AUDIT_LOG))
    decode.check_cells("audit_log", columns, [[values[c] for c in columns]], "rows", "GET /changes")


def test_unknown_tables_and_columns_are_left_to_the_mirror_to_name() -> None:
    decode.check_cells("gossip", ["id", "x"], [[1, "y"]], "rows", "GET /changes")
    decode.check_cells("notes", ["id", "mystery"], [[1, {"a": 1}]], "rows", "GET /changes")


def test_small_answers_are_strict_too() -> None:
    with pytest.raises(ProtocolError, match="expires_in"):
        decode.decode(
            Session,
            b'{"access_token": "a", "refresh_token": "r", "expires_in": "900", "username": "u",'
            b' "display_name": "d", "role": "agent", "scope": null}',
            "POST /auth/token",
        )
    with pytest.raises(ProtocolError, match=r"results\.0\.status"):
        decode.decode(
            MutationResponse,
            b'{"results": [{"id": "x", "seq": 1, "status": "maybe"}], "device_seq": 1}',
            "POST /mutations",
        )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(
    field=st.sampled_from(
        ["since", "next_cursor", "has_more", "upserts", "deletes", "server_time", "zz"]
    ),
    value=json_values,
)
def test_any_value_anywhere_is_read_or_refused_never_a_crash(field: str, value: Any) -> None:
    body = changes_body(**{field: value})
    outcome: Any
    try:
        outcome = decode.changes_page(body, "GET /changes")
    except ProtocolError as error:
        outcome = error
    if isinstance(outcome, ProtocolError):
        assert "GET /changes" in outcome.message.render()
    else:
        assert isinstance(outcome.next_cursor, str)
        assert type(outcome.has_more) is bool


@given(cut=st.integers(min_value=0, max_value=len(changes_body()) - 1))
def test_every_truncation_is_refused(cut: int) -> None:
    with pytest.raises(ProtocolError):
        decode.changes_page(changes_body()[:cut], "GET /changes")


def test_compare_names_the_tables_that_differ() -> None:
    mirror = {"notes": TableChecksum(count=2, digest=10), "users": TableChecksum(count=1, digest=3)}
    central = Checksum(
        scope=None,
        tables={
            "notes": TableChecksum(count=2, digest=11),
            "waves": TableChecksum(count=1, digest=1),
        },
    )
    assert [d.table for d in compare(mirror, central)] == ["notes", "users", "waves"]
    assert compare(mirror, Checksum(scope=None, tables=mirror)) == ()


def test_a_record_is_read_strictly_though_it_is_a_sqlmodel() -> None:
    row = {
        "id": 1,
        "name": "Siti",
        "email": "s@example.id",
        "stage": "registered",
        "reason_code": "registered",
        "registered_at": 1,
        "state_changed_at": 1,
        "version": 1,
    }
    assert decode.record(ApplicantData, orjson.dumps(row), "GET /applicants/1").name == "Siti"
    with pytest.raises(ProtocolError, match="surprise: Extra inputs are not permitted"):
        decode.record(ApplicantData, orjson.dumps({**row, "surprise": 1}), "GET /applicants/1")
    with pytest.raises(ProtocolError, match="id: Input should be a valid integer"):
        decode.record(ApplicantData, orjson.dumps({**row, "id": "1"}), "GET /applicants/1")
