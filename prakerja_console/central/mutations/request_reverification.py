"""``applicant.request_reverification``: ask a registry to check the applicant again.

Creates the applicant's check for that registry, or puts the existing one back
to ``pending``; the traffic simulator (standing in for the registries) answers
it later. It does not commute: an agent who asks for a re-check on the strength
of what they saw must see the newer state instead if the applicant changed in
the meantime (the answer is a conflict with the current row).
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import Context, MutationHandler, RejectedError
from prakerja_console.central.records import Record
from prakerja_console.domain.applicant import CheckResult, Registry
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.sync.protocol import MutationType, ReverificationPayload, Table

NIK_NOT_SUBMITTED = "nik_not_submitted"
NIK_ALREADY_VERIFIED = "nik_already_verified"
ALREADY_PENDING = "already_pending"


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


def _apply(ctx: Context, payload: ReverificationPayload, applicant: Record) -> Record:
    registry = Registry(payload.registry)
    if registry is Registry.DUKCAPIL:
        _check_population_registry(applicant)
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
    if registry is Registry.DUKCAPIL:
        records.update(
            ctx.tx,
            applicant,
            {"reason_code": Reason.NIK_PENDING.value, "state_changed_at": ctx.now},
        )
    return check


HANDLER = MutationHandler(
    mutation_type=MutationType.REQUEST_REVERIFICATION,
    permission=Permission.REQUEST_REVERIFICATION,
    payload=ReverificationPayload,
    commutative=False,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_apply,
)
