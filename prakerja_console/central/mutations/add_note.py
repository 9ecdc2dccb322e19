"""``applicant.add_note``: append a free-text note to an applicant.

Notes only accumulate, so two offices adding notes at once never conflict.
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import Context, MutationHandler, RejectedError
from prakerja_console.central.records import Record
from prakerja_console.domain.action_text import check_note
from prakerja_console.domain.roles import Permission
from prakerja_console.sync.protocol import MutationType, NotePayload, Table


def _apply(ctx: Context, payload: NotePayload, applicant: Record) -> Record:
    # The wire only asks for one character; the console's rule refuses a note of blanks too.
    refusal = check_note(payload.body)
    if refusal is not None:
        raise RejectedError(refusal.rule.value, refusal.message.render())
    return records.insert(
        ctx.tx,
        Table.NOTES,
        {
            "applicant_id": applicant.id,
            "author": ctx.principal.username,
            "body": payload.body,
            "at": ctx.now,
        },
        applicant.scope,
    )


HANDLER = MutationHandler(
    mutation_type=MutationType.ADD_NOTE,
    permission=Permission.ADD_NOTE,
    payload=NotePayload,
    commutative=True,
    target=lambda payload: (Table.APPLICANTS, payload.applicant_id),
    apply=_apply,
)
