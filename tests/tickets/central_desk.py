"""A central database over the hand-made data set, and a desk that sends it ticket actions.

The handlers are exercised through the real mutation processor (sequences,
idempotency, scope, conflicts), without HTTP: a mutation costs a transaction,
so property tests can afford hundreds. ``tests/tickets/test_two_consoles.py``
covers the same path over real HTTP.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prakerja_console.central import records
from prakerja_console.central.auth import Principal
from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.mutations import HANDLERS
from prakerja_console.central.mutations.processor import process_batch
from prakerja_console.central.records import Record
from prakerja_console.central.seeding import Batches, seed
from prakerja_console.central.users import load_accounts
from prakerja_console.domain.roles import Role
from prakerja_console.sync.protocol import (
    Mutation,
    MutationBatch,
    MutationResult,
    MutationType,
    Table,
)
from tests.central import dataset

AGENT = Principal("siti.agent", "Siti", Role.AGENT, None, "device-siti-0001")
OTHER_AGENT = Principal("rudi.agent", "Rudi", Role.AGENT, None, "device-rudi-0001")
SUPERVISOR = Principal("budi.supervisor", "Budi", Role.SUPERVISOR, None, "device-budi-0001")
JABAR_OFFICER = Principal("dewi.jabar", "Dewi", Role.OFFICER, "32", "device-dewi-0001")
JATIM_OFFICER = Principal("agus.jatim", "Agus", Role.OFFICER, "35", "device-agus-0001")


# One applicant per time zone besides the data set's (all WIB): Bali (WITA), Papua Tengah (WIT).
BALI = 101
PAPUA = 102
ZONE_APPLICANTS = {"32": dataset.JABAR_VERIFIED, "51": BALI, "94": PAPUA}


def _batches() -> Batches:
    yield from dataset.batches()
    yield (
        Table.APPLICANTS,
        [
            dataset.row(
                Table.APPLICANTS,
                id=applicant_id,
                name=f"Pendaftar {applicant_id}",
                email=f"pendaftar{applicant_id}@example.id",
                province_code=province,
                stage="registered",
                reason_code="email_pending",
                registered_at=dataset.NOW - 10 * dataset.DAY,
                state_changed_at=dataset.NOW - 10 * dataset.DAY,
            )
            for province, applicant_id in (("51", BALI), ("94", PAPUA))
        ],
    )


def build_central(folder: Path) -> Database:
    """A seeded central database file (the users of ``fixtures/users.toml``)."""
    db = Database(sqlite_url(folder / "central.sqlite"))
    seed(db, load_accounts(), _batches(), dataset.NOW)
    return db


@dataclass
class Desk:
    """Sends ticket actions as any user, numbering each device's sequence."""

    db: Database
    now: int = dataset.NOW
    _seqs: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def send(
        self,
        who: Principal,
        kind: MutationType,
        payload: dict[str, Any],
        *,
        base_version: int | None = None,
        mutation_id: str | None = None,
        seq: int | None = None,
    ) -> MutationResult:
        if seq is None:
            self._seqs[who.device_id] += 1
            seq = self._seqs[who.device_id]
        mutation = Mutation(
            id=mutation_id or str(uuid.uuid4()),
            seq=seq,
            type=kind.value,
            base_version=base_version,
            payload=payload,
            created_at=self.now,
        )
        batch = MutationBatch(device_id=who.device_id, mutations=[mutation])
        (result,) = process_batch(self.db, who, batch, self.now, HANDLERS).results
        return result

    def ticket(self, ticket_id: int) -> Record:
        with self.db.read() as tx:
            found = records.load(tx, Table.TICKETS, ticket_id)
        assert found is not None
        return found

    def events(self, ticket_id: int) -> list[dict[str, Any]]:
        with self.db.read() as tx:
            rows = tx.all(
                'SELECT kind, author, body, data, "at", scope FROM ticket_events'
                " WHERE ticket_id = ? ORDER BY id",
                (ticket_id,),
            )
        return [
            {
                "kind": kind,
                "author": author,
                "body": body,
                "data": json.loads(data) if data else None,
                "at": at,
                "scope": scope,
            }
            for kind, author, body, data, at, scope in rows
        ]

    def create(self, who: Principal = AGENT, **payload: Any) -> int:
        """File a ticket (an e-mail complaint of Jabar's unverified applicant by default)."""
        values = {
            "applicant_id": dataset.JABAR_UNVERIFIED,
            "category": "email_not_received",
            "channel": "phone",
            "priority": "normal",
            "subject": "Email verifikasi tidak masuk",
            **payload,
        }
        result = self.send(who, MutationType.TICKET_CREATE, values)
        assert result.status == "applied", result
        assert result.entity_id is not None
        return result.entity_id

    def status(
        self, who: Principal, ticket_id: int, to: str, *, base_version: int | None = None
    ) -> MutationResult:
        ticket = self.ticket(ticket_id)
        return self.send(
            who,
            MutationType.TICKET_SET_STATUS,
            {"ticket_id": ticket_id, "status": to, "seen_status": ticket.values["status"]},
            base_version=ticket.version if base_version is None else base_version,
        )
