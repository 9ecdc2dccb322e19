"""Short plain words for codes the screens show in narrow places (table cells, panels).

The domain's reason texts are full sentences for the detail screen; a results
table needs three or four words ("NIK tidak cocok"). Every value is a catalogue id
(``N_``) translated where shown; a code this console does not know falls back to
a neutral word, never to the raw code of an enum it cannot read.
"""

from __future__ import annotations

from prakerja_console.domain.applicant import CheckResult, EntryOutcome, Registry
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.text import N_
from prakerja_console.services.outbox import ActionType, QueueStatus
from prakerja_console.services.rows import Attention

ATTENTION_MARK = {Attention.NONE: "", Attention.ACTION: "⚠ ", Attention.BLOCKED: "✗ "}

SHORT_REASON: dict[Reason, str] = {
    Reason.EMAIL_PENDING: N_("E-mail not verified"),
    Reason.EMAIL_BOUNCED: N_("E-mail bounced"),
    Reason.EMAIL_VERIFIED: N_("Profile not submitted"),
    Reason.NIK_NOT_SUBMITTED: N_("Profile not submitted"),
    Reason.NIK_PENDING: N_("NIK being checked"),
    Reason.NIK_NOT_FOUND: N_("NIK not found"),
    Reason.NIK_REGISTRY_MISMATCH: N_("NIK does not match"),
    Reason.NIK_KK_MISMATCH: N_("NIK-KK mismatch"),
    Reason.NIK_ALREADY_USED: N_("NIK already used"),
    Reason.KTP_PHOTO_REJECTED: N_("KTP photo rejected"),
    Reason.SELECTION_PENDING: N_("Awaiting selection"),
    Reason.UNDER_AGE: N_("Under age"),
    Reason.STUDENT: N_("Still a student"),
    Reason.EXCLUDED_OCCUPATION: N_("Excluded occupation"),
    Reason.ALREADY_RECIPIENT: N_("Already a recipient"),
    Reason.KK_LIMIT: N_("KK limit reached"),
    Reason.BLACKLISTED: N_("Blacklisted"),
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: N_("Receives bansos"),
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: N_("Bansos, not selected"),
    Reason.ACCOUNT_BLOCKED: N_("Account blocked"),
    Reason.NOT_SELECTED: N_("Not selected"),
    Reason.AWAITING_FIRST_PURCHASE: N_("No training bought"),
    Reason.REVOKED_NO_PURCHASE: N_("Card revoked"),
    Reason.CERTIFICATE_PENDING: N_("Certificate pending"),
    Reason.BANK_ACCOUNT_MISSING: N_("No bank account"),
    Reason.INCENTIVE_FAILED_PHONE_CHANGED: N_("Incentive failed"),
    Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE: N_("Incentive failed"),
    Reason.INCENTIVE_FAILED_NAME_MISMATCH: N_("Incentive failed"),
    Reason.INCENTIVE_RETRY_SCHEDULED: N_("Incentive retry"),
    Reason.UNKNOWN: N_("Unknown status"),
}


def stage_words(stage: Stage, side_state: SideState | None, reason: Reason) -> str:
    """The few words a results row shows: the problem if there is one, else the stage."""
    if reason in SHORT_REASON:
        return SHORT_REASON[reason]
    return side_state.label if side_state is not None else stage.label


REGISTRY_NAME = {
    Registry.DUKCAPIL: N_("Dukcapil"),
    Registry.DAPODIK: N_("Dapodik"),
    Registry.DTKS: N_("DTKS"),
    Registry.UNKNOWN: N_("Registry"),
}

# (mark, words) per result; the mark tells good from bad at a glance.
CHECK_RESULT: dict[CheckResult, tuple[str, str]] = {
    CheckResult.PENDING: ("⏳", N_("waiting for the answer")),
    CheckResult.MATCH: ("✓", N_("matches")),
    CheckResult.MISMATCH: ("✗", N_("does not match")),
    CheckResult.NOT_FOUND: ("✗", N_("NIK not found")),
    CheckResult.ALREADY_USED: ("✗", N_("NIK used by another account")),
    CheckResult.KK_MISMATCH: ("✗", N_("NIK not on this KK")),
    CheckResult.STUDENT: ("✗", N_("still a pupil or student")),
    CheckResult.NOT_STUDENT: ("✓", N_("not a pupil or student")),
    CheckResult.RECIPIENT: ("✗", N_("receives social assistance")),
    CheckResult.NOT_RECIPIENT: ("✓", N_("receives no social assistance")),
    CheckResult.ERROR: ("!", N_("the check failed")),
    CheckResult.UNKNOWN: ("?", N_("an answer this console does not know")),
}

FIELD_NAME = {
    "birth_date": N_("birth date"),
    "name": N_("name"),
    "kk_number": N_("KK number"),
    "nik": N_("NIK"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
}

ENTRY_OUTCOME = {
    EntryOutcome.PENDING: N_("waiting for selection"),
    EntryOutcome.ACCEPTED: N_("accepted"),
    EntryOutcome.NOT_ACCEPTED: N_("not accepted"),
    EntryOutcome.REJECTED: N_("rejected"),
    EntryOutcome.UNKNOWN: N_("unknown outcome"),
}

QUEUE_STATUS = {
    QueueStatus.PENDING: N_("queued"),
    QueueStatus.APPLIED: N_("applied"),
    QueueStatus.DUPLICATE: N_("already applied"),
    QueueStatus.CONFLICT: N_("conflict"),
    QueueStatus.REJECTED: N_("rejected"),
}

ACTION_TYPE = {
    ActionType.RESEND_VERIFICATION_EMAIL: N_("Resend verification e-mail"),
    ActionType.REQUEST_REVERIFICATION: N_("Request re-verification"),
    ActionType.ADD_NOTE: N_("Note"),
    ActionType.REVEAL_PII: N_("Reveal personal data"),
    ActionType.TICKET_CREATE: N_("New ticket"),
    ActionType.TICKET_REPLY: N_("Ticket reply"),
    ActionType.TICKET_NOTE: N_("Ticket note"),
    ActionType.TICKET_SET_STATUS: N_("Ticket status"),
    ActionType.TICKET_SET_PRIORITY: N_("Ticket priority"),
    ActionType.TICKET_SET_CATEGORY: N_("Ticket category"),
    ActionType.TICKET_ASSIGN: N_("Ticket assignment"),
    ActionType.TICKET_ESCALATE: N_("Ticket escalation"),
    ActionType.TICKET_MERGE: N_("Ticket merge"),
    ActionType.TICKET_LINK_CASE: N_("Ticket linked to a case"),
    ActionType.TICKET_SET_APPLICANT: N_("Ticket applicant named"),
    ActionType.UNKNOWN: N_("Action"),
}

# Audit trail entries, by the action the central (or a queued effect) recorded.
AUDIT_ACTION = {
    "reveal_pii": N_("revealed"),
    "audit.reveal_pii": N_("revealed"),
    "resend_verification_email": N_("resent the verification e-mail"),
    "applicant.resend_verification_email": N_("resent the verification e-mail"),
    "view": N_("viewed the profile"),
}

CASE_KIND = {
    "registry_mismatch": N_("Registry mismatch"),
    "nik_not_found": N_("NIK not found"),
    "duplicate_nik": N_("Duplicate NIK"),
    "ktp_photo": N_("KTP photo"),
    "kk_mismatch": N_("KK mismatch"),
}

CASE_STATUS = {
    "open": N_("open"),
    "in_review": N_("in review"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
}
