"""``applicant.request_reverification``: ask a registry to check the applicant again.

Creates the applicant's check for that registry, or puts the existing one back
to ``pending``; the traffic simulator (standing in for the registries) answers
it later. A population-registry (NIK) check also moves the applicant to "NIK being
checked", through ``domain.transitions``, so only a move the funnel allows happens. It does not commute: an agent who asks for a re-check on the strength
of what they saw must see the newer state instead if the applicant changed in
the meantime (the answer is a conflict with the current row).
"""

from __future__ import annotations

from typing import Any

from prakerja_console.central import records
from prakerja_console.central.funnel_rows import funnel_columns
from prakerja_console.central.mutations.base import Context, MutationHandler, RejectedError
from prakerja_console.central.records import Record
from prakerja_console.domain.applicant import CheckResult, Registry
from prakerja_console.domain.epoch import moment
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.domain.transitions import TransitionError, transition
from prakerja_console.domain.wire_rows import applicant_from_row
from prakerja_console.sync.protocol import MutationType, ReverificationPayload, Table

NIK_NOT_SUBMITTED = "nik_not_submitted"
NIK_ALREADY_VERIFIED = "nik_already_verified"
ALREADY_PENDING = "already_pending"
NOT_NOW = "not_at_this_stage"  # the funnel does not allow a NIK check from where they are


def latest_check(ctx: Context, applicant: Record, registry: Registry) -> Record | None:
    """The applicant's most recent check of ``registry``, if any."""
    check_id = ctx.tx.scalar(
        "SELECT id FROM registry_checks WHERE applicant_id = ? AND registry = ?"
        " ORDER BY id DESC LIMIT 1",
        (applicant.id, registry.value),
    )
    return None if check_id is None else records.load(ctx.tx, Table.REGISTRY_CHECKS, check_id)


def _check_population_registry(applicant: Record) -> None:
    if not applicant.values["nik"]:
        raise RejectedError(
            NIK_NOT_SUBMITTED,
            N_("The applicant has not submitted a NIK yet, so there is nothing to verify."),
        )
    if applicant.values["nik_verified_at"] is not None:
        raise RejectedError(NIK_ALREADY_VERIFIED, N_("The NIK is already verified."))


def _nik_pending(ctx: Context, applicant: Record) -> dict[str, Any]:
    """The applicant's funnel columns once the NIK is being checked again."""
    _check_population_registry(applicant)
    state = applicant_from_row(applicant.values)
    try:
        moved = transition(state, state.stage, Reason.NIK_PENDING, moment(ctx.now))
    except TransitionError as error:
        raise RejectedError(NOT_NOW, error.message.render()) from error
    return funnel_columns(moved)


def _apply(ctx: Context, payload: ReverificationPayload, applicant: Record) -> Record:
    registry = Registry(payload.registry)
    pending_applicant = _nik_pending(ctx, applicant) if registry is Registry.DUKCAPIL else None
    check = latest_check(ctx, applicant, registry)
    if check is not None and check.values["result"] == CheckResult.PENDING:
        raise RejectedError(
            ALREADY_PENDING,
            N_("A re-verification is already waiting for the registry's answer."),
        )
    pending = {
        "result": CheckResult.PENDING.value,
        "detail": None,
        "requested_at": ctx.now,
        "checked_at": None,
    }
    if check is None:
        check = records.insert(
            ctx.tx,
            Table.REGISTRY_CHECKS,
            {"applicant_id": applicant.id, "registry": registry.value, **pending},
            applicant.scope,
        )
    else:
        check = records.update(ctx.tx, check, pending)
    if pending_applicant is not None:
        records.update(ctx.tx, applicant, pending_applicant)
    return check


HANDLER = MutationHandler(
    mutation_type=MutationType.REQUEST_REVERIFICATION,
    permission=Permission.REQUEST_REVERIFICATION,
    payload=ReverificationPayload,
    commutative=False,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_apply,
)
