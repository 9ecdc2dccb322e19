"""The note and reveal-reason rule the console and the central share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.action_text import (
    NOTE_MAX_LENGTH,
    REVEAL_REASON_MAX_LENGTH,
    REVEAL_REASON_MIN_LENGTH,
    TextRule,
    check_note,
    check_reveal_reason,
)

BLANKS = st.text(alphabet=" \t\n\r\u00a0\u3000", max_size=20)


def _rule_of_note(text: str) -> TextRule | None:
    refusal = check_note(text)
    return None if refusal is None else refusal.rule


def _rule_of_reason(text: str) -> TextRule | None:
    refusal = check_reveal_reason(text)
    return None if refusal is None else refusal.rule


def test_note_edges() -> None:
    assert _rule_of_note("") is TextRule.EMPTY_BODY
    assert _rule_of_note(" \n\t") is TextRule.EMPTY_BODY
    assert _rule_of_note("x") is None
    assert _rule_of_note("x" * NOTE_MAX_LENGTH) is None
    refusal = check_note("x" * (NOTE_MAX_LENGTH + 1))
    assert refusal is not None
    assert refusal.rule is TextRule.NOTE_TOO_LONG
    assert refusal.message.params == {"limit": NOTE_MAX_LENGTH, "count": NOTE_MAX_LENGTH + 1}


def test_reason_edges() -> None:
    assert _rule_of_reason("   ") is TextRule.REASON_REQUIRED
    assert _rule_of_reason("x" * (REVEAL_REASON_MIN_LENGTH - 1)) is TextRule.REASON_TOO_SHORT
    assert _rule_of_reason("x" * REVEAL_REASON_MIN_LENGTH) is None
    assert _rule_of_reason("x" * REVEAL_REASON_MAX_LENGTH) is None
    assert _rule_of_reason("x" * (REVEAL_REASON_MAX_LENGTH + 1)) is TextRule.REASON_TOO_LONG


@given(BLANKS, st.text(min_size=1, max_size=NOTE_MAX_LENGTH + 50), BLANKS)
def test_surrounding_blanks_never_change_the_verdict(before: str, text: str, after: str) -> None:
    assert _rule_of_note(before + text + after) == _rule_of_note(text.strip())
    assert _rule_of_reason(before + text + after) == _rule_of_reason(text.strip())


@given(st.text(max_size=REVEAL_REASON_MAX_LENGTH + 20))
def test_a_refusal_says_why_with_its_own_code(text: str) -> None:
    for refusal in (check_note(text), check_reveal_reason(text)):
        if refusal is not None:
            assert refusal.message.render()
            assert refusal.rule in TextRule
