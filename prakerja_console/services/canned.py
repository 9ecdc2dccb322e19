"""Canned responses: the reply templates of ``fixtures/canned_responses.toml``, and their values.

The file is read once per console (it changes with a release, not during a
shift) and validated strictly: a missing field, a duplicate key in one language,
an unknown language or category names the file and the entry, so whoever edits
it learns what is wrong instead of agents meeting a broken picker. Values for
the placeholders come from the ticket and its applicant; personal data goes in
masked, and outside text (the applicant's name) is cleaned of control
characters before it becomes part of a reply.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prakerja_console.domain.canned_responses import CannedResponse, render_template
from prakerja_console.domain.masking import mask_email, mask_nik
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import Category
from prakerja_console.services.errors import ServiceError

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "canned_responses.toml"
LANGUAGES = ("id", "en")
NAME_LIMIT = 80


class CannedFileError(ServiceError):
    """The canned responses file cannot be used as written."""


@dataclass(frozen=True, slots=True)
class CannedTemplate:
    """A response in one language, and the categories it is suggested for first."""

    response: CannedResponse
    language: str
    categories: tuple[str, ...] = ()


def _problem(path: Path, where: str, template: str, **params: object) -> CannedFileError:
    return CannedFileError(Message(template, {"file": str(path), "where": where, **params}))


def _entry(path: Path, index: int, raw: Any) -> CannedTemplate:
    where = f"responses[{index}]"
    if not isinstance(raw, dict):
        raise _problem(path, where, N_("{file}, {where}: each response is a table of fields."))
    unknown = set(raw) - {"key", "language", "title", "categories", "body"}
    if unknown:
        raise _problem(
            path, where, N_("{file}, {where}: unknown field {field}."), field=sorted(unknown)[0]
        )
    for name in ("key", "language", "title", "body"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _problem(
                path, where, N_("{file}, {where}: the field {field} must be text."), field=name
            )
    if raw["language"] not in LANGUAGES:
        raise _problem(
            path,
            where,
            N_("{file}, {where}: language must be id or en, not {value}."),
            value=raw["language"],
        )
    categories = raw.get("categories", [])
    known = {member.value for member in Category}
    if not isinstance(categories, list) or not all(
        isinstance(code, str) and code in known for code in categories
    ):
        raise _problem(
            path, where, N_("{file}, {where}: categories must list known category codes.")
        )
    return CannedTemplate(
        CannedResponse(raw["key"], raw["title"], raw["body"]), raw["language"], tuple(categories)
    )


def load_canned(path: Path = DEFAULT_FILE) -> tuple[CannedTemplate, ...]:
    """Every response of the file, in file order."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise _problem(path, "", N_("{file} cannot be read: {error}"), error=str(error)) from error
    except tomllib.TOMLDecodeError as error:
        raise _problem(
            path, "", N_("{file} is not valid TOML: {error}"), error=str(error)
        ) from error
    raw = data.get("responses", [])
    if not isinstance(raw, list):
        raise _problem(path, "responses", N_("{file}: responses must be a list of tables."))
    templates = [_entry(path, index, entry) for index, entry in enumerate(raw)]
    seen: set[tuple[str, str]] = set()
    for index, template in enumerate(templates):
        pair = (template.response.key, template.language)
        if pair in seen:
            raise _problem(
                path,
                f"responses[{index}]",
                N_("{file}, {where}: the key {key} appears twice in one language."),
                key=template.response.key,
            )
        seen.add(pair)
    return tuple(templates)


def ordered_for(
    templates: Sequence[CannedTemplate], category: str, language: str
) -> tuple[CannedTemplate, ...]:
    """Suggested first: this category's, in the agent's language; file order otherwise."""
    return tuple(
        sorted(
            templates,
            key=lambda template: (
                category not in template.categories,
                template.language != language,
            ),
        )
    )


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What a reply's placeholders can be filled with (None: unknown, left visible)."""

    name: str | None
    nik: str | None
    email: str | None
    wave: int | None
    ticket: int | None
    agent: str | None


def placeholder_values(context: ReplyContext) -> dict[str, str]:
    values: dict[str, str] = {}
    if context.name:
        name = clean_text(context.name, max_length=NAME_LIMIT)
        values["name"] = name
        values["first_name"] = name.split()[0] if name.split() else name
    if context.nik:
        values["nik_masked"] = mask_nik(context.nik)
    if context.email:
        values["email_masked"] = mask_email(context.email)
    if context.wave is not None:
        values["wave"] = str(context.wave)
    if context.ticket is not None:
        values["ticket"] = str(context.ticket)
    if context.agent:
        values["agent"] = context.agent
    return values


def fill(template: CannedTemplate, values: Mapping[str, str]) -> str:
    """The response's body with every placeholder the ticket can fill filled."""
    return render_template(template.response, values)
