"""``audit.reveal_pii``: someone looked at an unmasked NIK, KK, e-mail, phone or birth date.

The console reveals the value locally (it already holds it); what the central
keeps is the audit record with who, which field of which record, and why.
Revealing twice is two audit records, so it commutes with everything.
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import Context, MutationHandler, RejectedError
from prakerja_console.central.records import Record
from prakerja_console.domain.action_text import check_reveal_reason
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.sync.protocol import MutationType, RevealPayload, Table

PII_FIELDS: dict[Table, frozenset[str]] = {
    Table.APPLICANTS: frozenset({"nik", "kk_number", "email", "phone", "birth_date"}),
}
NOT_PII = "not_pii"


def _target(payload: RevealPayload) -> tuple[Table, int]:
    try:
        table = Table(payload.table)
    except ValueError:
        table = None
    if table is None or payload.field not in PII_FIELDS.get(table, frozenset()):
        raise RejectedError(NOT_PII, N_("This field is not personal data that can be revealed."))
    return table, payload.record_id


def _apply(ctx: Context, payload: RevealPayload, record: Record) -> Record:
    refusal = check_reveal_reason(payload.reason)  # the console's rule, for every client
    if refusal is not None:
        raise RejectedError(refusal.rule.value, refusal.message.render())
    return records.insert(
        ctx.tx,
        Table.AUDIT_LOG,
        {
            "actor": ctx.principal.username,
            "action": "reveal_pii",
            "entity": record.table.value,
            "entity_id": record.id,
            "field": payload.field,
            "reason": payload.reason,
            "at": ctx.now,
        },
        record.scope,
    )


HANDLER = MutationHandler(
    mutation_type=MutationType.REVEAL_PII,
    permission=Permission.REVEAL_PII,
    payload=RevealPayload,
    commutative=True,
    target=_target,
    apply=_apply,
)
