"""Two consoles, two mirrors, one ticket, over real HTTP with the real sync engine.

Siti and Rudi both change ticket #1's status while looking at the same version.
Rudi syncs first and wins; Siti's push comes back as a conflict, which she sees
on the ticket and resolves by keeping the central's status and writing what she
meant as a note. After both sync, each mirror holds exactly the central's rows
(per-table checksums), and both show the same conversation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.domain.tickets import Priority, Status
from prakerja_console.services import ConsoleServices
from prakerja_console.services.ticket_views import EventKind, TicketKey
from prakerja_console.sync.engine import SyncEngine
from tests.sync.keyrings import MemoryKeyring
from tests.sync.support import engine_for

TICKET = TicketKey(1)  # open, in the small scenario


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def consoles(
    central: CentralServer, tmp_path: Path
) -> Iterator[dict[str, tuple[SyncEngine, ConsoleServices]]]:
    keyring = MemoryKeyring()
    made: dict[str, tuple[SyncEngine, ConsoleServices]] = {}
    for user in ("siti.agent", "rudi.agent"):
        mirror = tmp_path / f"{user}.db"
        engine = engine_for(central.url, mirror, keyring, user=user)
        assert engine.sync_once().ok
        services = ConsoleServices(mirror, now)
        assert services.facts().operator is not None
        made[user] = (engine, services)
    yield made
    for engine, services in made.values():
        services.close()
        engine.close()


def agrees(engine: SyncEngine) -> bool:
    central = engine.central_checksum().tables
    return engine.local_checksums() == central


def test_one_wins_the_other_sees_the_conflict_resolves_it_and_all_agree(
    consoles: dict[str, tuple[SyncEngine, ConsoleServices]],
) -> None:
    siti_engine, siti = consoles["siti.agent"]
    rudi_engine, rudi = consoles["rudi.agent"]
    seen_by_siti = siti.tickets.detail(TICKET).ticket
    seen_by_rudi = rudi.tickets.detail(TICKET).ticket
    assert seen_by_siti.version == seen_by_rudi.version
    siti.ticket_actions.set_status(seen_by_siti, Status.PENDING_APPLICANT)
    rudi.ticket_actions.set_status(seen_by_rudi, Status.RESOLVED)

    first = rudi_engine.sync_once()
    second = siti_engine.sync_once()

    assert (first.ok, dict(first.pushed)) == (True, {"applied": 1})
    assert (second.ok, dict(second.pushed)) == (True, {"conflict": 1})
    shown = siti.tickets.detail(TICKET)
    assert shown.ticket.status is Status.RESOLVED  # never silently mine
    (conflict,) = shown.conflicts
    siti.ticket_actions.merge_note(shown.ticket, conflict, "Saya tadinya menunggu jawaban.")
    assert dict(siti_engine.sync_once().pushed) == {"applied": 1}
    assert rudi_engine.sync_once().ok

    assert agrees(siti_engine)
    assert agrees(rudi_engine)
    for services in (siti, rudi):
        detail = services.tickets.detail(TICKET)
        assert detail.ticket.status is Status.RESOLVED
        assert detail.conflicts == ()
        assert detail.events[-1].kind is EventKind.NOTE
        assert detail.events[-1].body == "Saya tadinya menunggu jawaban."
        assert not detail.events[-1].pending


def test_keeping_mine_is_decided_by_the_rules_on_the_central(
    consoles: dict[str, tuple[SyncEngine, ConsoleServices]],
) -> None:
    siti_engine, siti = consoles["siti.agent"]
    rudi_engine, rudi = consoles["rudi.agent"]
    siti.ticket_actions.set_priority(siti.tickets.detail(TICKET).ticket, Priority.URGENT)
    rudi.ticket_actions.set_priority(rudi.tickets.detail(TICKET).ticket, Priority.LOW)
    assert dict(rudi_engine.sync_once().pushed) == {"applied": 1}
    assert dict(siti_engine.sync_once().pushed) == {"conflict": 1}
    (conflict,) = siti.tickets.detail(TICKET).conflicts
    siti.ticket_actions.keep_mine(conflict)
    assert dict(siti_engine.sync_once().pushed) == {"applied": 1}  # mine, on top of theirs
    rudi_engine.sync_once()
    for services in (siti, rudi):
        assert services.tickets.detail(TICKET).ticket.priority.value == "urgent"
    assert agrees(siti_engine)
    assert agrees(rudi_engine)
