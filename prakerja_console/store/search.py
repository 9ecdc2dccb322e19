"""Turning what an agent typed into FTS5 queries that can never be FTS5 syntax.

User text reaches SQLite only as a bound parameter, and the parameter is built
here: the text is normalised (NFKC), cut into runs of letters and digits — the
same runs the ``unicode61`` tokenizer makes, so punctuation, quotes, ``*``,
``NEAR(``, ``-``, brackets and control characters simply separate words — and each
run is quoted as an FTS5 string (embedded quotes doubled, although a run of
letters and digits has none). Operators written by the user (``AND``, ``OR``,
``NOT``) become plain words. The input is capped (:data:`MAX_TOKENS` words of at
most :data:`MAX_TOKEN_CHARS` characters), so a 5,000-character paste costs what a
name costs.

Matches come in two tiers: every word matched exactly (tier 0), then matched as
word prefixes only (tier 1: "rah" finds Rahayu). Within a tier results are in
registration (id) order: FTS5 yields rowids in that order for free, so a page is
0.02–1 ms at 1.4M applicants, while sorting every match by name costs 20–30 ms
for a common word ("Muhammad", "Siti": ~50,000 matches) — beyond the 10 ms budget.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TOKENS = 8
MAX_TOKEN_CHARS = 40
MAX_INPUT_CHARS = 4096  # only guards against a megabyte paste; a name is far shorter
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script


def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a name query, as the FTS tokenizer will see them (case kept)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text[:MAX_INPUT_CHARS]))
    return tuple(word[:MAX_TOKEN_CHARS] for word in words[:MAX_TOKENS])


def _quoted(token: str, prefix: bool) -> str:
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def exact_query(tokens: tuple[str, ...]) -> str:
    """Tier 0: every word present as a whole word."""
    return " ".join(_quoted(token, prefix=False) for token in tokens)


def prefix_query(tokens: tuple[str, ...]) -> str:
    """Every word present as a word start (whole words included)."""
    return " ".join(_quoted(token, prefix=True) for token in tokens)


def prefix_only_query(tokens: tuple[str, ...]) -> str:
    """Tier 1: every word present as a word start, and not all as whole words."""
    return f"({prefix_query(tokens)}) NOT ({exact_query(tokens)})"


def tier_queries(text: str) -> tuple[str, ...]:
    """The FTS5 MATCH strings for each tier, best first; empty if nothing searchable."""
    tokens = name_tokens(text)
    if not tokens:
        return ()
    return exact_query(tokens), prefix_only_query(tokens)
