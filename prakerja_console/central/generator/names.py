"""Indonesian names, drawn from Faker's ``id_ID`` lists once and picked with our own random.

Calling Faker per row costs tens of microseconds (its proxy, generator and
format parsing); reading its lists once and indexing them costs nanoseconds.
Each name comes with a lower-case ASCII slug for building e-mail addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_NOT_SLUG = re.compile(r"[^a-z]")


@dataclass(frozen=True, slots=True)
class NameBook:
    """Parallel tuples: ``*_names[i]`` is shown, ``*_slugs[i]`` goes into e-mail addresses."""

    male_names: tuple[str, ...]
    male_slugs: tuple[str, ...]
    female_names: tuple[str, ...]
    female_slugs: tuple[str, ...]
    male_last_names: tuple[str, ...]
    male_last_slugs: tuple[str, ...]
    female_last_names: tuple[str, ...]
    female_last_slugs: tuple[str, ...]


def slug(name: str) -> str:
    """Lower-case ASCII letters only: what an e-mail local part keeps of a name."""
    return _NOT_SLUG.sub("", name.lower())


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


@cache
def name_book() -> NameBook:
    """The ``id_ID`` first and last names by sex, de-duplicated, in Faker's order.

    Faker splits Indonesian family names by the sex they are usual for (Handayani,
    Lestari for women; Santoso, Saputra for men), so a name reads as one person.
    """
    # Imported here: Faker is heavy, and only generating needs it.
    from faker.providers.person.id_ID import Provider

    male = _unique(Provider.first_names_male)
    female = _unique(Provider.first_names_female)
    male_last = _unique(Provider.last_names_male)
    female_last = _unique(Provider.last_names_female)
    return NameBook(
        male_names=male,
        male_slugs=tuple(slug(name) for name in male),
        female_names=female,
        female_slugs=tuple(slug(name) for name in female),
        male_last_names=male_last,
        male_last_slugs=tuple(slug(name) for name in male_last),
        female_last_names=female_last,
        female_last_slugs=tuple(slug(name) for name in female_last),
    )
