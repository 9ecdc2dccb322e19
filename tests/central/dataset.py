"""A tiny hand-made data set whose every row a test can name.

Two provinces (Jawa Barat ``32`` and Jawa Timur ``35``), one applicant with no
province yet, each at a stage a mutation rule cares about.
"""

from __future__ import annotations

from typing import Any

from prakerja_console.central.seeding import Batches, Row
from prakerja_console.sync.protocol import RECORD_TYPES, Table, columns_of

NOW = 1_700_000_000  # 2023-11-14 22:13:20 UTC: the moment the data set describes
DAY = 86_400

WAVE_ANNOUNCED = 1
WAVE_OPEN = 2

JABAR_UNVERIFIED = 1  # registered, verification e-mail not confirmed
JABAR_NIK_MISMATCH = 2  # e-mail verified, NIK does not match the population registry
JATIM_UNVERIFIED = 3
JATIM_VERIFIED = 4  # NIK verified
NO_PROVINCE = 5  # registered without a profile: no province known
JABAR_VERIFIED = 6  # NIK verified

JABAR_APPLICANTS = (JABAR_UNVERIFIED, JABAR_NIK_MISMATCH, JABAR_VERIFIED)
JATIM_APPLICANTS = (JATIM_UNVERIFIED, JATIM_VERIFIED)

TICKET_JABAR = 1
TICKET_UNOWNED = 2  # no applicant, no province: nationwide users only


def row(table: Table, **values: Any) -> Row:
    """A row in wire column order; unnamed columns take the record's default (or None)."""
    fields = RECORD_TYPES[table].model_fields
    unknown = set(values) - set(fields)
    assert not unknown, unknown
    return tuple(
        values[column] if column in values else fields[column].get_default()
        for column in columns_of(table)
    )


def _applicant(
    applicant_id: int, province: str | None, stage: str, reason: str, **extra: Any
) -> Row:
    nik = None if province is None else f"{province}01014101900{applicant_id:03d}"
    return row(
        Table.APPLICANTS,
        id=applicant_id,
        name=f"Pendaftar {applicant_id}",
        nik=nik,
        email=f"pendaftar{applicant_id}@example.id",
        province_code=province,
        stage=stage,
        reason_code=reason,
        registered_at=NOW - 10 * DAY,
        state_changed_at=NOW - 5 * DAY,
        **extra,
    )


def applicants() -> list[Row]:
    verified = {"email_verified_at": NOW - 9 * DAY, "nik_verified_at": NOW - 8 * DAY}
    return [
        _applicant(JABAR_UNVERIFIED, "32", "registered", "email_pending"),
        _applicant(
            JABAR_NIK_MISMATCH,
            "32",
            "email_verified",
            "nik_registry_mismatch",
            email_verified_at=NOW - 9 * DAY,
        ),
        _applicant(JATIM_UNVERIFIED, "35", "registered", "email_pending"),
        _applicant(JATIM_VERIFIED, "35", "nik_verified", "nik_verified", **verified),
        _applicant(NO_PROVINCE, None, "registered", "email_pending"),
        _applicant(JABAR_VERIFIED, "32", "nik_verified", "nik_verified", **verified),
    ]


def batches() -> Batches:
    """The data set as the generator would stream it."""
    yield (
        Table.WAVES,
        [
            row(
                Table.WAVES,
                id=WAVE_ANNOUNCED,
                number=1,
                name="Gelombang 1",
                opens_at=NOW - 30 * DAY,
                closes_at=NOW - 26 * DAY,
                announce_at=NOW - 24 * DAY,
                quota=164_000,
                status="announced",
                dtks_policy="deprioritise",
            ),
            row(
                Table.WAVES,
                id=WAVE_OPEN,
                number=2,
                name="Gelombang 2",
                opens_at=NOW - DAY,
                closes_at=NOW + 3 * DAY,
                announce_at=NOW + 5 * DAY,
                quota=164_000,
                status="open",
                dtks_policy="deprioritise",
            ),
        ],
    )
    yield Table.APPLICANTS, applicants()
    yield (
        Table.REGISTRY_CHECKS,
        [
            row(
                Table.REGISTRY_CHECKS,
                id=1,
                applicant_id=JABAR_NIK_MISMATCH,
                registry="dukcapil",
                result="mismatch",
                detail='{"birth_date": "1990-01-11"}',
                requested_at=NOW - 9 * DAY,
                checked_at=NOW - 9 * DAY,
            ),
            row(
                Table.REGISTRY_CHECKS,
                id=2,
                applicant_id=JATIM_VERIFIED,
                registry="dukcapil",
                result="match",
                requested_at=NOW - 9 * DAY,
                checked_at=NOW - 8 * DAY,
            ),
        ],
    )
    yield (
        Table.WAVE_ENTRIES,
        [
            row(
                Table.WAVE_ENTRIES,
                id=1,
                applicant_id=JATIM_VERIFIED,
                wave_id=WAVE_OPEN,
                joined_at=NOW - DAY,
                outcome="pending",
                reason_code="joined_batch",
            )
        ],
    )
    yield (
        Table.VERIFICATION_CASES,
        [
            row(
                Table.VERIFICATION_CASES,
                id=1,
                applicant_id=JABAR_NIK_MISMATCH,
                kind="nik_registry_mismatch",
                status="open",
                opened_at=NOW - 8 * DAY,
            )
        ],
    )
    yield (
        Table.TICKETS,
        [
            row(
                Table.TICKETS,
                id=TICKET_JABAR,
                applicant_id=JABAR_UNVERIFIED,
                category="email_not_received",
                channel="phone",
                priority="normal",
                status="open",
                subject="E-mail verifikasi tidak masuk",
                created_by="siti.agent",
                created_at=NOW - 2 * DAY,
                updated_at=NOW - 2 * DAY,
            ),
            row(
                Table.TICKETS,
                id=TICKET_UNOWNED,
                category="other",
                channel="email",
                priority="low",
                status="new",
                subject="Pertanyaan umum",
                created_by="siti.agent",
                created_at=NOW - DAY,
                updated_at=NOW - DAY,
            ),
        ],
    )
    yield (
        Table.TICKET_EVENTS,
        [
            row(
                Table.TICKET_EVENTS,
                id=1,
                ticket_id=TICKET_JABAR,
                kind="note",
                author="siti.agent",
                body="Sudah dicek",
                at=NOW - DAY,
            ),
            row(
                Table.TICKET_EVENTS,
                id=2,
                ticket_id=TICKET_UNOWNED,
                kind="reply",
                author="siti.agent",
                body="Terima kasih",
                at=NOW - DAY,
            ),
        ],
    )
    yield (
        Table.NOTES,
        [
            row(
                Table.NOTES,
                id=1,
                applicant_id=JATIM_UNVERIFIED,
                author="agus.jatim",
                body="Menelepon kantor",
                at=NOW - DAY,
            )
        ],
    )
    yield (
        Table.AUDIT_LOG,
        [
            row(
                Table.AUDIT_LOG,
                id=1,
                actor="siti.agent",
                action="reveal_pii",
                entity="applicants",
                entity_id=JATIM_VERIFIED,
                field="nik",
                reason="verifikasi telepon",
                at=NOW - DAY,
            )
        ],
    )


# Rows each user sees per table (users and waves are reference data everyone sees).
USERS = 5
VISIBLE = {
    None: {
        "users": USERS,
        "waves": 2,
        "applicants": 6,
        "registry_checks": 2,
        "wave_entries": 1,
        "verification_cases": 1,
        "tickets": 2,
        "ticket_events": 2,
        "notes": 1,
        "audit_log": 1,
    },
    "32": {
        "users": USERS,
        "waves": 2,
        "applicants": 3,
        "registry_checks": 1,
        "wave_entries": 0,
        "verification_cases": 1,
        "tickets": 1,
        "ticket_events": 1,
        "notes": 0,
        "audit_log": 0,
    },
}
