"""``prakerja-console nik NIK``: decode a NIK for an agent on the phone, or say why it is wrong.

Exit status: 0 valid, 1 invalid, 2 usage error. Whatever was typed, the output
never contains control characters: the NIK itself is only shown once it is known
to be digits, and refusals name characters through the domain's safe wording.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import click

from prakerja_console.cli import translator_of
from prakerja_console.domain.nik import Nik, NikInvalid, parse_nik
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.i18n import Translator

EXIT_VALID = 0
EXIT_INVALID = 1
# "-3201 0141 …": a NIK read out with a leading dash is a NIK, not an unknown option.
_DASHED_NUMBER = re.compile(r"-[0-9 .-]*[0-9][0-9 .-]*")
_USAGE_ERROR_LIMIT = 300


class _NikCommand(click.Command):
    """Reads a dash-led NIK as the argument and keeps usage errors printable.

    Click would call ``-3201…`` an unknown option and echo it raw in the error,
    escape sequences included.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A leading space makes click's parser see an argument; parse_nik strips it.
        args = [f" {arg}" if _DASHED_NUMBER.fullmatch(arg) else arg for arg in args]
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            clean = clean_text(error.format_message(), max_length=_USAGE_ERROR_LIMIT)
            raise click.UsageError(clean, ctx=error.ctx) from error


@click.command(name="nik", cls=_NikCommand)
@click.argument("parts", metavar="NIK", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date to compute age on (default: today in Asia/Jakarta).",
)
@click.pass_context
def nik(ctx: click.Context, parts: tuple[str, ...], as_json: bool, today: datetime | None) -> None:
    """Decode a NIK: region, birth date, sex, age and serial, or why it is invalid.

    The NIK may be typed in groups, quoted or not: nik 3201 0141 0190 0001.
    """
    translator = translator_of(ctx)
    day = today.date() if today is not None else datetime.now(TimeZoneName.WIB.zone).date()
    parsed = parse_nik(" ".join(parts), day)
    if as_json:
        click.echo(json.dumps(_as_json(parsed, day, translator)))
    else:
        click.echo(_as_text(parsed, day, translator))
    ctx.exit(EXIT_VALID if isinstance(parsed, Nik) else EXIT_INVALID)


def grouped(digits: str) -> str:
    """``3201 0141 0190 0001``: the groups agents read a NIK out in."""
    return " ".join(digits[start : start + 4] for start in range(0, len(digits), 4))


def _as_json(parsed: Nik | NikInvalid, today: date, translator: Translator) -> dict[str, Any]:
    if isinstance(parsed, NikInvalid):
        return {
            "valid": False,
            "problem": parsed.problem.value,
            "reason": translator.message(parsed.message),
        }
    note = parsed.province.legacy_note
    return {
        "valid": True,
        "nik": parsed.value,
        "province_code": parsed.province_code,
        "province": parsed.province.name,
        "time_zone": parsed.province.tz.value,
        "legacy_note": translator._(note) if note else None,
        "regency_code": parsed.regency_code,
        "district_code": parsed.district_code,
        "birth_date": parsed.birth_date.isoformat(),
        "sex": parsed.sex.value,
        "age": parsed.age_on(today),
        "serial": parsed.serial,
    }


def _as_text(parsed: Nik | NikInvalid, today: date, translator: Translator) -> str:
    _ = translator._
    if isinstance(parsed, NikInvalid):
        return _("Not a valid NIK: {reason}").format(reason=translator.message(parsed.message))
    province = parsed.province
    rows = [
        (_("Province"), f"{province.code} {province.name} ({_zone_text(province.tz, today)})"),
        (_("Regency/city"), parsed.regency_code),
        (_("District"), parsed.district_code),
        (_("Birth date"), translator.date_text(parsed.birth_date, "long")),
        (_("Sex"), _(parsed.sex.label)),
        (_("Age"), translator.number(parsed.age_on(today))),
        (_("Serial"), f"{parsed.serial:04d}"),
    ]
    if province.legacy_note:
        rows.append((_("Note"), _(province.legacy_note)))
    width = max(len(label) for label, _value in rows)
    heading = _("NIK {nik} is valid.").format(nik=grouped(parsed.value))
    return "\n".join([heading, *(f"  {label.ljust(width)}  {value}" for label, value in rows)])


def _zone_text(zone: TimeZoneName, today: date) -> str:
    """``WIB, UTC+7``: Indonesia keeps no daylight saving, so any moment gives the offset."""
    offset = zone.zone.utcoffset(datetime(today.year, today.month, today.day, 12))
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    return f"{zone.value}, UTC{hours:+d}"
