"""Ticket actions through the console's services, mirror and outbox, synced in-process.

Each test runs the whole path: the service's rule check, the outbox with its
local effect, the central's handler, the change feed and the rebase.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from prakerja_console.central import records
from prakerja_console.domain.sla import SlaStatus
from prakerja_console.domain.tickets import Category, Channel, Priority, Status
from prakerja_console.services.errors import ActionRefusedError, NotFoundError
from prakerja_console.services.ticket_actions import TicketDraft
from prakerja_console.services.ticket_views import EventKind, SlaClockName, TicketKey
from prakerja_console.services.tickets import QueueSort, QueueView, TicketDetail
from prakerja_console.sync.protocol import Table
from tests.central import dataset
from tests.tickets.central_desk import AGENT, JATIM_OFFICER, OTHER_AGENT, SUPERVISOR, Desk
from tests.tickets.conftest import MakeConsole
from tests.tickets.loopback import Console

DRAFT = TicketDraft(
    category=Category.EMAIL_NOT_RECEIVED,
    channel=Channel.PHONE,
    priority=Priority.HIGH,
    subject="Email verifikasi tidak masuk",
    applicant_id=dataset.JABAR_UNVERIFIED,
    description="Sudah cek folder spam",
)


def detail(console: Console, key: TicketKey) -> TicketDetail:
    return console.services.tickets.detail(key)


def local_rows(console: Console) -> int:
    conn = sqlite3.connect(console.path)
    try:
        (count,) = conn.execute(
            "SELECT (SELECT count(*) FROM tickets WHERE id < 0)"
            " + (SELECT count(*) FROM ticket_events WHERE id < 0)"
        ).fetchone()
    finally:
        conn.close()
    return int(count)


def test_an_action_names_the_values_it_saw_by_the_codes_the_central_sent(
    console: MakeConsole,
) -> None:
    siti = console(AGENT)
    actions = siti.services.ticket_actions
    ticket = detail(siti, actions.create(DRAFT).key).ticket
    seen = replace(
        ticket,
        codes=ticket.codes._replace(category="crypto_refund", priority="whenever", status="new"),
    )
    actions.set_priority(seen, Priority.URGENT)
    actions.set_category(seen, Category.OTHER)
    actions.set_status(seen, Status.OPEN)
    conn = sqlite3.connect(siti.path)
    try:
        payloads = [
            json.loads(raw) for (raw,) in conn.execute("SELECT payload FROM outbox ORDER BY seq")
        ]
    finally:
        conn.close()
    assert [
        {key: value for key, value in payload.items() if key.startswith("seen_")}
        for payload in payloads[1:]
    ] == [{"seen_priority": "whenever"}, {"seen_category": "crypto_refund"}, {"seen_status": "new"}]


# -- offline creation and reconciliation ------------------------------------------------------


def test_a_ticket_filed_offline_shows_at_once_and_takes_the_centrals_id_after_sync(
    console: MakeConsole,
) -> None:
    siti = console(AGENT)
    created = siti.services.ticket_actions.create(DRAFT)
    assert created.key.id < 0
    assert created.key.ref == created.receipt.action_id
    local = detail(siti, created.key)
    assert (local.ticket.status, local.ticket.assignee, local.ticket.pending) == (
        Status.NEW,
        "siti.agent",
        True,
    )
    assert local.ticket.sla is not None
    assert local.ticket.sla.clock is SlaClockName.FIRST_RESPONSE
    assert [(e.kind, e.pending) for e in local.events] == [
        (EventKind.ASSIGN, True),
        (EventKind.NOTE, True),
    ]
    siti.services.ticket_actions.reply(local.ticket, "Kami kirim ulang emailnya.")
    replied = detail(siti, created.key)
    assert replied.events[-1].kind is EventKind.REPLY
    assert replied.ticket.sla is not None
    assert replied.ticket.sla.clock is SlaClockName.RESOLUTION  # the first answer stopped it
    mine = siti.services.tickets.queue(QueueView.MINE)
    assert created.key.id in [line.id for line in mine.lines]

    answers = siti.sync()

    assert [answer.status for answer in answers] == ["applied", "applied"]
    assert local_rows(siti) == 0
    synced = detail(siti, created.key)  # the same key finds the central's row
    assert synced.ticket.id == answers[0].entity_id
    assert [(e.kind, e.pending) for e in synced.events] == [
        (EventKind.ASSIGN, False),
        (EventKind.NOTE, False),
        (EventKind.REPLY, False),
    ]
    assert synced.actions == ()
    assert siti.agrees_with_central()


def test_actions_queued_on_an_offline_ticket_follow_it_to_the_central(
    console: MakeConsole,
) -> None:
    siti = console(AGENT)
    created = siti.services.ticket_actions.create(DRAFT)
    actions = siti.services.ticket_actions
    actions.set_status(detail(siti, created.key).ticket, Status.OPEN)
    actions.set_priority(detail(siti, created.key).ticket, Priority.URGENT)
    actions.note(detail(siti, created.key).ticket, "Penelepon minta dihubungi sore")
    siti.push()  # answered, but the central's rows are not pulled yet
    waiting = detail(siti, created.key)
    assert waiting.ticket.id < 0  # still the local copy, now with every change on it
    assert (waiting.ticket.status, waiting.ticket.priority) == (Status.OPEN, Priority.URGENT)
    siti.pull()
    final = detail(siti, created.key)
    assert final.ticket.id > 0
    assert (final.ticket.status, final.ticket.priority) == (Status.OPEN, Priority.URGENT)
    assert [answer.status for answer in siti.answers] == ["applied"] * 4
    assert local_rows(siti) == 0
    assert siti.agrees_with_central()


# -- rebase and conflicts -------------------------------------------------------------------------


def test_a_queued_change_is_rebased_on_a_colleagues_newer_row(console: MakeConsole) -> None:
    siti, rudi = console(AGENT), console(OTHER_AGENT)
    key = TicketKey(dataset.TICKET_JABAR)
    rudi.services.ticket_actions.set_priority(detail(rudi, key).ticket, Priority.URGENT)
    rudi.sync()
    siti.services.ticket_actions.set_status(detail(siti, key).ticket, Status.PENDING_APPLICANT)
    siti.pull()  # rudi's row arrives under siti's queued change
    rebased = detail(siti, key).ticket
    assert (rebased.priority, rebased.status, rebased.pending) == (
        Priority.URGENT,
        Status.PENDING_APPLICANT,
        True,
    )
    assert [answer.status for answer in siti.sync()] == ["applied"]  # another field: no conflict
    assert siti.agrees_with_central()
    rudi.pull()
    assert rudi.agrees_with_central()


def _race(siti: Console, rudi: Console) -> TicketDetail:
    """Both change the same ticket's status from open; rudi syncs first, siti conflicts."""
    key = TicketKey(dataset.TICKET_JABAR)
    rudi.services.ticket_actions.set_status(detail(rudi, key).ticket, Status.RESOLVED)
    siti.services.ticket_actions.set_status(detail(siti, key).ticket, Status.PENDING_APPLICANT)
    assert [a.status for a in rudi.sync()] == ["applied"]
    assert [a.status for a in siti.sync()] == ["conflict"]
    seen = detail(siti, key)
    assert seen.ticket.status is Status.RESOLVED  # the central's, not silently mine
    assert len(seen.conflicts) == 1
    return seen


def test_taking_theirs_drops_my_change(console: MakeConsole) -> None:
    siti, rudi = console(AGENT), console(OTHER_AGENT)
    seen = _race(siti, rudi)
    siti.services.ticket_actions.take_theirs(seen.conflicts[0])
    assert siti.sync() == []
    assert detail(siti, seen.ticket.key).conflicts == ()
    assert siti.agrees_with_central()


def test_keeping_mine_sends_it_again_where_the_rules_decide(console: MakeConsole) -> None:
    siti, rudi = console(AGENT), console(OTHER_AGENT)
    seen = _race(siti, rudi)
    siti.services.ticket_actions.keep_mine(seen.conflicts[0])
    (again,) = siti.sync()
    assert (again.status, again.reason_code) == ("rejected", "transition_not_allowed")
    assert siti.agrees_with_central()


def test_merging_keeps_their_change_and_my_intent_as_a_note(console: MakeConsole) -> None:
    siti, rudi = console(AGENT), console(OTHER_AGENT)
    seen = _race(siti, rudi)
    siti.services.ticket_actions.merge_note(
        seen.ticket, seen.conflicts[0], "Saya mau menunggu jawaban pendaftar dulu."
    )
    assert [a.status for a in siti.sync()] == ["applied"]
    merged = detail(siti, seen.ticket.key)
    assert merged.conflicts == ()
    assert merged.ticket.status is Status.RESOLVED
    assert merged.events[-1].kind is EventKind.NOTE
    assert merged.events[-1].body == "Saya mau menunggu jawaban pendaftar dulu."
    rudi.pull()
    assert siti.agrees_with_central()
    assert rudi.agrees_with_central()


# -- rules before queuing ------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "  \n ", "x" * 100_000])
def test_an_empty_or_huge_reply_is_refused_before_it_is_queued(
    console: MakeConsole, body: str
) -> None:
    siti = console(AGENT)
    ticket = detail(siti, TicketKey(dataset.TICKET_JABAR)).ticket
    with pytest.raises(ActionRefusedError):
        siti.services.ticket_actions.reply(ticket, body)
    assert siti.push() == []


def test_markup_and_escapes_in_a_reply_are_kept_as_typed(console: MakeConsole) -> None:
    siti = console(AGENT)
    hostile = "[@click=app.quit]klik[/] \x1b]52;c;ZXZpbA==\x07 [b]tebal[/b]"
    ticket = detail(siti, TicketKey(dataset.TICKET_JABAR)).ticket
    siti.services.ticket_actions.reply(ticket, hostile)
    assert detail(siti, ticket.key).events[-1].body == hostile
    siti.sync()
    assert detail(siti, ticket.key).events[-1].body == hostile


def test_an_agent_takes_a_ticket_but_only_a_supervisor_hands_it_on(
    console: MakeConsole, desk: Desk
) -> None:
    siti, budi = console(AGENT), console(SUPERVISOR)
    key = TicketKey(dataset.TICKET_JABAR)
    with pytest.raises(ActionRefusedError) as refused:
        siti.services.ticket_actions.assign(detail(siti, key).ticket, "rudi.agent")
    assert "supervisor" in refused.value.message.template
    budi.services.ticket_actions.assign(detail(budi, key).ticket, "rudi.agent")
    assert [a.status for a in budi.sync()] == ["applied"]
    assert desk.ticket(dataset.TICKET_JABAR).values["assignee"] == "rudi.agent"
    siti.pull()
    with pytest.raises(ActionRefusedError):
        siti.services.ticket_actions.take(detail(siti, key).ticket)  # a colleague has it


def test_a_regional_officer_sees_and_files_only_their_provinces_tickets(
    console: MakeConsole,
) -> None:
    agus = console(JATIM_OFFICER)
    assert agus.services.tickets.counts().all == 0  # both seeded tickets are Jabar's or no one's
    with pytest.raises(NotFoundError):
        agus.services.ticket_actions.create(DRAFT)  # a Jabar applicant: not in his mirror
    created = agus.services.ticket_actions.create(
        TicketDraft(Category.OTHER, Channel.WALK_IN, Priority.LOW, "Datang ke kantor")
    )
    assert detail(agus, created.key).ticket.province_code == "35"
    agus.sync()
    assert agus.agrees_with_central()


def test_escalating_then_only_a_supervisor_resolves(console: MakeConsole) -> None:
    siti, budi = console(AGENT), console(SUPERVISOR)
    key = TicketKey(dataset.TICKET_JABAR)
    siti.services.ticket_actions.escalate(detail(siti, key).ticket, "Perlu keputusan")
    siti.sync()
    escalated = detail(siti, key)
    assert escalated.ticket.status is Status.ESCALATED
    assert Status.RESOLVED not in escalated.next_statuses
    budi.pull()
    assert Status.RESOLVED in detail(budi, key).next_statuses


def test_merging_a_duplicate_offline_into_an_offline_ticket(console: MakeConsole) -> None:
    siti = console(AGENT)
    actions = siti.services.ticket_actions
    survivor = actions.create(DRAFT)
    duplicate = actions.create(DRAFT)
    actions.merge(detail(siti, duplicate.key).ticket, detail(siti, survivor.key).ticket)
    merged = detail(siti, duplicate.key).ticket
    assert (merged.status, merged.merged_into) == (Status.CLOSED, survivor.key.id)
    siti.sync()
    final = detail(siti, duplicate.key).ticket
    assert final.merged_into == detail(siti, survivor.key).ticket.id > 0
    assert siti.agrees_with_central()


def test_a_case_is_linked_only_if_in_the_mirror_and_of_the_tickets_applicant(
    console: MakeConsole,
) -> None:
    siti = console(AGENT)
    actions = siti.services.ticket_actions
    ticket = detail(siti, TicketKey(dataset.TICKET_JABAR)).ticket
    with pytest.raises(NotFoundError):
        actions.link_case(ticket, 99)
    with pytest.raises(ActionRefusedError):
        actions.link_case(ticket, 1)  # the case of another Jabar applicant
    mismatch = actions.create(
        TicketDraft(
            Category.NIK_NOT_FOUND,
            Channel.PHONE,
            Priority.HIGH,
            "NIK tidak cocok",
            applicant_id=dataset.JABAR_NIK_MISMATCH,
        )
    )
    actions.link_case(detail(siti, mismatch.key).ticket, 1)
    assert detail(siti, mismatch.key).ticket.verification_case_id == 1


def test_a_ticket_may_go_only_to_users_who_work_tickets(console: MakeConsole) -> None:
    budi = console(SUPERVISOR)
    jabar = detail(budi, TicketKey(dataset.TICKET_JABAR)).ticket
    unowned = detail(budi, TicketKey(dataset.TICKET_UNOWNED)).ticket
    ticket_workers = ("budi.supervisor", "rudi.agent", "siti.agent")  # not the officers
    assert budi.services.tickets.assignable(jabar) == ticket_workers
    assert budi.services.tickets.assignable(unowned) == ticket_workers


def test_the_assignee_filter_matches_part_of_a_username(console: MakeConsole) -> None:
    siti = console(AGENT)
    siti.services.ticket_actions.create(DRAFT)
    tickets = siti.services.tickets
    assert [line.assignee for line in tickets.queue(QueueView.ALL, "petugas:SITI").lines] == [
        "siti.agent"
    ]
    assert tickets.queue(QueueView.ALL, "petugas:nobody").lines == ()


# -- the queue --------------------------------------------------------------------------------------


def test_tabs_count_what_they_list(console: MakeConsole) -> None:
    siti = console(AGENT)
    for _ in range(3):
        siti.services.ticket_actions.create(DRAFT)
    counts = siti.services.tickets.counts()
    tickets = siti.services.tickets
    for view in (QueueView.MINE, QueueView.UNASSIGNED, QueueView.ESCALATED, QueueView.ALL):
        assert len(tickets.queue(view).lines) == counts.of(view)
    assert counts.mine == 3
    assert counts.by_category == {"email_not_received": 4, "other": 1}


def test_the_sla_tab_lists_what_breaches_soonest_first(console: MakeConsole, desk: Desk) -> None:
    siti = console(AGENT)
    actions = siti.services.ticket_actions
    low = actions.create(TicketDraft(Category.OTHER, Channel.PHONE, Priority.LOW, "Pelan"))
    urgent = actions.create(TicketDraft(Category.OTHER, Channel.PHONE, Priority.URGENT, "Cepat"))
    # Filed at 05:13 WIB: the urgent one's first answer is due at 09:00, within the horizon.
    (soon,) = siti.services.tickets.queue(QueueView.BREACHING).lines
    assert soon.id == urgent.key.id
    assert soon.sla is not None
    assert soon.sla.state.status is not SlaStatus.BREACHED
    desk.now += 30 * 86_400  # a month later both are late; the seeded ones have no due times
    breaching = siti.services.tickets.queue(QueueView.BREACHING).lines
    assert [line.id for line in breaching] == [urgent.key.id, low.key.id]
    assert all(
        line.sla is not None and line.sla.state.status is SlaStatus.BREACHED for line in breaching
    )
    assert siti.services.tickets.counts().breaching == 2


@pytest.mark.parametrize("sort", list(QueueSort))
def test_paging_walks_a_view_once_in_order(console: MakeConsole, sort: QueueSort) -> None:
    siti = console(AGENT)
    for priority in (Priority.LOW, Priority.URGENT, Priority.NORMAL, Priority.HIGH) * 3:
        siti.services.ticket_actions.create(
            TicketDraft(Category.OTHER, Channel.PHONE, priority, "Pertanyaan")
        )
    whole = siti.services.tickets.queue(QueueView.ALL, sort=sort, limit=200).lines
    walked, after = [], None
    while True:
        page = siti.services.tickets.queue(QueueView.ALL, sort=sort, after=after, limit=5)
        walked += page.lines
        if page.next_after is None:
            break
        after = page.next_after
    assert [line.id for line in walked] == [line.id for line in whole]
    assert len(whole) == 14


def test_a_category_and_status_this_console_does_not_know_read_as_unknown(
    console: MakeConsole, desk: Desk
) -> None:
    with desk.db.write() as tx:
        found = records.insert(
            tx,
            Table.TICKETS,
            {
                "applicant_id": dataset.JABAR_VERIFIED,
                "category": "crypto_refund",
                "channel": "carrier_pigeon",
                "priority": "whenever",
                "status": "snoozed",
                "subject": "Dari versi pusat yang lebih baru",
                "created_by": "siti.agent",
                "created_at": desk.now,
                "updated_at": desk.now,
                "first_response_due": desk.now - 60,
                "province_code": "32",
            },
            "32",
        )
    siti = console(AGENT)
    shown = detail(siti, TicketKey(found.id))
    ticket = shown.ticket
    assert (ticket.category, ticket.channel, ticket.priority, ticket.status) == (
        Category.UNKNOWN,
        Channel.UNKNOWN,
        Priority.UNKNOWN,
        Status.UNKNOWN,
    )
    assert ticket.codes == ("crypto_refund", "carrier_pigeon", "whenever", "snoozed")
    assert ticket.sla is not None
    assert ticket.sla.state.status is SlaStatus.BREACHED  # an unknown status keeps its clock
    assert shown.next_statuses == ()
    with pytest.raises(ActionRefusedError):
        siti.services.ticket_actions.set_status(ticket, Status.OPEN)
    assert found.id in [line.id for line in siti.services.tickets.queue(QueueView.BREACHING).lines]
