"""The cursor round-trips and names the first thing that no longer matches."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.central.cursor import Cursor, CursorError, ResnapshotReason

EPOCH = "0123456789abcdef"
scopes = st.sampled_from([None, "11", "32", "35", "96"])


@given(scope=scopes, position=st.integers(min_value=0, max_value=2**62))
def test_a_cursor_round_trips(scope: str | None, position: int) -> None:
    cursor = Cursor(1, EPOCH, scope, position)
    assert Cursor.decode(cursor.encode(), schema=1, epoch=EPOCH, scope=scope) == cursor


@given(st.text(max_size=80))
def test_arbitrary_text_is_never_accepted_silently(text: str) -> None:
    outcome: Cursor | ResnapshotReason
    try:
        outcome = Cursor.decode(text, schema=1, epoch=EPOCH, scope=None)
    except CursorError as error:
        outcome = error.reason
    if isinstance(outcome, Cursor):
        assert outcome.encode() == text
    else:
        assert outcome in ResnapshotReason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("v2.0123456789abcdef.all.5", ResnapshotReason.SCHEMA_CHANGED),
        ("v1.fedcba9876543210.all.5", ResnapshotReason.EPOCH_CHANGED),
        ("v1.0123456789abcdef.32.5", ResnapshotReason.SCOPE_CHANGED),
        ("v1.0123456789abcdef.all.-5", ResnapshotReason.CURSOR_INVALID),
        ("v1.0123456789abcdef.all", ResnapshotReason.CURSOR_INVALID),
        ("", ResnapshotReason.CURSOR_INVALID),
    ],
)
def test_each_mismatch_has_its_reason(text: str, reason: ResnapshotReason) -> None:
    with pytest.raises(CursorError) as caught:
        Cursor.decode(text, schema=1, epoch=EPOCH, scope=None)
    assert caught.value.reason is reason
