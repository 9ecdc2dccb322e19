"""Everything the detail screen shows about one applicant, as domain objects and views.

The store reads one consistent snapshot (:func:`~prakerja_console.store.queries.applicant_bundle`);
this module converts its rows into the domain's values (through ``domain.wire_rows``,
the same readers the central uses), runs the programme's rules on them — *why stuck /
what next* (``domain.stuck``) and eligibility (``domain.eligibility``) — and returns
small frozen views. Nothing is formatted or masked here; the screen does that in the
applicant's own time zone.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from prakerja_console.domain.applicant import (
    ApplicantState,
    CheckResult,
    EntryOutcome,
    Registry,
    RegistryCheck,
    age_on,
    latest_check,
)
from prakerja_console.domain.eligibility import Assessment, assess, facts_from
from prakerja_console.domain.epoch import moment
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.nik import Nik, Sex, birth_digits_differ, parse_nik
from prakerja_console.domain.regions import TimeZoneName, time_zone_of
from prakerja_console.domain.stuck import Explanation, explain
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import Category, Priority
from prakerja_console.domain.tickets import Status as TicketStatus
from prakerja_console.domain.waves import Wave, joinable_wave
from prakerja_console.domain.wire_rows import (
    applicant_from_row,
    check_from_row,
    entry_from_row,
    wave_from_row,
)
from prakerja_console.services.errors import MirrorUnavailableError, NotFoundError
from prakerja_console.services.mirror import Mirror, unreadable
from prakerja_console.services.outbox import QueuedAction, queued_action


class PiiField(StrEnum):
    """Personal data that is masked by default and revealed only with a reason."""

    NIK = "nik"
    KK_NUMBER = "kk_number"
    EMAIL = "email"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"

    @property
    def label(self) -> str:
        return _PII_LABELS[self]


_PII_LABELS = {
    PiiField.NIK: N_("NIK"),
    PiiField.KK_NUMBER: N_("KK number"),
    PiiField.EMAIL: N_("e-mail"),
    PiiField.PHONE: N_("phone"),
    PiiField.BIRTH_DATE: N_("birth date"),
}


@dataclass(frozen=True, slots=True)
class CheckView:
    """A registry's latest answer; ``queued`` when a re-verification is queued locally."""

    check: RegistryCheck
    queued: bool


@dataclass(frozen=True, slots=True)
class EntryView:
    wave_number: int | None
    wave_name: str | None
    joined_at: datetime
    outcome: EntryOutcome
    reason: Reason
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class TicketLine:
    id: int
    category: Category
    status: TicketStatus
    priority: Priority
    subject: str
    assignee: str | None
    created_at: datetime | None
    queued: bool


@dataclass(frozen=True, slots=True)
class NoteLine:
    author: str
    body: str
    at: datetime | None
    queued: bool


@dataclass(frozen=True, slots=True)
class CaseLine:
    kind: str
    status: str
    assignee: str | None
    opened_at: datetime | None
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditLine:
    actor: str
    action: str
    field: str | None
    reason: str | None
    at: datetime | None
    queued: bool


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The applicant judged against ``wave`` (the open or next wave, else the latest)."""

    wave: Wave
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class Offers:
    """Which applicant actions make sense now, mirroring the central's refusals, so an
    agent is never offered what the central would reject."""

    resend_email: bool
    reverify: Registry | None  # the registry a re-verification would ask, if any


@dataclass(frozen=True, slots=True)
class ApplicantDetail:
    """One applicant, unmasked and unformatted; the screen masks and formats."""

    id: int
    version: int
    name: str
    nik: str | None
    kk_number: str | None
    email: str
    phone: str | None
    birth_date: date | None
    birth_date_text: str | None
    sex: Sex | None
    age: int | None
    province_code: str | None
    zone: TimeZoneName
    state: ApplicantState
    explanation: Explanation
    nik_warning: Message | None
    checks: tuple[CheckView, ...]
    entries: tuple[EntryView, ...]
    tickets: tuple[TicketLine, ...]
    notes: tuple[NoteLine, ...]
    cases: tuple[CaseLine, ...]
    audit: tuple[AuditLine, ...]
    actions: tuple[QueuedAction, ...]
    eligibility: Eligibility | None
    offers: Offers

    def pii(self, field: PiiField) -> str | None:
        """The unmasked value of ``field`` (only ever shown after a reveal)."""
        values = {
            PiiField.NIK: self.nik,
            PiiField.KK_NUMBER: self.kk_number,
            PiiField.EMAIL: self.email,
            PiiField.PHONE: self.phone,
            PiiField.BIRTH_DATE: self.birth_date_text,
        }
        return values[field]


class ApplicantService:
    """Reads one applicant's detail on the calling thread's connection (a worker's)."""

    def __init__(self, mirror: Mirror) -> None:
        self._mirror = mirror

    def detail(self, applicant_id: int, now: datetime) -> ApplicantDetail:
        """The applicant as of ``now`` (an aware datetime); raises NotFoundError."""
        from prakerja_console.store import queries  # heavy; loaded off the UI thread

        conn = self._mirror.reader()
        try:
            bundle = queries.applicant_bundle(conn, applicant_id)
            if bundle is None:
                raise NotFoundError(
                    Message(
                        N_("Applicant {id} is not in the mirror (any more)."),
                        {"id": applicant_id},
                    )
                )
            waves = _waves(conn)
            counts = _recipient_counts(conn, bundle.applicant)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error
        return _detail(bundle, waves, counts, now)


def _waves(conn: sqlite3.Connection) -> tuple[Wave, ...]:
    """The waves the rules can read; a wave with an impossible schedule is left out."""
    from prakerja_console.store.screen_queries import wave_rows

    found = []
    for row in wave_rows(conn):
        try:
            found.append(wave_from_row(row))
        except (ValueError, TypeError, KeyError):
            continue  # the central's bad row must not hide the applicant; the wave is omitted
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Counts:
    nik_recipients: int  # other accounts with this NIK that received a card
    kk_recipients: int  # other members of the family card who received one


def _recipient_counts(conn: sqlite3.Connection, applicant: Any) -> _Counts:
    from prakerja_console.store import queries

    def received(summaries: Sequence[Any]) -> int:
        return sum(
            1
            for item in summaries
            if item.id != applicant.id
            and (Stage(item.stage).rank if item.stage in _STAGE_CODES else 0) >= Stage.ACCEPTED.rank
        )

    nik = (
        queries.find_by_nik(conn, applicant.nik, limit=queries.FETCH_CAP).items
        if applicant.nik
        else ()
    )
    kk = (
        queries.find_by_kk(conn, applicant.kk_number, limit=queries.FETCH_CAP).items
        if applicant.kk_number
        else ()
    )
    return _Counts(received(nik), received(kk))


_STAGE_CODES = frozenset(stage.value for stage in Stage)


def _detail(
    bundle: Any, waves: tuple[Wave, ...], counts: _Counts, now: datetime
) -> ApplicantDetail:
    record = bundle.applicant
    state = applicant_from_row(dataclasses.asdict(record))
    checks = tuple(
        CheckView(check_from_row(dataclasses.asdict(row)), row.pending)
        for row in bundle.registry_checks
    )
    domain_checks = [view.check for view in checks]
    domain_entries = [entry_from_row(dataclasses.asdict(row)) for row in bundle.wave_entries]
    entries = tuple(
        EntryView(
            wave_number=row.wave_number,
            wave_name=row.wave_name,
            joined_at=entry.joined_at,
            outcome=entry.outcome,
            reason=entry.reason,
            decided_at=entry.decided_at,
        )
        for row, entry in zip(bundle.wave_entries, domain_entries, strict=True)
    )
    zone = time_zone_of(record.province_code)
    today = now.astimezone(zone.zone).date()
    nik = parse_nik(record.nik, today) if record.nik else None
    decoded = nik if isinstance(nik, Nik) else None
    differs = (
        decoded is not None
        and state.birth_date is not None
        and birth_digits_differ(decoded, state.birth_date)
    )
    return ApplicantDetail(
        id=record.id,
        version=record.version,
        name=record.name,
        nik=record.nik,
        kk_number=record.kk_number,
        email=record.email,
        phone=record.phone,
        birth_date=state.birth_date,
        birth_date_text=record.birth_date,
        sex=Sex(state.sex) if state.sex else None,
        age=age_on(state.birth_date, today) if state.birth_date else None,
        province_code=record.province_code,
        zone=zone,
        state=state,
        explanation=explain(state, domain_checks, domain_entries, waves, now),
        nik_warning=Message(Reason.NIK_BIRTH_DIGITS_DIFFER.text) if differs else None,
        checks=checks,
        entries=entries,
        tickets=tuple(_ticket(row) for row in bundle.tickets),
        notes=tuple(
            NoteLine(row.author, row.body, moment(row.at), row.pending) for row in bundle.notes
        ),
        cases=tuple(
            CaseLine(
                row.kind, row.status, row.assignee, moment(row.opened_at), moment(row.decided_at)
            )
            for row in bundle.verification_cases
        ),
        audit=tuple(
            AuditLine(row.actor, row.action, row.field, row.reason, moment(row.at), row.pending)
            for row in bundle.audit
        ),
        actions=tuple(queued_action(action) for action in bundle.actions),
        eligibility=_eligibility(state, domain_checks, waves, counts, differs, now),
        offers=offers_for(state, record.nik, domain_checks),
    )


def _ticket(row: Any) -> TicketLine:
    return TicketLine(
        id=row.id,
        category=Category.from_code(row.category),
        status=TicketStatus.from_code(row.status),
        priority=Priority.from_code(row.priority),
        subject=row.subject,
        assignee=row.assignee,
        created_at=moment(row.created_at),
        queued=row.pending,
    )


def _eligibility(
    state: ApplicantState,
    checks: Sequence[RegistryCheck],
    waves: tuple[Wave, ...],
    counts: _Counts,
    differs: bool,
    now: datetime,
) -> Eligibility | None:
    wave = joinable_wave(waves, now) or max(waves, key=lambda item: item.opens_at, default=None)
    if wave is None:
        return None
    facts = facts_from(
        state,
        checks,
        already_recipient=counts.nik_recipients > 0,
        other_recipients_on_kk=counts.kk_recipients,
        blacklisted=state.reason is Reason.BLACKLISTED,
        nik_birth_digits_differ=differs,
    )
    return Eligibility(wave, assess(facts, wave.policy, wave.reference_date))


# The registry a re-verification should ask, by what holds the applicant up.
_REVERIFY_REGISTRY = {
    Reason.STUDENT: Registry.DAPODIK,
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: Registry.DTKS,
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: Registry.DTKS,
}


def offers_for(state: ApplicantState, nik: str | None, checks: Sequence[RegistryCheck]) -> Offers:
    """Which actions the central would accept for this applicant now."""
    resend = (
        state.stage is Stage.REGISTERED
        and state.email_verified_at is None
        and state.side_state is not SideState.REJECTED
    )
    registry = _REVERIFY_REGISTRY.get(state.reason, Registry.DUKCAPIL)
    latest = latest_check(checks, registry)
    reverify: Registry | None
    if latest is not None and latest.result is CheckResult.PENDING:
        reverify = None
    elif registry is Registry.DUKCAPIL:
        reverify = registry if nik and state.nik_verified_at is None else None
    else:
        reverify = registry
    return Offers(resend_email=resend, reverify=reverify)
