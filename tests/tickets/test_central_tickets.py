"""The central's ticket actions: rules, SLA due times, offline ids, conflicts, scope."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from prakerja_console.central.auth import Principal
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sla import due_times
from prakerja_console.domain.tickets import BODY_MAX_CHARS, Category, Priority, TicketRule
from prakerja_console.sync.protocol import MutationResult, MutationType
from tests.central import dataset
from tests.tickets.central_desk import (
    AGENT,
    JABAR_OFFICER,
    JATIM_OFFICER,
    OTHER_AGENT,
    SUPERVISOR,
    Desk,
)

ALL_EVENTS_OF_A_NEW_TICKET = ["assign", "note"]


def at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


# -- creating ------------------------------------------------------------------------


def test_a_new_ticket_keeps_its_offline_id_and_its_due_times_in_the_applicants_zone(
    desk: Desk,
) -> None:
    result = desk.send(
        AGENT,
        MutationType.TICKET_CREATE,
        {
            "applicant_id": dataset.JATIM_UNVERIFIED,
            "category": "incentive_failed",
            "channel": "phone",
            "priority": "normal",
            "subject": "  Insentif belum masuk  ",
            "description": "Menelepon dari Surabaya",
            "assignee": "siti.agent",
        },
        mutation_id="offline-create-0001",
    )
    assert result.status == "applied"
    ticket = desk.ticket(result.entity_id or 0)
    values = ticket.values
    expected = due_times(
        Category.INCENTIVE_FAILED, Priority.NORMAL, at(dataset.NOW), TimeZoneName.WIB
    )
    assert values["client_ref"] == "offline-create-0001"
    assert (values["status"], values["assignee"], values["subject"]) == (
        "new",
        "siti.agent",
        "Insentif belum masuk",
    )
    assert values["province_code"] == "35"
    assert ticket.scope == "35"
    assert values["first_response_due"] == int(expected.first_response.timestamp())
    assert values["resolution_due"] == int(expected.resolution.timestamp())
    assert [event["kind"] for event in desk.events(ticket.id)] == ALL_EVENTS_OF_A_NEW_TICKET


def test_a_blank_ticket_belongs_to_its_creators_scope(desk: Desk) -> None:
    nationwide = desk.ticket(desk.create(applicant_id=None))
    regional = desk.ticket(desk.create(JABAR_OFFICER, applicant_id=None))
    assert (nationwide.values["province_code"], nationwide.scope) == (None, "")
    assert (regional.values["province_code"], regional.scope) == ("32", "32")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"category": "voucher_lost_in_space"}, TicketRule.UNKNOWN_VALUE),
        ({"channel": "pigeon"}, TicketRule.UNKNOWN_VALUE),
        ({"priority": "whenever"}, TicketRule.UNKNOWN_VALUE),
        ({"subject": "   "}, TicketRule.SUBJECT_REQUIRED),
        ({"description": "x" * (BODY_MAX_CHARS + 1)}, TicketRule.TOO_LONG),
        ({"assignee": "rudi.agent"}, TicketRule.SUPERVISOR_ONLY),
        ({"applicant_id": 999}, "not_found"),
        ({"subject": ""}, "invalid_payload"),
    ],
)
def test_a_ticket_that_cannot_be_filed_is_refused_with_the_rule(
    desk: Desk, change: dict[str, object], code: str
) -> None:
    payload = {
        "applicant_id": dataset.JABAR_UNVERIFIED,
        "category": "other",
        "channel": "phone",
        "priority": "low",
        "subject": "Pertanyaan",
        **change,
    }
    result = desk.send(AGENT, MutationType.TICKET_CREATE, payload)
    assert (result.status, result.reason_code) == ("rejected", code)
    assert result.message


def test_an_officer_files_tickets_only_about_applicants_of_their_province(desk: Desk) -> None:
    result = desk.send(
        JATIM_OFFICER,
        MutationType.TICKET_CREATE,
        {
            "applicant_id": dataset.JABAR_UNVERIFIED,
            "category": "other",
            "channel": "walk_in",
            "priority": "low",
            "subject": "Datang ke kantor",
        },
    )
    assert (result.status, result.reason_code) == ("rejected", "out_of_scope")


def test_a_supervisor_assigns_a_new_ticket_only_to_someone_who_works_its_region(
    desk: Desk,
) -> None:
    refused = desk.send(
        SUPERVISOR,
        MutationType.TICKET_CREATE,
        {
            "applicant_id": dataset.JABAR_UNVERIFIED,
            "category": "other",
            "channel": "phone",
            "priority": "low",
            "subject": "Ke Jatim?",
            "assignee": "agus.jatim",
        },
    )
    unknown = desk.send(
        SUPERVISOR,
        MutationType.TICKET_CREATE,
        {
            "category": "other",
            "channel": "phone",
            "priority": "low",
            "subject": "Siapa?",
            "assignee": "nobody.here",
        },
    )
    assert refused.reason_code == "assignee_cannot_work"
    assert unknown.reason_code == "unknown_user"
    assert desk.create(SUPERVISOR, assignee="dewi.jabar")


# -- actions on a ticket created offline ------------------------------------------------


def test_later_actions_name_an_offline_ticket_by_its_client_ref(desk: Desk) -> None:
    created = desk.send(
        AGENT,
        MutationType.TICKET_CREATE,
        {
            "applicant_id": dataset.JABAR_VERIFIED,
            "category": "certificate_missing",
            "channel": "email",
            "priority": "normal",
            "subject": "Sertifikat",
        },
        mutation_id="create-action-0042",
    )
    reply = desk.send(
        AGENT,
        MutationType.TICKET_REPLY,
        {"ticket_ref": "create-action-0042", "body": "Sedang kami cek."},
        base_version=0,
    )
    status = desk.send(
        AGENT,
        MutationType.TICKET_SET_STATUS,
        {"ticket_ref": "create-action-0042", "status": "open", "seen_status": "new"},
        base_version=0,
    )
    ticket = desk.ticket(created.entity_id or 0)
    assert (reply.status, status.status) == ("applied", "applied")
    assert ticket.values["status"] == "open"
    assert ticket.values["first_responded_at"] == dataset.NOW
    assert [e["kind"] for e in desk.events(ticket.id)] == ["reply", "status"]


def test_an_unknown_client_ref_is_not_found(desk: Desk) -> None:
    result = desk.send(
        AGENT, MutationType.TICKET_NOTE, {"ticket_ref": "never-created-0001", "body": "Halo"}
    )
    assert (result.status, result.reason_code) == ("rejected", "not_found")


def test_a_create_sent_twice_files_one_ticket(desk: Desk) -> None:
    payload = {"category": "other", "channel": "phone", "priority": "low", "subject": "Sekali"}
    first = desk.send(AGENT, MutationType.TICKET_CREATE, payload, mutation_id="once-only-0001")
    again = desk.send(
        AGENT, MutationType.TICKET_CREATE, payload, mutation_id="once-only-0001", seq=1
    )
    assert (again.status, again.original_status) == ("duplicate", "applied")
    assert again.entity_id == first.entity_id
    with desk.db.read() as tx:
        count = tx.scalar("SELECT count(*) FROM tickets WHERE client_ref = 'once-only-0001'")
    assert count == 1


# -- replies and notes ------------------------------------------------------------------


def test_replies_and_notes_commute_and_only_the_first_reply_stops_the_clock(desk: Desk) -> None:
    ticket_id = desk.create()
    stale = desk.ticket(ticket_id).version
    desk.now += 600
    first = desk.send(
        AGENT,
        MutationType.TICKET_REPLY,
        {"ticket_id": ticket_id, "body": "Halo"},
        base_version=stale,
    )
    desk.now += 600
    note = desk.send(
        OTHER_AGENT,
        MutationType.TICKET_NOTE,
        {"ticket_id": ticket_id, "body": "Catatan internal"},
        base_version=stale,
    )
    second = desk.send(
        OTHER_AGENT,
        MutationType.TICKET_REPLY,
        {"ticket_id": ticket_id, "body": "Lagi"},
        base_version=stale,
    )
    assert [r.status for r in (first, note, second)] == ["applied"] * 3
    assert desk.ticket(ticket_id).values["first_responded_at"] == dataset.NOW + 600
    kinds = [(e["kind"], e["author"]) for e in desk.events(ticket_id)]
    assert kinds == [("reply", "siti.agent"), ("note", "rudi.agent"), ("reply", "rudi.agent")]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", TicketRule.EMPTY_BODY),
        (" \n\t ", TicketRule.EMPTY_BODY),
        ("x" * 100_000, TicketRule.TOO_LONG),
    ],
)
def test_an_empty_or_huge_reply_is_refused(desk: Desk, body: str, code: TicketRule) -> None:
    result = desk.send(
        AGENT, MutationType.TICKET_REPLY, {"ticket_id": dataset.TICKET_JABAR, "body": body}
    )
    assert (result.status, result.reason_code) == ("rejected", code.value)
    assert desk.events(dataset.TICKET_JABAR)[-1]["kind"] == "note"  # nothing appended


def test_a_reply_is_stored_exactly_as_typed(desk: Desk) -> None:
    hostile = "[@click=app.quit]x[/] \x1b[2J \u202eterbalik\n baris dua"
    result = desk.send(
        AGENT, MutationType.TICKET_REPLY, {"ticket_id": dataset.TICKET_JABAR, "body": hostile}
    )
    assert result.status == "applied"
    assert desk.events(dataset.TICKET_JABAR)[-1]["body"] == hostile


# -- status changes and conflicts ----------------------------------------------------------


def test_resolving_stops_both_clocks_and_reopening_clears_the_resolution(desk: Desk) -> None:
    ticket_id = desk.create()
    desk.status(AGENT, ticket_id, "open")
    desk.now += 3600
    assert desk.status(AGENT, ticket_id, "resolved").status == "applied"
    resolved = desk.ticket(ticket_id).values
    assert resolved["resolved_at"] == resolved["first_responded_at"] == desk.now
    desk.now += 3600
    assert desk.status(AGENT, ticket_id, "open").status == "applied"
    assert desk.ticket(ticket_id).values["resolved_at"] is None


def test_a_status_change_on_a_stale_version_conflicts_only_if_the_status_moved(
    desk: Desk,
) -> None:
    ticket_id = desk.create()
    seen = desk.ticket(ticket_id)
    desk.send(OTHER_AGENT, MutationType.TICKET_NOTE, {"ticket_id": ticket_id, "body": "Catatan"})
    still_fine = desk.send(
        AGENT,
        MutationType.TICKET_SET_STATUS,
        {"ticket_id": ticket_id, "status": "open", "seen_status": "new"},
        base_version=seen.version,
    )
    moved = desk.ticket(ticket_id)
    desk.send(
        OTHER_AGENT,
        MutationType.TICKET_SET_STATUS,
        {"ticket_id": ticket_id, "status": "resolved", "seen_status": "open"},
        base_version=moved.version,
    )
    conflict = desk.send(
        AGENT,
        MutationType.TICKET_SET_STATUS,
        {"ticket_id": ticket_id, "status": "pending_applicant", "seen_status": "open"},
        base_version=moved.version,
    )
    assert still_fine.status == "applied"
    assert (conflict.status, conflict.reason_code) == ("conflict", "stale_base_version")
    assert conflict.current is not None
    assert conflict.current["status"] == "resolved"
    assert desk.ticket(ticket_id).values["status"] == "resolved"


def test_refused_transitions_carry_the_rule_and_its_words(desk: Desk) -> None:
    result = desk.status(AGENT, dataset.TICKET_JABAR, "closed")
    assert (result.status, result.reason_code) == ("rejected", "transition_not_allowed")
    assert result.message == (
        "Only a resolved ticket can be closed. Resolve it first, or merge it into another ticket."
    )


def test_an_unknown_status_from_a_newer_console_is_refused(desk: Desk) -> None:
    result = desk.status(AGENT, dataset.TICKET_JABAR, "snoozed")
    assert (result.status, result.reason_code) == ("rejected", "unknown_state")


# -- SLA through the central ----------------------------------------------------------------


def test_waiting_for_the_applicant_pauses_the_resolution_clock(desk: Desk) -> None:
    desk.now = int(datetime(2026, 11, 23, 2, 0, tzinfo=UTC).timestamp())  # Mon 09:00 WIB
    ticket_id = desk.create(priority="high")  # resolution: 2 business days
    before = desk.ticket(ticket_id).values["resolution_due"]
    desk.status(AGENT, ticket_id, "open")
    desk.now += 3600  # 10:00: wait for the applicant
    desk.status(AGENT, ticket_id, "pending_applicant")
    assert desk.ticket(ticket_id).values["resolution_due"] == before
    desk.now += 24 * 3600  # Tuesday 10:00: the applicant answers, a business day later
    desk.status(AGENT, ticket_id, "open")
    resumed = desk.ticket(ticket_id).values
    assert resumed["resolution_due"] == before + 24 * 3600
    assert resumed["first_response_due"] == int(
        datetime(2026, 11, 23, 6, 0, tzinfo=UTC).timestamp()
    )


def test_a_higher_priority_moves_the_due_times_at_once(desk: Desk) -> None:
    ticket_id = desk.create(priority="low")
    low = desk.ticket(ticket_id)
    result = desk.send(
        AGENT,
        MutationType.TICKET_SET_PRIORITY,
        {"ticket_id": ticket_id, "priority": "urgent", "seen_priority": "low"},
        base_version=low.version,
    )
    urgent = desk.ticket(ticket_id).values
    expected = due_times(
        Category.EMAIL_NOT_RECEIVED, Priority.URGENT, at(low.values["created_at"]), TimeZoneName.WIB
    )
    assert result.status == "applied"
    assert urgent["first_response_due"] == int(expected.first_response.timestamp())
    assert urgent["resolution_due"] < low.values["resolution_due"]
    assert desk.events(ticket_id)[-1]["data"] == {"from": "low", "to": "urgent"}


def test_a_tighter_category_moves_the_due_times_and_the_same_one_is_refused(desk: Desk) -> None:
    ticket_id = desk.create()
    first = desk.ticket(ticket_id)
    moved = desk.send(
        AGENT,
        MutationType.TICKET_SET_CATEGORY,
        {
            "ticket_id": ticket_id,
            "category": "account_blocked",
            "seen_category": "email_not_received",
        },
        base_version=first.version,
    )
    again = desk.send(
        AGENT,
        MutationType.TICKET_SET_CATEGORY,
        {"ticket_id": ticket_id, "category": "account_blocked", "seen_category": "account_blocked"},
    )
    assert moved.status == "applied"
    assert desk.ticket(ticket_id).values["resolution_due"] < first.values["resolution_due"]
    assert (again.status, again.reason_code) == ("rejected", "unchanged")


# -- assignment by role ------------------------------------------------------------------------


def _assign(
    desk: Desk, who: Principal, ticket_id: int, assignee: str | None, seen: str | None, base: int
) -> MutationResult:
    return desk.send(
        who,
        MutationType.TICKET_ASSIGN,
        {"ticket_id": ticket_id, "assignee": assignee, "seen_assignee": seen},
        base_version=base,
    )


def test_two_agents_taking_one_free_ticket_the_second_sees_a_conflict(desk: Desk) -> None:
    ticket_id = desk.create()
    seen = desk.ticket(ticket_id).version
    first = _assign(desk, AGENT, ticket_id, "siti.agent", None, seen)
    second = _assign(desk, OTHER_AGENT, ticket_id, "rudi.agent", None, seen)
    assert first.status == "applied"
    assert second.status == "conflict"
    assert second.current is not None
    assert second.current["assignee"] == "siti.agent"


def test_only_a_supervisor_hands_a_ticket_to_someone_else(desk: Desk) -> None:
    ticket_id = desk.create()
    version = desk.ticket(ticket_id).version
    agent = _assign(desk, AGENT, ticket_id, "rudi.agent", None, version)
    supervisor = _assign(desk, SUPERVISOR, ticket_id, "rudi.agent", None, version)
    version = desk.ticket(ticket_id).version
    give_up_other = _assign(desk, AGENT, ticket_id, None, "rudi.agent", version)
    give_up_own = _assign(desk, OTHER_AGENT, ticket_id, None, "rudi.agent", version)
    assert (agent.status, agent.reason_code) == ("rejected", "supervisor_only")
    assert supervisor.status == "applied"
    assert (give_up_other.status, give_up_other.reason_code) == ("rejected", "supervisor_only")
    assert give_up_own.status == "applied"
    assert [e["data"] for e in desk.events(ticket_id)] == [
        {"from": None, "to": "rudi.agent"},
        {"from": "rudi.agent", "to": None},
    ]


# -- escalation, merge, link, applicant ------------------------------------------------------------


def test_escalating_needs_a_reason_and_then_only_a_supervisor_resolves(desk: Desk) -> None:
    ticket_id = desk.create()
    desk.status(AGENT, ticket_id, "open")
    version = desk.ticket(ticket_id).version

    def escalate(reason: str) -> MutationResult:
        return desk.send(
            AGENT,
            MutationType.TICKET_ESCALATE,
            {"ticket_id": ticket_id, "reason": reason, "seen_status": "open"},
            base_version=version,
        )

    assert escalate("   ").reason_code == "reason_required"
    too_short = escalate("x")
    assert (too_short.status, too_short.reason_code) == ("rejected", "reason_too_short")
    assert "at least 10 characters" in (too_short.message or "")
    assert escalate("Akun diblokir, perlu keputusan").status == "applied"
    assert [e["kind"] for e in desk.events(ticket_id)][-2:] == ["escalate", "status"]
    assert desk.status(AGENT, ticket_id, "resolved").reason_code == "supervisor_only"
    assert desk.status(SUPERVISOR, ticket_id, "resolved").status == "applied"


def test_merging_closes_the_duplicate_and_both_conversations_say_so(desk: Desk) -> None:
    survivor = desk.create()
    duplicate = desk.create(subject="Email belum masuk (lagi)")
    result = desk.send(
        AGENT,
        MutationType.TICKET_MERGE,
        {"ticket_id": duplicate, "into_id": survivor, "seen_status": "new"},
        base_version=desk.ticket(duplicate).version,
    )
    closed = desk.ticket(duplicate).values
    assert result.status == "applied"
    assert (closed["status"], closed["merged_into"]) == ("closed", survivor)
    assert desk.events(duplicate)[0]["data"] == {"into": survivor}
    assert desk.events(survivor)[-1]["data"] == {"from": duplicate}
    again = desk.send(
        AGENT, MutationType.TICKET_NOTE, {"ticket_id": duplicate, "body": "Masih di sini?"}
    )
    assert again.reason_code == "merged"


def test_only_a_supervisor_merges_an_escalated_ticket_away(desk: Desk) -> None:
    survivor = desk.create()
    escalated = desk.create(subject="Akun diblokir (lagi)")
    desk.status(AGENT, escalated, "open")
    desk.send(
        AGENT,
        MutationType.TICKET_ESCALATE,
        {"ticket_id": escalated, "reason": "Perlu keputusan supervisor", "seen_status": "open"},
        base_version=desk.ticket(escalated).version,
    )

    def merge(who: Principal) -> MutationResult:
        return desk.send(
            who,
            MutationType.TICKET_MERGE,
            {"ticket_id": escalated, "into_id": survivor, "seen_status": "escalated"},
            base_version=desk.ticket(escalated).version,
        )

    refused = merge(AGENT)
    assert (refused.status, refused.reason_code) == ("rejected", "supervisor_only")
    assert "only a supervisor" in (refused.message or "")
    assert desk.ticket(escalated).values["status"] == "escalated"
    assert merge(SUPERVISOR).status == "applied"
    assert desk.ticket(escalated).values["merged_into"] == survivor


@pytest.mark.parametrize(
    ("into", "code"),
    [("itself", "merge_into_itself"), ("other_applicant", "merge_other_applicant")],
)
def test_a_wrong_merge_is_refused(desk: Desk, into: str, code: str) -> None:
    source = desk.create()
    target = source if into == "itself" else desk.create(applicant_id=dataset.JABAR_VERIFIED)
    result = desk.send(
        AGENT,
        MutationType.TICKET_MERGE,
        {"ticket_id": source, "into_id": target, "seen_status": "new"},
    )
    assert (result.status, result.reason_code) == ("rejected", code)


def test_a_ticket_links_only_a_case_of_its_own_applicant(desk: Desk) -> None:
    mismatch = desk.create(applicant_id=dataset.JABAR_NIK_MISMATCH, category="nik_kk_mismatch")
    other = desk.create()
    linked = desk.send(
        AGENT,
        MutationType.TICKET_LINK_CASE,
        {"ticket_id": mismatch, "case_id": 1, "seen_case_id": None},
    )
    refused = desk.send(
        AGENT,
        MutationType.TICKET_LINK_CASE,
        {"ticket_id": other, "case_id": 1, "seen_case_id": None},
    )
    assert linked.status == "applied"
    assert desk.ticket(mismatch).values["verification_case_id"] == 1
    assert refused.reason_code == "case_other_applicant"


def test_naming_the_applicant_of_a_blank_ticket_moves_it_and_its_history_to_their_province(
    desk: Desk,
) -> None:
    ticket_id = desk.create(applicant_id=None, description="Penelepon belum sebut NIK")
    blank = desk.ticket(ticket_id)
    result = desk.send(
        AGENT,
        MutationType.TICKET_SET_APPLICANT,
        {"ticket_id": ticket_id, "applicant_id": dataset.JATIM_VERIFIED, "seen_applicant_id": None},
        base_version=blank.version,
    )
    named = desk.ticket(ticket_id)
    assert result.status == "applied"
    assert (named.values["applicant_id"], named.values["province_code"], named.scope) == (
        dataset.JATIM_VERIFIED,
        "35",
        "35",
    )
    assert {event["scope"] for event in desk.events(ticket_id)} == {"35"}
    with desk.db.read() as tx:
        logged = tx.all(
            "SELECT DISTINCT scope FROM change_log WHERE table_name = 'ticket_events'"
            " AND record_id IN (SELECT id FROM ticket_events WHERE ticket_id = ?)",
            (ticket_id,),
        )
    assert logged == [("35",)]
    again = desk.send(
        AGENT,
        MutationType.TICKET_SET_APPLICANT,
        {
            "ticket_id": ticket_id,
            "applicant_id": dataset.JATIM_UNVERIFIED,
            "seen_applicant_id": dataset.JATIM_VERIFIED,
        },
    )
    assert again.reason_code == "applicant_already_set"


def test_a_regional_officer_cannot_touch_another_provinces_ticket(desk: Desk) -> None:
    result = desk.send(
        JATIM_OFFICER,
        MutationType.TICKET_NOTE,
        {"ticket_id": dataset.TICKET_JABAR, "body": "Bukan wilayah saya"},
    )
    assert (result.status, result.reason_code) == ("rejected", "out_of_scope")
