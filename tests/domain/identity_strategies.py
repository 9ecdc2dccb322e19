"""Hypothesis strategies for what people type into identity fields, and a safety check."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that break naive parsers or terminals: NUL, ESC, tab, newline, a bidi
# override, a zero-width space, a no-break space, full-width and Arabic-Indic digits.
_TRICKY = "0123456789 .-+()@\x00\x1b\t\n\u202e\u200b\u00a0１٣a＠"


def hostile_text() -> st.SearchStrategy[str]:
    """Any text, weighted towards near-misses, control characters and huge inputs."""
    return st.one_of(
        st.text(),
        st.text(alphabet="0123456789 .-"),
        st.text(alphabet=st.sampled_from(_TRICKY)),
        st.from_regex(r"[0-9]{14,18}", fullmatch=True),
        st.builds(
            lambda chunk, times: chunk * times,
            st.text(min_size=1, max_size=4),
            st.integers(min_value=1_000, max_value=5_000),
        ),
    )


def is_safe_to_print(text: str) -> bool:
    """No control, format (bidi, zero-width) or other non-printable character."""
    return all(ch.isprintable() for ch in text)
