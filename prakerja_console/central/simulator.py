"""The traffic simulator: registrations and the funnel steps after them, at a set rate.

Each tick (a fraction of a second) is one write transaction that:

1. registers the applicants due since the last tick (the generator makes them
   exactly like the seeded ones, with NIKs that never collide);
2. lets this run's registrations older than ``email_delay`` confirm their e-mail
   (``email_share`` of them; the others never do) and enter their profile, which
   asks the population registry for a check;
3. answers pending registry checks older than ``registry_delay`` (its own, and
   the re-verifications agents request), moving the applicant to "NIK verified"
   or to the problem the registry found, through ``domain.transitions``;
4. lets ``join_share`` of the newly verified join the open wave, if
   ``domain.waves.may_join`` agrees.

Everything goes through the same change-log path as mutations. Writes are
batched per tick (``executemany``), which is what lets SQLite on two cores keep
up with the programme's real peak of 80,000 registrations a minute.

Seeded people are left as the scenario made them (trainers rely on them), except
for re-verifications someone asked for after seeding.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from random import Random
from typing import Any

from prakerja_console.central import records
from prakerja_console.central.config import Clock
from prakerja_console.central.database import Database, Reader, Writer, id_counter, quote
from prakerja_console.central.funnel_rows import funnel_columns
from prakerja_console.central.generator import Scenario, identities_for
from prakerja_console.central.generator.traffic import (
    Profile,
    Registrar,
    Verification,
    new_applicant,
    verify,
)
from prakerja_console.central.records import Record
from prakerja_console.central.scope import scope_of
from prakerja_console.domain.applicant import CheckResult, Registry, WaveEntry
from prakerja_console.domain.epoch import moment
from prakerja_console.domain.funnel import Reason, Stage
from prakerja_console.domain.transitions import TransitionError, transition
from prakerja_console.domain.waves import Wave, WaveStatus, may_join, status
from prakerja_console.domain.wire_rows import applicant_from_row, entry_from_row, wave_from_row
from prakerja_console.sync.protocol import Table, columns_of

logger = logging.getLogger(__name__)

_PROFILE_COLUMNS = (
    "nik",
    "kk_number",
    "birth_date",
    "sex",
    "province_code",
    "regency_code",
    "occupation",
    "priority_group",
)
_IN_CHUNK = 500
_NOT_FOUND = Verification(Reason.NIK_NOT_FOUND.value, (("dukcapil", "not_found", None),))


@dataclass(frozen=True, slots=True)
class TrafficMix:
    """How registrations move on (first-day proportions) and how fast."""

    email_share: float = 0.73  # registrations that ever confirm their e-mail
    join_share: float = 0.8  # newly NIK-verified applicants who join the open wave
    email_delay: int = 5  # seconds from registering to confirming the e-mail
    registry_delay: int = 5  # seconds a registry takes to answer
    max_catch_up: float = 5.0  # seconds of traffic one tick makes up after a stall


@dataclass(frozen=True, slots=True)
class TickReport:
    registered: int = 0
    emails_verified: int = 0
    checks_answered: int = 0
    niks_verified: int = 0
    joined: int = 0


def _select(table: Table) -> str:
    return ", ".join(quote(column) for column in columns_of(table))


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def _rows_by(tx: Reader, table: Table, column: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    columns = columns_of(table)
    found: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        found.extend(
            dict(zip(columns, row, strict=True))
            for row in tx.all(
                f"SELECT {_select(table)} FROM {quote(table.value)}"  # noqa: S608
                f" WHERE {quote(column)} IN ({marks})",
                chunk,
            )
        )
    return found


def _profile(applicant: dict[str, Any]) -> Profile:
    # Only the birth date feeds the registries' answers; the rest is carried as is.
    return Profile(
        **{column: applicant[column] or "" for column in _PROFILE_COLUMNS[:-1]},
        priority_group=applicant["priority_group"],
    )


class Simulator:
    """Keeps registering applicants and moving them along the funnel, one tick at a time.

    :meth:`tick` is public so a test drives it with its own clock; :meth:`start`
    runs it every ``tick_seconds`` on a background thread of the server process.
    """

    def __init__(
        self,
        db: Database,
        scenario: Scenario,
        *,
        rate_per_minute: float,
        clock: Clock,
        seed: int,
        mix: TrafficMix | None = None,
        tick_seconds: float = 0.2,
    ) -> None:
        self._db = db
        self._scenario = scenario
        self._rate = rate_per_minute
        self._clock = clock
        self._rng = Random(seed)
        self._mix = mix or TrafficMix()
        self._tick_seconds = tick_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._registrar: Registrar | None = None
        self._last = clock()
        self._carry = 0.0
        self._profiles: dict[int, Profile] = {}  # entered once the e-mail is confirmed
        self._email_mark = 0  # this run registers applicants above this id
        self._live_since = 0  # checks requested after seeding are live traffic

    # -- lifecycle ------------------------------------------------------------
    def prepare(self) -> None:
        """Load what the simulator needs: seeded NIKs (so new ones never collide), marks."""
        headroom = max(100_000, int(self._rate * 60))  # about an hour of traffic
        identities = identities_for(self._scenario, headroom)
        with self._db.read() as tx:
            for (nik,) in tx.execute("SELECT nik FROM applicants WHERE nik IS NOT NULL"):
                identities.reserve_nik(nik)
            self._email_mark = int(
                tx.scalar(
                    "SELECT value FROM counters WHERE name = ?", (id_counter(Table.APPLICANTS),)
                )
            )
            self._live_since = int(tx.meta("seeded_at") or 0)
        self._registrar = Registrar(self._scenario, identities)
        self._last = self._clock()

    def start(self) -> None:
        self.prepare()
        self._thread = threading.Thread(target=self._run, name="central-simulator", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """End the background ticks; raise if a tick is still running after ``timeout`` s.

        A simulator that cannot stop would keep writing to a database being closed,
        so the caller hears of it (as from the server's own thread in ``runner``);
        calling again joins the same thread again.
        """
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the traffic simulator did not stop within {timeout} s")
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self._tick_seconds):
            try:
                self.tick()
            except Exception:
                # The tick's transaction rolled back as a whole; the next one retries.
                logger.exception("traffic simulator tick failed")

    # -- one tick -------------------------------------------------------------
    def tick(self) -> TickReport:
        """Simulate the traffic since the previous tick, in one transaction."""
        if self._registrar is None:
            raise RuntimeError("call prepare() or start() first")
        clock_now = self._clock()
        elapsed = min(max(clock_now - self._last, 0.0), self._mix.max_catch_up)
        self._last = clock_now
        due = self._rate / 60 * elapsed + self._carry
        count = int(due)
        self._carry = due - count
        now = int(clock_now)
        cap = count * 4 + 200
        with self._db.write() as tx:
            fresh = self._register(tx, self._registrar, count, clock_now, elapsed)
            verified, seen = self._verify_emails(tx, {**self._profiles, **fresh}, now, cap)
            answered, niks, joined = self._answer_checks(tx, self._registrar, now, cap)
        # Only once committed: a tick that rolled back leaves the simulator as it was.
        self._profiles.update(fresh)
        for applicant_id in seen:
            del self._profiles[applicant_id]  # decided: confirmed, or never will
        self._email_mark = max(seen, default=self._email_mark)
        return TickReport(count, verified, answered, niks, joined)

    def _register(
        self, tx: Writer, registrar: Registrar, count: int, now: float, elapsed: float
    ) -> dict[int, Profile]:
        """Insert ``count`` registrations spread over the elapsed time; their profiles to come."""
        ids = records.allocate_ids(tx, Table.APPLICANTS, count)
        step = elapsed / count if count else 0.0
        rows, profiles = [], {}
        for index, applicant_id in enumerate(ids):
            at = int(now - elapsed + (index + 1) * step)
            fresh = new_applicant(registrar, applicant_id, at, self._rng)
            rows.append(fresh.row)
            profiles[applicant_id] = fresh.profile
        # No profile yet, so no province: nationwide users see them until they enter one.
        records.insert_rows(tx, Table.APPLICANTS, rows, [scope_of(None)] * count)
        return profiles

    def _verify_emails(
        self, tx: Writer, profiles: dict[int, Profile], now: int, cap: int
    ) -> tuple[int, list[int]]:
        """Confirm e-mails of this run's registrations; (confirmed, every id decided)."""
        columns = columns_of(Table.APPLICANTS)
        candidates = tx.all(
            f"SELECT {_select(Table.APPLICANTS)} FROM applicants"  # noqa: S608
            " WHERE id > ? AND registered_at <= ? ORDER BY id LIMIT ?",
            (self._email_mark, now - self._mix.email_delay, cap),
        )
        at = moment(now)
        updated: list[Record] = []
        seen = [row[0] for row in candidates if row[0] in profiles]
        for row in candidates:
            applicant = dict(zip(columns, row, strict=True))
            profile = profiles.get(applicant["id"])
            if profile is None or self._rng.random() >= self._mix.email_share:
                continue  # never confirms: stays "verification e-mail sent"
            try:
                moved = transition(
                    applicant_from_row(applicant), Stage.EMAIL_VERIFIED, Reason.NIK_PENDING, at
                )
            except TransitionError:
                continue  # someone else moved this applicant on
            applicant.update(funnel_columns(moved))
            applicant.update({column: getattr(profile, column) for column in _PROFILE_COLUMNS})
            updated.append(Record(Table.APPLICANTS, applicant, scope_of(profile.province_code)))
        records.rewrite_many(tx, updated)
        ids = records.allocate_ids(tx, Table.REGISTRY_CHECKS, len(updated))
        records.insert_rows(
            tx,
            Table.REGISTRY_CHECKS,
            [
                (
                    check_id,
                    record.id,
                    Registry.DUKCAPIL.value,
                    CheckResult.PENDING.value,
                    None,
                    now,
                    None,
                    1,
                )
                for check_id, record in zip(ids, updated, strict=True)
            ],
            [record.scope for record in updated],
        )
        return len(updated), seen

    def _answer_checks(
        self, tx: Writer, registrar: Registrar, now: int, cap: int
    ) -> tuple[int, int, int]:
        """Answer pending checks: (checks answered, NIKs verified, wave joins)."""
        check_columns = columns_of(Table.REGISTRY_CHECKS)
        pending = [
            dict(zip(check_columns, row, strict=True))
            for row in tx.all(
                f"SELECT {_select(Table.REGISTRY_CHECKS)} FROM registry_checks"  # noqa: S608
                # The literal 'pending' lets the planner use the partial index of pending checks.
                " WHERE result = 'pending' AND requested_at > ? AND requested_at <= ?"
                " ORDER BY requested_at LIMIT ?",
                (self._live_since, now - self._mix.registry_delay, cap),
            )
        ]
        if not pending:
            return 0, 0, 0
        owners = sorted({check["applicant_id"] for check in pending})
        applicants = {row["id"]: row for row in _rows_by(tx, Table.APPLICANTS, "id", owners)}
        known = {
            (row["applicant_id"], row["registry"])
            for row in _rows_by(tx, Table.REGISTRY_CHECKS, "applicant_id", owners)
        }
        entries: dict[int, list[WaveEntry]] = {}
        for row in _rows_by(tx, Table.WAVE_ENTRIES, "applicant_id", owners):
            entries.setdefault(row["applicant_id"], []).append(entry_from_row(row))
        wave = self._open_wave(tx, now)
        at = moment(now)
        changed: dict[int, dict[str, Any]] = {}
        answered: list[Record] = []
        new_checks: list[tuple[Any, ...]] = []
        joins: list[tuple[int, int, str | None]] = []
        niks = 0
        for check in pending:
            applicant = applicants[check["applicant_id"]]
            reason, answers = self._answers(registrar, applicant)
            result, detail = answers.get(check["registry"], (CheckResult.NOT_FOUND.value, None))
            check.update(result=result, detail=detail, checked_at=now)
            answered.append(
                Record(Table.REGISTRY_CHECKS, check, scope_of(applicant["province_code"]))
            )
            if check["registry"] != Registry.DUKCAPIL.value:
                continue
            for registry, (other, other_detail) in answers.items():
                if (applicant["id"], registry) not in known:
                    known.add((applicant["id"], registry))
                    new_checks.append(
                        (
                            applicant["id"],
                            registry,
                            other,
                            other_detail,
                            check["requested_at"],
                            now,
                            1,
                        )
                    )
            target = Stage.NIK_VERIFIED if reason is Reason.NIK_VERIFIED else Stage.EMAIL_VERIFIED
            try:
                moved = transition(applicant_from_row(applicant), target, reason, at)
            except TransitionError:
                continue  # the applicant moved on meanwhile: only the registry's answer is kept
            niks += target is Stage.NIK_VERIFIED
            if (
                target is Stage.NIK_VERIFIED
                and wave is not None
                and self._rng.random() < self._mix.join_share
                and may_join(moved, wave, at, entries.get(applicant["id"], [])).allowed
            ):
                moved = replace(
                    transition(moved, Stage.JOINED_BATCH, Reason.JOINED_BATCH, at), wave_id=wave.id
                )
                joins.append((applicant["id"], wave.id, applicant["priority_group"]))
            applicant.update(funnel_columns(moved))
            changed[applicant["id"]] = applicant
        records.rewrite_many(tx, answered)
        records.rewrite_many(
            tx,
            [
                Record(Table.APPLICANTS, row, scope_of(row["province_code"]))
                for row in changed.values()
            ],
        )
        self._insert_children(tx, applicants, new_checks, joins, now)
        return len(answered), niks, len(joins)

    def _answers(
        self, registrar: Registrar, applicant: dict[str, Any]
    ) -> tuple[Reason, dict[str, tuple[str, str | None]]]:
        """Where the registries leave ``applicant``, and each one's (result, detail)."""
        verification = (
            verify(registrar, _profile(applicant), self._rng)
            if applicant["birth_date"]
            else _NOT_FOUND
        )
        answers = {registry: (result, detail) for registry, result, detail in verification.checks}
        return Reason(verification.reason), answers

    def _open_wave(self, tx: Reader, now: int) -> Wave | None:
        at = moment(now)
        waves = [
            wave_from_row(dict(zip(columns_of(Table.WAVES), row, strict=True)))
            for row in tx.all(f"SELECT {_select(Table.WAVES)} FROM waves ORDER BY id")  # noqa: S608
        ]
        return next((wave for wave in waves if status(wave, at) is WaveStatus.OPEN), None)

    def _insert_children(
        self,
        tx: Writer,
        applicants: dict[int, dict[str, Any]],
        new_checks: list[tuple[Any, ...]],
        joins: list[tuple[int, int, str | None]],
        now: int,
    ) -> None:
        def scope(applicant_id: int) -> str:
            return scope_of(applicants[applicant_id]["province_code"])

        check_ids = records.allocate_ids(tx, Table.REGISTRY_CHECKS, len(new_checks))
        records.insert_rows(
            tx,
            Table.REGISTRY_CHECKS,
            [(check_id, *row) for check_id, row in zip(check_ids, new_checks, strict=True)],
            [scope(row[0]) for row in new_checks],
        )
        entry_ids = records.allocate_ids(tx, Table.WAVE_ENTRIES, len(joins))
        records.insert_rows(
            tx,
            Table.WAVE_ENTRIES,
            [
                (
                    entry_id,
                    applicant_id,
                    wave_id,
                    now,
                    "pending",
                    Reason.JOINED_BATCH.value,
                    None,
                    group,
                    1,
                )
                for entry_id, (applicant_id, wave_id, group) in zip(entry_ids, joins, strict=True)
            ],
            [scope(applicant_id) for applicant_id, _wave, _group in joins],
        )
