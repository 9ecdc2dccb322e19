"""Queuing actions: checked for role and scope, written to the outbox with their effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.domain.action_text import REVEAL_REASON_MIN_LENGTH
from prakerja_console.domain.applicant import Registry
from prakerja_console.domain.roles import Role
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.services.actions import check_note
from prakerja_console.services.applicant import PiiField
from prakerja_console.services.errors import ActionRefusedError, NotFoundError
from prakerja_console.services.outbox import ActionType, QueueStatus
from tests.services.conftest import fixed_clock
from tests.services.small_mirror import BUDI, HOSTILE_FIRST_ID, NOW, SITI, SITI_NIK, USERNAME

REASON = "applicant on the phone, checking the KTP"


def test_resend_email_is_queued_with_its_audit_effect(services: ConsoleServices) -> None:
    before = services.facts().queued
    receipt = services.actions.resend_verification_email(BUDI, seen_version=1)
    assert receipt.type is ActionType.RESEND_VERIFICATION_EMAIL
    assert services.facts().queued == before + 1
    detail = services.applicants.detail(BUDI, NOW)
    assert [action.type for action in detail.actions] == [ActionType.RESEND_VERIFICATION_EMAIL]
    assert detail.actions[0].status is QueueStatus.PENDING
    assert detail.audit[0].queued
    assert detail.audit[0].actor == USERNAME


def test_reverification_shows_the_check_pending(services: ConsoleServices) -> None:
    services.actions.request_reverification(SITI, Registry.DUKCAPIL, seen_version=1)
    detail = services.applicants.detail(SITI, NOW)
    dukcapil = next(view for view in detail.checks if view.check.registry is Registry.DUKCAPIL)
    assert dukcapil.queued
    assert dukcapil.check.result.value == "pending"
    assert detail.offers.reverify is None  # already waiting: not offered twice


def test_note_is_validated_then_queued(services: ConsoleServices) -> None:
    with pytest.raises(ActionRefusedError):
        services.actions.add_note(SITI, "   ")
    with pytest.raises(ActionRefusedError):
        services.actions.add_note(SITI, "x" * 2001)
    services.actions.add_note(SITI, "  Called back; will re-enter the birth date.  ")
    notes = services.applicants.detail(SITI, NOW).notes
    assert notes[0].body == "Called back; will re-enter the birth date."
    assert notes[0].queued
    assert check_note("ok") is None


def test_reveal_records_who_what_and_why_before_returning_the_value(
    services: ConsoleServices,
) -> None:
    revealed = services.actions.reveal(SITI, PiiField.NIK, REASON)
    assert revealed.value == SITI_NIK
    audit = services.applicants.detail(SITI, NOW).audit[0]
    assert (audit.actor, audit.field, audit.reason, audit.queued) == (
        USERNAME,
        "nik",
        REASON,
        True,
    )
    queue = services.sync.queue()
    assert queue[0].type is ActionType.REVEAL_PII
    assert queue[0].payload["reason"] == REASON


def test_reveal_needs_a_real_reason_and_a_value(services: ConsoleServices) -> None:
    with pytest.raises(ActionRefusedError) as raised:
        services.actions.reveal(SITI, PiiField.NIK, "x" * (REVEAL_REASON_MIN_LENGTH - 1))
    assert raised.value.message.params == {"minimum": REVEAL_REASON_MIN_LENGTH}
    with pytest.raises(ActionRefusedError):
        services.actions.reveal(BUDI, PiiField.NIK, REASON)  # Budi has no NIK yet
    assert services.sync.queue() == ()  # nothing was written


def _as(mirror: Path, role: Role, scope: str | None) -> ConsoleServices:
    return ConsoleServices(mirror, fixed_clock, operator=Operator("someone", role, scope))


def test_roles_decide_and_the_role_is_checked_before_anything_is_queued(
    mirror_copy: Path,
) -> None:
    officer = _as(mirror_copy, Role.OFFICER, "32")
    try:
        with pytest.raises(ActionRefusedError) as raised:
            officer.actions.resend_verification_email(BUDI, seen_version=1)
        assert "role" in raised.value.message.render()
        assert officer.sync.queue() == ()
    finally:
        officer.close()


def test_scope_decides_too(mirror_copy: Path) -> None:
    """A Jawa Barat officer may reveal a Jawa Barat applicant's data, not one without a province."""
    officer = _as(mirror_copy, Role.OFFICER, "32")
    try:
        assert officer.actions.reveal(SITI, PiiField.EMAIL, REASON).value == "siti.rahayu@gmail.com"
        with pytest.raises(ActionRefusedError) as raised:
            officer.actions.reveal(HOSTILE_FIRST_ID, PiiField.EMAIL, REASON)
        assert "outside your area" in raised.value.message.render()
    finally:
        officer.close()


def test_a_refused_reveal_does_not_tell_whether_the_field_is_filled(mirror_copy: Path) -> None:
    """Outside the officer's area, a missing NIK is refused exactly as a present one."""
    officer = _as(mirror_copy, Role.OFFICER, "32")
    try:
        with pytest.raises(ActionRefusedError) as empty:  # the hostile rows have no NIK
            officer.actions.reveal(HOSTILE_FIRST_ID, PiiField.NIK, REASON)
        with pytest.raises(ActionRefusedError) as filled:
            officer.actions.reveal(HOSTILE_FIRST_ID, PiiField.EMAIL, REASON)
        assert empty.value.message == filled.value.message
        assert "outside your area" in empty.value.message.render()
        assert officer.sync.queue() == ()
    finally:
        officer.close()


def test_nobody_logged_in_may_not_act(mirror_copy: Path) -> None:
    nobody = ConsoleServices(mirror_copy, fixed_clock)  # the copy records siti.agent
    try:
        nobody.facts()
        assert nobody.operator == Operator(USERNAME, Role.AGENT, None)
        nobody.actions.add_note(SITI, "reads the login from the mirror")
    finally:
        nobody.close()


def test_unknown_applicant(services: ConsoleServices) -> None:
    with pytest.raises(NotFoundError):
        services.actions.add_note(123_456_789, "nobody")
