"""Canned responses: reply templates with ``{placeholder}`` slots an agent fills in one key.

Rendering must never fail in front of an applicant on the phone: a placeholder
with no value, or text that only looks like one (``{ name }``, ``{0}``, a lone
brace), stays visible exactly as written, and :func:`missing_placeholders` tells
the UI which slots still need a value before the reply is sent. Values are
inserted literally in a single pass, so a value that itself contains ``{name}``
is never expanded (applicant-typed text cannot pull other fields into a reply).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Only ``{identifier}`` is a placeholder; everything else is literal text.
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class CannedResponse:
    """A reply template: ``key`` is its stable name, ``title`` what the picker shows."""

    key: str
    title: str
    body: str

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The placeholder names in the body, each once, in order of first appearance."""
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.body)))


def missing_placeholders(template: CannedResponse, values: Mapping[str, str]) -> tuple[str, ...]:
    """The placeholders that ``values`` does not fill, in order of first appearance."""
    return tuple(name for name in template.placeholders if name not in values)


def render_template(template: CannedResponse, values: Mapping[str, str]) -> str:
    """The body with every known placeholder replaced; unknown ones stay visible as typed."""

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(fill, template.body)
