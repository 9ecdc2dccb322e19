"""Identity rules on the hot paths: reading what an agent typed, and masking a page.

The lookup box reads every query (is it a NIK, a phone, an e-mail?) and
normalises it before an exact lookup whose whole budget is 1 ms p95 (DESIGN.md
§5); we give the reading a tenth of that. Every painted row of an applicant list
masks NIK, e-mail, phone and birth date inside the 100 ms keystroke-to-paint
budget; a 100-row page may spend a twentieth of it on masks.

Baselines are the plainest way to do the same work in the same run: slicing for
a NIK, the bare library calls for phone and e-mail, string slicing for masks.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import phonenumbers
from email_validator import validate_email

from benchmarks.context import BenchContext
from benchmarks.figures import Figure, percentile
from prakerja_console.domain.email_address import looks_like_email, normalise_email
from prakerja_console.domain.masking import mask_birth_date, mask_email, mask_nik, mask_phone
from prakerja_console.domain.nik import Sex, compose_nik, parse_nik
from prakerja_console.domain.phone import looks_like_phone, normalise_phone
from prakerja_console.domain.regions import PROVINCES

TODAY = date(2026, 11, 28)
PAGE_ROWS = 100
READ_BUDGET_MS = 0.1
PAGE_BUDGET_MS = 5.0
_DOMAINS = ("gmail.com", "yahoo.co.id", "ymail.com", "outlook.com")


def _samples(count: int, seed: int) -> tuple[list[str], list[str], list[str], list[date]]:
    rng = random.Random(seed)
    codes = sorted(PROVINCES)
    niks, phones, emails, births = [], [], [], []
    for index in range(count):
        born = TODAY - timedelta(days=rng.randrange(18 * 365, 64 * 365))
        region = f"{rng.choice(codes)}{rng.randrange(1, 80):02d}{rng.randrange(1, 40):02d}"
        niks.append(compose_nik(region, born, rng.choice(list(Sex)), rng.randrange(1, 9999)))
        phones.append(f"08{rng.choice('1257')}{rng.randrange(10**8, 10**9)}")
        emails.append(f"Pendaftar.{index}@{rng.choice(_DOMAINS)}")
        births.append(born)
    return niks, phones, emails, births


def _per_call_ms(function: Callable[[str], object], inputs: Sequence[str]) -> list[float]:
    timings = []
    for text in inputs:
        started = time.perf_counter()
        function(text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _read_query(text: str) -> object:
    """What the lookup box does with a query: classify it, then normalise it."""
    if looks_like_email(text):
        return normalise_email(text)
    if looks_like_phone(text):
        return normalise_phone(text)
    return parse_nik(text, TODAY)


def _baseline_phone(text: str) -> object:
    number = phonenumbers.parse(text, "ID")
    phonenumbers.is_valid_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _baseline_email(text: str) -> object:
    return validate_email(text, check_deliverability=False).normalized.lower()


def _baseline_nik(text: str) -> object:
    day = int(text[6:8])
    return text[:2], date(2000 + int(text[10:12]), int(text[8:10]), day - 40 if day > 40 else day)


def _baseline_read(text: str) -> object:
    """The same dispatch with bare library calls and slicing."""
    if "@" in text:
        return _baseline_email(text)
    return _baseline_nik(text) if len(text) == 16 else _baseline_phone(text)


def _warm_up(samples: tuple[list[str], list[str], list[str], list[date]]) -> None:
    """Run every timed function over *other* inputs first: lazy imports and first-call
    set-up are not what an agent waits for, and the timed inputs stay unseen by caches."""
    niks, phones, emails, _births = samples
    for function, inputs in (
        (lambda text: parse_nik(text, TODAY), niks),
        (_baseline_nik, niks),
        (normalise_phone, phones),
        (_baseline_phone, phones),
        (normalise_email, emails),
        (_baseline_email, emails),
        (_read_query, [*niks, *phones, *emails]),
        (_baseline_read, [*niks, *phones, *emails]),
    ):
        _per_call_ms(function, inputs)


def _figure(name: str, samples: list[float], baseline: list[float], budget: float | None) -> Figure:
    return Figure(
        name=name,
        value=round(percentile(samples, 0.95), 4),
        unit="ms",
        budget=budget,
        baseline=round(percentile(baseline, 0.95), 4),
        note="p95 per call",
    )


def run(context: BenchContext) -> list[Figure]:
    count = 2_000 if context.quick else 20_000
    niks, phones, emails, births = _samples(count, context.seed)
    queries = [*niks, *phones, *emails]
    random.Random(context.seed).shuffle(queries)
    _warm_up(_samples(200, context.seed + 1))
    figures = [
        _figure(
            "identity: parse_nik",
            _per_call_ms(lambda t: parse_nik(t, TODAY), niks),
            _per_call_ms(_baseline_nik, niks),
            READ_BUDGET_MS,
        ),
        _figure(
            "identity: normalise_phone",
            _per_call_ms(normalise_phone, phones),
            _per_call_ms(_baseline_phone, phones),
            READ_BUDGET_MS,
        ),
        _figure(
            "identity: normalise_email",
            _per_call_ms(normalise_email, emails),
            _per_call_ms(_baseline_email, emails),
            READ_BUDGET_MS,
        ),
        _figure(
            "identity: read a lookup query (classify + normalise)",
            _per_call_ms(_read_query, queries),
            _per_call_ms(_baseline_read, queries),
            READ_BUDGET_MS,
        ),
    ]
    e164 = [f"+62{phone[1:]}" for phone in phones]
    pages, baseline_pages = [], []
    for start in range(0, count - PAGE_ROWS, PAGE_ROWS):
        rows = range(start, start + PAGE_ROWS)
        started = time.perf_counter()
        for row in rows:
            mask_nik(niks[row])
            mask_email(emails[row])
            mask_phone(e164[row])
            mask_birth_date(births[row])
        pages.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        for row in rows:
            nik, email, phone = niks[row], emails[row], e164[row]
            _ = nik[:4] + "•" * 8 + nik[12:], email[:2] + "••" + email[email.index("@") :]
            _ = phone[:3] + " " + phone[3:6] + "•" * (len(phone) - 9) + phone[-3:]
            _ = f"••/••/{births[row].year}"
        baseline_pages.append((time.perf_counter() - started) * 1000)
    figures.append(
        Figure(
            name=f"identity: mask a {PAGE_ROWS}-row page (NIK, e-mail, phone, birth date)",
            value=round(percentile(pages, 0.95), 4),
            unit="ms",
            budget=PAGE_BUDGET_MS,
            baseline=round(percentile(baseline_pages, 0.95), 4),
            note="p95 per page",
        )
    )
    return figures
