"""Provinces of Indonesia as NIK and KK numbers encode them, and their time zones.

Codes follow Kemendagri's administrative codes (the first two digits of a NIK).
Papua's 2022 split created 93-96; NIKs issued before it still carry 91 (Papua)
for residents of Papua Selatan, Papua Tengah and Papua Pegunungan, and 92
(Papua Barat) for residents of Papua Barat Daya. The registry does not reissue
them, so those codes must keep decoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from prakerja_console.domain.text import N_


class TimeZoneName(StrEnum):
    """Indonesia's three civil time zones, by their Indonesian abbreviation."""

    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def zone(self) -> ZoneInfo:
        return _ZONES[self]


_ZONES = {
    TimeZoneName.WIB: ZoneInfo("Asia/Jakarta"),
    TimeZoneName.WITA: ZoneInfo("Asia/Makassar"),
    TimeZoneName.WIT: ZoneInfo("Asia/Jayapura"),
}


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    short_name: str
    tz: TimeZoneName
    legacy_note: str | None = None


_WIB, _WITA, _WIT = TimeZoneName.WIB, TimeZoneName.WITA, TimeZoneName.WIT

PROVINCES: dict[str, Province] = {
    p.code: p
    for p in (
        Province("11", "Aceh", "Aceh", _WIB),
        Province("12", "Sumatera Utara", "Sumut", _WIB),
        Province("13", "Sumatera Barat", "Sumbar", _WIB),
        Province("14", "Riau", "Riau", _WIB),
        Province("15", "Jambi", "Jambi", _WIB),
        Province("16", "Sumatera Selatan", "Sumsel", _WIB),
        Province("17", "Bengkulu", "Bengkulu", _WIB),
        Province("18", "Lampung", "Lampung", _WIB),
        Province("19", "Kepulauan Bangka Belitung", "Babel", _WIB),
        Province("21", "Kepulauan Riau", "Kepri", _WIB),
        Province("31", "DKI Jakarta", "Jakarta", _WIB),
        Province("32", "Jawa Barat", "Jabar", _WIB),
        Province("33", "Jawa Tengah", "Jateng", _WIB),
        Province("34", "DI Yogyakarta", "DIY", _WIB),
        Province("35", "Jawa Timur", "Jatim", _WIB),
        Province("36", "Banten", "Banten", _WIB),
        Province("51", "Bali", "Bali", _WITA),
        Province("52", "Nusa Tenggara Barat", "NTB", _WITA),
        Province("53", "Nusa Tenggara Timur", "NTT", _WITA),
        Province("61", "Kalimantan Barat", "Kalbar", _WIB),
        Province("62", "Kalimantan Tengah", "Kalteng", _WIB),
        Province("63", "Kalimantan Selatan", "Kalsel", _WITA),
        Province("64", "Kalimantan Timur", "Kaltim", _WITA),
        Province("65", "Kalimantan Utara", "Kaltara", _WITA),
        Province("71", "Sulawesi Utara", "Sulut", _WITA),
        Province("72", "Sulawesi Tengah", "Sulteng", _WITA),
        Province("73", "Sulawesi Selatan", "Sulsel", _WITA),
        Province("74", "Sulawesi Tenggara", "Sultra", _WITA),
        Province("75", "Gorontalo", "Gorontalo", _WITA),
        Province("76", "Sulawesi Barat", "Sulbar", _WITA),
        Province("81", "Maluku", "Maluku", _WIT),
        Province("82", "Maluku Utara", "Malut", _WIT),
        Province(
            "91",
            "Papua",
            "Papua",
            _WIT,
            legacy_note=N_(
                "also Papua Selatan, Papua Tengah, Papua Pegunungan (NIK issued before 2022)"
            ),
        ),
        Province(
            "92",
            "Papua Barat",
            "Papbar",
            _WIT,
            legacy_note=N_("also Papua Barat Daya (NIK issued before 2022)"),
        ),
        Province("93", "Papua Selatan", "Papsel", _WIT),
        Province("94", "Papua Tengah", "Papteng", _WIT),
        Province("95", "Papua Pegunungan", "Pappeg", _WIT),
        Province("96", "Papua Barat Daya", "PBD", _WIT),
    )
}


def province(code: str) -> Province | None:
    """The province for a two-digit code, or None when no province has it."""
    return PROVINCES.get(code)


def time_zone_of(province_code: str | None) -> TimeZoneName:
    """The applicant's civil time zone; WIB (the programme's own) when unknown."""
    found = PROVINCES.get(province_code or "")
    return found.tz if found else TimeZoneName.WIB
