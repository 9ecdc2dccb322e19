"""Where applicants live: provinces weighted by population, and their regencies and districts.

A generated NIK or KK starts with a ``PPRRDD`` region code. Population weights are
the 2020 census (millions, rounded) so Jawa Barat, Jawa Timur and Jawa Tengah
dominate as they did in the programme's registrations. Regency counts are the
Kemendagri counts before the 2022 Papua split (kabupaten numbered from 01, kota
from 71); that split's new provinces (93-96) are left out on purpose, because
every NIK issued before it still carries 91/92 and a generated NIK must decode
under any scenario's date. District counts are not tabulated here: each regency
gets a deterministic 6-30 districts, which is the real range.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# code -> (population in millions (2020 census), kabupaten, kota)
_PROVINCES: dict[str, tuple[float, int, int]] = {
    "11": (5.27, 18, 5),
    "12": (14.80, 25, 8),
    "13": (5.53, 12, 7),
    "14": (6.39, 10, 2),
    "15": (3.55, 9, 2),
    "16": (8.47, 13, 4),
    "17": (2.01, 9, 1),
    "18": (9.01, 13, 2),
    "19": (1.46, 6, 1),
    "21": (2.06, 5, 2),
    "31": (10.56, 1, 5),
    "32": (48.27, 18, 9),
    "33": (36.52, 29, 6),
    "34": (3.67, 4, 1),
    "35": (40.67, 29, 9),
    "36": (11.90, 4, 4),
    "51": (4.32, 8, 1),
    "52": (5.32, 8, 2),
    "53": (5.33, 21, 1),
    "61": (5.41, 12, 2),
    "62": (2.67, 13, 1),
    "63": (4.07, 11, 2),
    "64": (3.77, 7, 3),
    "65": (0.70, 4, 1),
    "71": (2.62, 11, 4),
    "72": (2.99, 12, 1),
    "73": (9.07, 21, 3),
    "74": (2.62, 15, 2),
    "75": (1.17, 5, 1),
    "76": (1.42, 6, 0),
    "81": (1.85, 9, 2),
    "82": (1.28, 8, 2),
    "91": (4.30, 28, 1),
    "92": (1.13, 12, 1),
}
_FIRST_CITY = 71


@dataclass(frozen=True, slots=True)
class Regions:
    """Every generated ``PPRRDD`` code with its population share, in a fixed order."""

    codes: tuple[str, ...]
    weights: tuple[float, ...]


def _districts(regency4: str) -> int:
    """A stable district count for a regency (6-30), the same in every run."""
    return 6 + (int(regency4) * 37) % 25


@cache
def regions() -> Regions:
    """All districts, each weighted by its province's population split evenly."""
    codes: list[str] = []
    weights: list[float] = []
    for province, (population, kabupaten, kota) in _PROVINCES.items():
        regencies = [f"{province}{n:02d}" for n in range(1, kabupaten + 1)]
        regencies += [f"{province}{_FIRST_CITY + n:02d}" for n in range(kota)]
        districts = [
            f"{regency}{d:02d}" for regency in regencies for d in range(1, _districts(regency) + 1)
        ]
        share = population / len(districts)
        codes.extend(districts)
        weights.extend([share] * len(districts))
    return Regions(tuple(codes), tuple(weights))
