"""Ticket rules: the status table, who may assign, escalation reasons, merging, bodies."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain import tickets
from prakerja_console.domain.roles import Role
from prakerja_console.domain.tickets import (
    BODY_MAX_CHARS,
    ESCALATION_REASON_MAX_CHARS,
    ESCALATION_REASON_MIN_CHARS,
    TRANSITIONS,
    Actor,
    Category,
    Channel,
    Priority,
    Status,
    TicketRule,
    TicketRuleError,
    check_assignment,
    check_body,
    check_escalation,
    check_escalation_reason,
    check_merge,
    check_merge_source,
    check_transition,
    next_statuses,
)
from prakerja_console.i18n import Translator
from prakerja_console.sync.protocol import TicketData
from tests.domain.ticket_support import Ticket, refused

AGENT = Actor("siti.agent", Role.AGENT)
OTHER_AGENT = Actor("agus.agent", Role.AGENT)
SUPERVISOR = Actor("rina.spv", Role.SUPERVISOR)
OFFICER_JABAR = Actor("dedi.disnaker", Role.OFFICER, scope="32")
KNOWN = [status for status in Status if status is not Status.UNKNOWN]


# -- vocabularies ---------------------------------------------------------------------


@pytest.mark.parametrize("vocabulary", [Category, Channel, Priority, Status])
def test_unknown_wire_values_read_as_unknown(vocabulary: type[Category]) -> None:
    assert vocabulary.from_code("something_a_newer_central_invented") is vocabulary.UNKNOWN
    assert vocabulary.from_code(None) is vocabulary.UNKNOWN
    assert vocabulary.from_code("") is vocabulary.UNKNOWN
    for member in vocabulary:
        assert vocabulary.from_code(member.value) is member
        assert member.label  # every member, unknown included, has something to show


def test_categories_cover_the_complaints_that_reached_the_call_centre() -> None:
    assert {category.value for category in Category} == {
        "email_not_received",
        "nik_not_found",
        "nik_kk_mismatch",
        "nik_already_used",
        "ktp_photo_upload",
        "selection_status",
        "account_blocked",
        "voucher_purchase",
        "certificate_missing",
        "incentive_failed",
        "survey_incentive",
        "revocation",
        "account_access",
        "other",
        "unknown",
    }
    assert all(len(category.short_label) <= 20 for category in Category)


def test_priorities_sort_by_urgency_and_unknown_sorts_as_normal() -> None:
    ordered = sorted(Priority, key=lambda priority: priority.rank)
    assert ordered[0] is Priority.LOW
    assert ordered[-1] is Priority.URGENT
    assert Priority.UNKNOWN.rank == Priority.NORMAL.rank


def test_active_statuses_are_the_backlog() -> None:
    active = {status for status in Status if status.is_active}
    assert active == {Status.NEW, Status.OPEN, Status.PENDING_APPLICANT, Status.ESCALATED}


# -- the transition table, both ways ----------------------------------------------------

AGENT_MAY = {
    (Status.NEW, Status.OPEN),
    (Status.NEW, Status.RESOLVED),
    (Status.OPEN, Status.PENDING_APPLICANT),
    (Status.OPEN, Status.ESCALATED),
    (Status.OPEN, Status.RESOLVED),
    (Status.PENDING_APPLICANT, Status.OPEN),
    (Status.PENDING_APPLICANT, Status.ESCALATED),
    (Status.PENDING_APPLICANT, Status.RESOLVED),
    (Status.RESOLVED, Status.OPEN),
    (Status.RESOLVED, Status.CLOSED),
}
SUPERVISOR_ALSO_MAY = {
    (Status.ESCALATED, Status.OPEN),
    (Status.ESCALATED, Status.RESOLVED),
    (Status.CLOSED, Status.OPEN),
}


@pytest.mark.parametrize("source", KNOWN)
@pytest.mark.parametrize("target", KNOWN)
@pytest.mark.parametrize("actor", [AGENT, SUPERVISOR], ids=["agent", "supervisor"])
def test_every_status_pair_is_allowed_exactly_as_decided(
    source: Status, target: Status, actor: Actor
) -> None:
    expected = AGENT_MAY | (SUPERVISOR_ALSO_MAY if actor is SUPERVISOR else set())
    ticket = Ticket(status=source.value)
    if (source, target) in expected:
        check_transition(ticket, target, actor)
    else:
        rule = refused(check_transition, ticket, target, actor)
        assert rule in {
            TicketRule.SAME_STATUS,
            TicketRule.TRANSITION_NOT_ALLOWED,
            TicketRule.SUPERVISOR_ONLY,
        }


def test_the_published_table_matches_the_decisions() -> None:
    edges = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert edges == AGENT_MAY | SUPERVISOR_ALSO_MAY


def test_refusals_say_why_in_plain_words() -> None:
    with pytest.raises(TicketRuleError, match="supervisor") as caught:
        check_transition(Ticket(status="closed"), Status.OPEN, AGENT)
    assert caught.value.rule is TicketRule.SUPERVISOR_ONLY
    with pytest.raises(TicketRuleError, match="Only a resolved ticket can be closed"):
        check_transition(Ticket(status="open"), Status.CLOSED, SUPERVISOR)
    with pytest.raises(TicketRuleError, match="already has this status"):
        check_transition(Ticket(status="open"), Status.OPEN, AGENT)


def test_escalated_tickets_belong_to_supervisors() -> None:
    escalated = Ticket(status="escalated", assignee="siti.agent")
    assert (
        refused(check_transition, escalated, Status.RESOLVED, AGENT) is TicketRule.SUPERVISOR_ONLY
    )
    check_transition(escalated, Status.RESOLVED, SUPERVISOR)


def test_a_ticket_with_a_status_this_console_does_not_know_is_not_changed() -> None:
    newer = Ticket(status="awaiting_partner")
    for target in KNOWN:
        assert refused(check_transition, newer, target, SUPERVISOR) is TicketRule.UNKNOWN_STATE
    assert next_statuses(newer, SUPERVISOR) == []
    assert refused(check_transition, Ticket(), Status.UNKNOWN, SUPERVISOR) is (
        TicketRule.UNKNOWN_STATE
    )


def test_merged_tickets_never_change_again() -> None:
    merged = Ticket(status="closed", merged_into=8790)
    with pytest.raises(TicketRuleError, match="#8790") as caught:
        check_transition(merged, Status.OPEN, SUPERVISOR)
    assert caught.value.rule is TicketRule.MERGED
    assert caught.value.message.params == {"target": "8790"}  # not grouped as 8.790


def test_next_statuses_offers_only_what_the_actor_may_do() -> None:
    assert next_statuses(Ticket(status="open"), AGENT) == [
        Status.PENDING_APPLICANT,
        Status.ESCALATED,
        Status.RESOLVED,
    ]
    assert next_statuses(Ticket(status="closed"), AGENT) == []
    assert next_statuses(Ticket(status="closed"), SUPERVISOR) == [Status.OPEN]


def test_regional_officers_work_only_tickets_of_their_province() -> None:
    check_transition(Ticket(province_code="32"), Status.RESOLVED, OFFICER_JABAR)
    with pytest.raises(TicketRuleError, match="another region") as caught:
        check_transition(Ticket(province_code="31"), Status.RESOLVED, OFFICER_JABAR)
    assert caught.value.rule is TicketRule.OUT_OF_SCOPE
    assert refused(
        check_transition, Ticket(province_code=None), Status.RESOLVED, OFFICER_JABAR
    ) is (TicketRule.OUT_OF_SCOPE)


def test_a_role_without_ticket_work_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # No role lacks WORK_TICKETS today; a read-only role added later must be refused.
    monkeypatch.setattr(tickets, "allowed", lambda role, permission: False)
    assert refused(check_transition, Ticket(), Status.RESOLVED, SUPERVISOR) is (
        TicketRule.NOT_PERMITTED
    )


def test_the_wire_record_fits_the_rules() -> None:
    record = TicketData(
        id=7,
        category="nik_not_found",
        channel="phone",
        priority="normal",
        status="new",
        subject="NIK tidak ditemukan",
        created_by="siti.agent",
        created_at=1_700_000_000,
        updated_at=1_700_000_000,
    )
    check_transition(record, Status.OPEN, AGENT)
    check_assignment(record, AGENT, "siti.agent")


# -- assignment --------------------------------------------------------------------------


def test_an_agent_takes_a_free_ticket_or_gives_up_their_own() -> None:
    check_assignment(Ticket(assignee=None), AGENT, "siti.agent")
    check_assignment(Ticket(assignee="siti.agent"), AGENT, None)


@pytest.mark.parametrize(
    ("assignee_now", "assign_to"),
    [
        (None, "agus.agent"),  # to a colleague
        ("agus.agent", "siti.agent"),  # taking a colleague's ticket
        ("agus.agent", None),  # unassigning a colleague
        ("siti.agent", "agus.agent"),  # handing one's own to a colleague
    ],
)
def test_only_a_supervisor_assigns_to_others(
    assignee_now: str | None, assign_to: str | None
) -> None:
    ticket = Ticket(assignee=assignee_now)
    with pytest.raises(TicketRuleError, match="only a supervisor") as caught:
        check_assignment(ticket, AGENT, assign_to)
    assert caught.value.rule is TicketRule.SUPERVISOR_ONLY
    check_assignment(ticket, SUPERVISOR, assign_to)


def test_assignment_that_changes_nothing_is_refused() -> None:
    assert refused(check_assignment, Ticket(assignee="siti.agent"), AGENT, "siti.agent") is (
        TicketRule.ASSIGNMENT_UNCHANGED
    )
    assert refused(check_assignment, Ticket(assignee=None), SUPERVISOR, None) is (
        TicketRule.ASSIGNMENT_UNCHANGED
    )
    assert refused(check_assignment, Ticket(), SUPERVISOR, "   ") is TicketRule.ASSIGNEE_REQUIRED


def test_closed_and_merged_tickets_are_not_reassigned() -> None:
    assert refused(check_assignment, Ticket(status="closed"), SUPERVISOR, "agus.agent") is (
        TicketRule.CLOSED
    )
    merged = Ticket(status="closed", merged_into=3)
    assert refused(check_assignment, merged, SUPERVISOR, "agus.agent") is TicketRule.MERGED


# -- escalation --------------------------------------------------------------------------


def test_escalation_needs_a_reason() -> None:
    check_escalation(Ticket(status="open"), AGENT, "Dukcapil data differs; needs a decision")
    for blank in ["", "   ", "\n\t"]:
        assert refused(check_escalation, Ticket(status="open"), AGENT, blank) is (
            TicketRule.REASON_REQUIRED
        )


@pytest.mark.parametrize("short", ["x", "  tolong  ", "123456789"])
def test_an_escalation_reason_of_a_few_letters_is_too_short(short: str) -> None:
    with pytest.raises(TicketRuleError, match="at least 10 characters") as caught:
        check_escalation(Ticket(status="open"), AGENT, short)
    assert caught.value.rule is TicketRule.REASON_TOO_SHORT


@given(st.text(min_size=ESCALATION_REASON_MIN_CHARS, max_size=ESCALATION_REASON_MAX_CHARS))
def test_any_reason_of_an_allowed_length_without_its_blanks_is_accepted(reason: str) -> None:
    stripped = len(reason.strip())
    if stripped < ESCALATION_REASON_MIN_CHARS:
        assert refused(check_escalation_reason, reason) in (
            TicketRule.REASON_TOO_SHORT,
            TicketRule.REASON_REQUIRED,
        )
    else:
        check_escalation_reason(reason)


def test_escalation_reason_is_length_limited_and_says_so() -> None:
    check_escalation(Ticket(), AGENT, "x" * ESCALATION_REASON_MAX_CHARS)
    with pytest.raises(TicketRuleError, match="501 characters") as caught:
        check_escalation(Ticket(), AGENT, "x" * (ESCALATION_REASON_MAX_CHARS + 1))
    assert caught.value.rule is TicketRule.TOO_LONG


def test_escalation_follows_the_status_table() -> None:
    assert refused(check_escalation, Ticket(status="new"), AGENT, "needs a decision") is (
        TicketRule.TRANSITION_NOT_ALLOWED
    )


# -- merging -----------------------------------------------------------------------------


def test_merging_duplicates_of_one_applicant() -> None:
    check_merge(Ticket(id=2, status="new"), Ticket(id=1, status="open"), AGENT)
    check_merge(Ticket(id=2, applicant_id=None), Ticket(id=1, applicant_id=501), AGENT)


def test_a_ticket_is_not_merged_into_itself() -> None:
    ticket = Ticket(id=5)
    assert refused(check_merge, ticket, ticket, AGENT) is TicketRule.MERGE_INTO_ITSELF
    assert refused(check_merge, ticket, replace(ticket, status="new"), AGENT) is (
        TicketRule.MERGE_INTO_ITSELF
    )
    unsaved = Ticket(id=None)
    assert refused(check_merge, unsaved, unsaved, AGENT) is TicketRule.MERGE_INTO_ITSELF


def test_merging_into_a_merged_or_closed_ticket_is_refused() -> None:
    source = Ticket(id=2)
    with pytest.raises(TicketRuleError, match="merged into ticket #9") as caught:
        check_merge(source, Ticket(id=1, status="closed", merged_into=9), AGENT)
    assert caught.value.rule is TicketRule.MERGED
    assert refused(check_merge, source, Ticket(id=1, status="closed"), AGENT) is TicketRule.CLOSED


def test_a_closed_or_merged_source_cannot_be_merged() -> None:
    target = Ticket(id=1)
    assert refused(check_merge, Ticket(id=2, status="closed"), target, AGENT) is TicketRule.CLOSED
    merged = Ticket(id=2, status="closed", merged_into=1)
    assert refused(check_merge, merged, target, AGENT) is TicketRule.MERGED


def test_only_a_supervisor_merges_an_escalated_ticket() -> None:
    """Merging closes the ticket; an agent must not make an escalation vanish that way."""
    escalated, target = Ticket(id=2, status="escalated"), Ticket(id=1)
    with pytest.raises(TicketRuleError, match="only a supervisor") as caught:
        check_merge(escalated, target, AGENT)
    assert caught.value.rule is TicketRule.SUPERVISOR_ONLY
    assert refused(check_merge_source, escalated, AGENT) is TicketRule.SUPERVISOR_ONLY
    check_merge(escalated, target, SUPERVISOR)
    check_merge_source(escalated, SUPERVISOR)


@pytest.mark.parametrize("status", ["new", "open", "pending_applicant", "resolved"])
def test_an_agent_merges_a_ticket_in_any_other_active_or_resolved_status(status: str) -> None:
    check_merge_source(Ticket(id=2, status=status), AGENT)
    check_merge(Ticket(id=2, status=status), Ticket(id=1), AGENT)


def test_tickets_of_two_applicants_are_not_merged() -> None:
    with pytest.raises(TicketRuleError, match="another applicant") as caught:
        check_merge(Ticket(id=2, applicant_id=501), Ticket(id=1, applicant_id=502), AGENT)
    assert caught.value.rule is TicketRule.MERGE_OTHER_APPLICANT
    assert refused(check_merge, Ticket(id=2), Ticket(id=1, applicant_id=None), AGENT) is (
        TicketRule.MERGE_OTHER_APPLICANT
    )


def test_merging_needs_both_tickets_in_scope() -> None:
    mine, theirs = Ticket(id=2, province_code="32"), Ticket(id=1, province_code="31")
    assert refused(check_merge, mine, theirs, OFFICER_JABAR) is TicketRule.OUT_OF_SCOPE


# -- bodies ------------------------------------------------------------------------------


def test_empty_bodies_are_refused() -> None:
    for blank in ["", " ", "\n\n", "\t \u3000"]:
        assert refused(check_body, blank) is TicketRule.EMPTY_BODY


def test_the_body_limit_is_exact_and_said_plainly() -> None:
    check_body("a" * BODY_MAX_CHARS)
    with pytest.raises(
        TicketRuleError, match="20001 characters long; the limit is 20000"
    ) as caught:
        check_body("a" * (BODY_MAX_CHARS + 1))
    assert caught.value.rule is TicketRule.TOO_LONG
    assert caught.value.message.params == {"length": 20_001, "limit": 20_000}


@given(st.text(min_size=1, max_size=300).filter(str.strip))
def test_any_non_blank_body_within_the_limit_is_accepted(body: str) -> None:
    check_body(body)  # markup, escapes and odd characters are the UI's to render literally


def test_labels_and_refusals_read_in_indonesian() -> None:
    tr = Translator("id")
    assert tr._(Status.PENDING_APPLICANT.label) == "Menunggu pendaftar"
    assert tr._(Category.INCENTIVE_FAILED.short_label) == "Insentif gagal"
    with pytest.raises(TicketRuleError) as caught:
        check_body("a" * (BODY_MAX_CHARS + 1))
    assert tr.message(caught.value.message).startswith("Teksnya 20.001 karakter; batasnya 20.000.")
