"""The canned responses file: the shipped one is valid and bilingual, a broken one says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.domain.canned_responses import missing_placeholders
from prakerja_console.services.canned import (
    CannedFileError,
    ReplyContext,
    fill,
    load_canned,
    ordered_for,
    placeholder_values,
)

KNOWN_PLACEHOLDERS = {"name", "first_name", "wave", "nik_masked", "email_masked", "ticket", "agent"}


def test_every_shipped_response_exists_in_both_languages_with_known_placeholders() -> None:
    templates = load_canned()
    by_language: dict[str, set[str]] = {"id": set(), "en": set()}
    for template in templates:
        by_language[template.language].add(template.response.key)
        assert set(template.response.placeholders) <= KNOWN_PLACEHOLDERS
    assert by_language["id"] == by_language["en"]
    assert len(by_language["id"]) >= 8


def test_a_ticket_fills_every_placeholder_and_masks_personal_data() -> None:
    values = placeholder_values(
        ReplyContext(
            name="Siti \x1b[31mRahayu",
            nik="3201014101900001",
            email="siti.rahayu@gmail.com",
            wave=12,
            ticket=8812,
            agent="rudi.agent",
        )
    )
    for template in load_canned():
        assert missing_placeholders(template.response, values) == ()
        text = fill(template, values)
        assert "3201014101900001" not in text
        assert "siti.rahayu@" not in text
        assert "\x1b" not in text


def test_what_a_ticket_cannot_fill_stays_visible() -> None:
    (template,) = [
        t for t in load_canned() if t.response.key == "not_selected" and t.language == "id"
    ]
    values = placeholder_values(ReplyContext("Budi", None, None, None, None, None))
    assert "{wave}" in fill(template, values)
    assert missing_placeholders(template.response, values) == ("wave",)


def test_the_tickets_category_and_the_agents_language_come_first() -> None:
    ordered = ordered_for(load_canned(), "nik_already_used", "en")
    assert (ordered[0].response.key, ordered[0].language) == ("nik_already_used", "en")
    assert ordered[1].response.key == "nik_already_used"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[responses]]\nkey = 'a'\nlanguage = 'fr'\ntitle = 't'\nbody = 'b'\n", "fr"),
        ("[[responses]]\nkey = 'a'\nlanguage = 'id'\ntitle = 't'\n", "body"),
        (
            "[[responses]]\nkey = 'a'\nlanguage = 'id'\ntitle = 't'\nbody = 'b'\nextra = 1\n",
            "extra",
        ),
        (
            "[[responses]]\nkey = 'a'\nlanguage = 'id'\ntitle = 't'\nbody = 'b'\n"
            "categories = ['nope']\n",
            "categories",
        ),
        (
            "[[responses]]\nkey = 'a'\nlanguage = 'id'\ntitle = 't'\nbody = 'b'\n" * 2,
            "twice",
        ),
        ("responses = 'x'", "list"),
        ("[[responses", "TOML"),
    ],
)
def test_a_broken_file_names_the_entry_and_the_problem(
    tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "canned.toml"
    path.write_text(text)
    with pytest.raises(CannedFileError) as caught:
        load_canned(path)
    assert words in caught.value.message.render()
    assert str(path) in caught.value.message.render()
