"""Canned responses render without ever failing, and say what is still missing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.canned_responses import (
    CannedResponse,
    missing_placeholders,
    render_template,
)

GREETING = CannedResponse(
    key="nik_not_found",
    title="NIK tidak ditemukan",
    body="Halo {name}, NIK {nik_masked} belum ditemukan. Silakan ikut gelombang {wave}. Salam, {name}",
)


def test_placeholders_are_listed_once_in_order() -> None:
    assert GREETING.placeholders == ("name", "nik_masked", "wave")


def test_every_placeholder_with_a_value_is_filled() -> None:
    values = {"name": "Siti", "nik_masked": "3201••••••••0001", "wave": "3"}
    assert render_template(GREETING, values) == (
        "Halo Siti, NIK 3201••••••••0001 belum ditemukan. Silakan ikut gelombang 3. Salam, Siti"
    )
    assert missing_placeholders(GREETING, values) == ()


def test_a_missing_value_stays_visible_and_is_reported() -> None:
    values = {"name": "Siti"}
    rendered = render_template(GREETING, values)
    assert rendered == (
        "Halo Siti, NIK {nik_masked} belum ditemukan. Silakan ikut gelombang {wave}. Salam, Siti"
    )
    assert missing_placeholders(GREETING, values) == ("nik_masked", "wave")


def test_malformed_placeholders_stay_as_written() -> None:
    odd = CannedResponse(
        "odd", "odd", "{ name } {0} {} { {name {Name} }} {{name}} {name!r} {name:>5}"
    )
    assert odd.placeholders == ("name",)  # only the one inside {{name}}
    assert render_template(odd, {"name": "Budi"}) == (
        "{ name } {0} {} { {name {Name} }} {Budi} {name!r} {name:>5}"
    )


def test_values_are_inserted_literally_and_never_expanded_again() -> None:
    template = CannedResponse("t", "t", "Dear {name}, ticket {ticket}")
    values = {"name": "{ticket} [@click=app.quit]x[/]", "ticket": "#8812"}
    assert render_template(template, values) == "Dear {ticket} [@click=app.quit]x[/], ticket #8812"


@given(
    body=st.text(alphabet=st.sampled_from("ab{}_ 0\n"), max_size=60),
    values=st.dictionaries(st.sampled_from(["a", "b", "ab", "a_b"]), st.text(max_size=10)),
)
def test_rendering_never_raises_and_leaves_text_without_placeholders_alone(
    body: str, values: dict[str, str]
) -> None:
    template = CannedResponse("k", "t", body)
    rendered = render_template(template, values)
    if not template.placeholders:
        assert rendered == body
    assert set(missing_placeholders(template, values)) == set(template.placeholders) - set(values)
