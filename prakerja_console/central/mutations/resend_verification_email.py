"""``applicant.resend_verification_email``: send the verification link again.

Only while the e-mail is still unverified: once it is, a resend would confuse
the applicant, so it is rejected with a reason the agent can read out. What the
central keeps is an audit record of the resend (the e-mail itself is the mail
system's job). It commutes: sending twice is harmless.
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import Context, MutationHandler, RejectedError
from prakerja_console.central.records import Record
from prakerja_console.domain.funnel import SideState, Stage
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.domain.wire_rows import applicant_from_row
from prakerja_console.sync.protocol import ApplicantRef, MutationType, Table

EMAIL_ALREADY_VERIFIED = "email_already_verified"
ACCOUNT_CLOSED = "account_closed"


def _apply(ctx: Context, _payload: ApplicantRef, applicant: Record) -> Record:
    state = applicant_from_row(applicant.values)
    if state.stage is not Stage.REGISTERED or state.email_verified_at is not None:
        raise RejectedError(
            EMAIL_ALREADY_VERIFIED,
            N_("The applicant has already verified the e-mail address; nothing to resend."),
        )
    if state.side_state is SideState.REJECTED:
        raise RejectedError(
            ACCOUNT_CLOSED, N_("The applicant's account is rejected; no e-mail can be sent.")
        )
    return records.insert(
        ctx.tx,
        Table.AUDIT_LOG,
        {
            "actor": ctx.principal.username,
            "action": "resend_verification_email",
            "entity": Table.APPLICANTS.value,
            "entity_id": applicant.id,
            "at": ctx.now,
        },
        applicant.scope,
    )


HANDLER = MutationHandler(
    mutation_type=MutationType.RESEND_VERIFICATION_EMAIL,
    permission=Permission.RESEND_VERIFICATION_EMAIL,
    payload=ApplicantRef,
    commutative=True,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_apply,
)
