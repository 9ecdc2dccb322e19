"""The registration funnel: its stages, the side states off it, and reason codes.

Every stage change carries a time and a :class:`Reason`; the reason is what an
agent reads aloud, so each has a plain-words template (translated by the UI).
Reason codes travel over the wire as plain strings, so a console older than the
central may meet a code it does not know: :func:`reason_from_code` maps those to
:attr:`Reason.UNKNOWN` instead of failing.
"""

from __future__ import annotations

from enum import StrEnum

from prakerja_console.domain.text import N_


class Stage(StrEnum):
    """Main funnel stages, in order. An applicant's stage is the furthest reached."""

    REGISTERED = "registered"
    EMAIL_VERIFIED = "email_verified"
    NIK_VERIFIED = "nik_verified"
    JOINED_BATCH = "joined_batch"
    ACCEPTED = "accepted"
    TRAINING = "training"
    COMPLETED = "completed"
    INCENTIVE_PAID = "incentive_paid"

    @property
    def rank(self) -> int:
        return _STAGE_ORDER[self]

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}
_STAGE_LABELS = {
    Stage.REGISTERED: N_("Registered"),
    Stage.EMAIL_VERIFIED: N_("E-mail verified"),
    Stage.NIK_VERIFIED: N_("NIK verified"),
    Stage.JOINED_BATCH: N_("Joined wave"),
    Stage.ACCEPTED: N_("Accepted"),
    Stage.TRAINING: N_("Training"),
    Stage.COMPLETED: N_("Completed"),
    Stage.INCENTIVE_PAID: N_("Incentive paid"),
}


class SideState(StrEnum):
    """States off the main path. ``None`` on an applicant means "on the main path"."""

    NOT_ACCEPTED = "not_accepted"  # after joined_batch: keeps the account, may join a later wave
    REVOKED = "revoked"  # after accepted: no first training bought in time
    REJECTED = "rejected"  # not eligible, or blocked; the reason says why

    @property
    def label(self) -> str:
        return _SIDE_LABELS[self]


_SIDE_LABELS = {
    SideState.NOT_ACCEPTED: N_("Not accepted"),
    SideState.REVOKED: N_("Revoked"),
    SideState.REJECTED: N_("Rejected"),
}


class Reason(StrEnum):
    """Why an applicant is where they are. Values are the wire codes."""

    # registration and e-mail
    REGISTERED = "registered"
    EMAIL_PENDING = "email_pending"
    EMAIL_BOUNCED = "email_bounced"
    EMAIL_VERIFIED = "email_verified"
    # NIK verification against the population registry
    NIK_PENDING = "nik_pending"
    NIK_NOT_SUBMITTED = "nik_not_submitted"
    NIK_NOT_FOUND = "nik_not_found"
    NIK_REGISTRY_MISMATCH = "nik_registry_mismatch"
    NIK_KK_MISMATCH = "nik_kk_mismatch"
    NIK_ALREADY_USED = "nik_already_used"
    KTP_PHOTO_REJECTED = "ktp_photo_rejected"
    NIK_VERIFIED = "nik_verified"
    NIK_BIRTH_DIGITS_DIFFER = "nik_birth_digits_differ"  # a warning, never a rejection
    # joining a wave
    NOT_JOINED = "not_joined"
    WAVE_NOT_OPEN = "wave_not_open"
    JOINED_BATCH = "joined_batch"
    # eligibility (rejections)
    UNDER_AGE = "under_age"
    STUDENT = "student"
    EXCLUDED_OCCUPATION = "excluded_occupation"
    ALREADY_RECIPIENT = "already_recipient"
    KK_LIMIT = "kk_limit"
    BLACKLISTED = "blacklisted"
    SOCIAL_ASSISTANCE_EXCLUDED = "social_assistance_excluded"
    ACCOUNT_BLOCKED = "account_blocked"
    # selection
    SELECTION_PENDING = "selection_pending"
    ACCEPTED = "accepted"
    ACCEPTED_PRIORITY = "accepted_priority"
    NOT_SELECTED = "not_selected"
    SOCIAL_ASSISTANCE_DEPRIORITISED = "social_assistance_deprioritised"
    # after acceptance
    AWAITING_FIRST_PURCHASE = "awaiting_first_purchase"
    REVOKED_NO_PURCHASE = "revoked_no_purchase"
    TRAINING_IN_PROGRESS = "training_in_progress"
    CERTIFICATE_PENDING = "certificate_pending"
    TRAINING_COMPLETED = "training_completed"
    BANK_ACCOUNT_MISSING = "bank_account_missing"
    INCENTIVE_FAILED_PHONE_CHANGED = "incentive_failed_phone_changed"
    INCENTIVE_FAILED_ACCOUNT_INACTIVE = "incentive_failed_account_inactive"
    INCENTIVE_FAILED_NAME_MISMATCH = "incentive_failed_name_mismatch"
    INCENTIVE_RETRY_SCHEDULED = "incentive_retry_scheduled"
    INCENTIVE_PAID = "incentive_paid"
    # a code this console does not know (newer central)
    UNKNOWN = "unknown"

    @property
    def text(self) -> str:
        """The plain-words template (a catalogue msgid) for this reason."""
        return REASON_TEXT[self]


def reason_from_code(code: str | None) -> Reason:
    """Read a wire reason code; unknown or missing codes become ``Reason.UNKNOWN``."""
    try:
        return Reason(code or "")
    except ValueError:
        return Reason.UNKNOWN


REASON_TEXT: dict[Reason, str] = {
    Reason.REGISTERED: N_("Registered an account"),
    Reason.EMAIL_PENDING: N_("Verification e-mail sent, not yet confirmed"),
    Reason.EMAIL_BOUNCED: N_("Verification e-mail could not be delivered"),
    Reason.EMAIL_VERIFIED: N_("E-mail address confirmed"),
    Reason.NIK_PENDING: N_("NIK is being checked with the population registry"),
    Reason.NIK_NOT_SUBMITTED: N_("Profile with NIK and KK not yet submitted"),
    Reason.NIK_NOT_FOUND: N_("NIK not found in the population registry"),
    Reason.NIK_REGISTRY_MISMATCH: N_("Data entered does not match the population registry"),
    Reason.NIK_KK_MISMATCH: N_("NIK and family card (KK) number do not match"),
    Reason.NIK_ALREADY_USED: N_("NIK is already used by another account"),
    Reason.KTP_PHOTO_REJECTED: N_("KTP photo could not be read or was rejected"),
    Reason.NIK_VERIFIED: N_("NIK confirmed by the population registry"),
    Reason.NIK_BIRTH_DIGITS_DIFFER: N_(
        "NIK birth-date digits differ from the registered birth date (allowed)"
    ),
    Reason.NOT_JOINED: N_("Eligible, has not joined a wave"),
    Reason.WAVE_NOT_OPEN: N_("No wave is open for joining now"),
    Reason.JOINED_BATCH: N_("Joined the wave, waiting for selection"),
    Reason.UNDER_AGE: N_("Younger than 18 on the wave's date"),
    Reason.STUDENT: N_("Still a pupil or student according to the education registry"),
    Reason.EXCLUDED_OCCUPATION: N_(
        "Civil servant, military, police, state or village official, or state-company director"
    ),
    Reason.ALREADY_RECIPIENT: N_("Has already received a Prakerja card"),
    Reason.KK_LIMIT: N_("Two members of this family card already received the card"),
    Reason.BLACKLISTED: N_("On the programme's blacklist"),
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: N_(
        "Receives social assistance (DTKS), excluded by this wave's policy"
    ),
    Reason.ACCOUNT_BLOCKED: N_("Account blocked for suspected fraud"),
    Reason.SELECTION_PENDING: N_("Wave closed, selection results not yet announced"),
    Reason.ACCEPTED: N_("Selected in the random draw"),
    Reason.ACCEPTED_PRIORITY: N_("Selected from a priority list"),
    Reason.NOT_SELECTED: N_("Not selected in this wave; may join a later wave"),
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: N_(
        "Receives social assistance (DTKS), placed after other eligible applicants"
    ),
    Reason.AWAITING_FIRST_PURCHASE: N_("Accepted, first training not yet bought"),
    Reason.REVOKED_NO_PURCHASE: N_("Card revoked: no first training bought in time"),
    Reason.TRAINING_IN_PROGRESS: N_("Training in progress"),
    Reason.CERTIFICATE_PENDING: N_("Training finished, certificate not yet issued"),
    Reason.TRAINING_COMPLETED: N_("Training completed with certificate"),
    Reason.BANK_ACCOUNT_MISSING: N_("No bank or e-wallet account linked for the incentive"),
    Reason.INCENTIVE_FAILED_PHONE_CHANGED: N_(
        "Incentive payment failed: phone number changed at the e-wallet"
    ),
    Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE: N_(
        "Incentive payment failed: bank or e-wallet account inactive"
    ),
    Reason.INCENTIVE_FAILED_NAME_MISMATCH: N_(
        "Incentive payment failed: account holder's name differs from the applicant's"
    ),
    Reason.INCENTIVE_RETRY_SCHEDULED: N_("Incentive payment will be retried"),
    Reason.INCENTIVE_PAID: N_("Incentive paid"),
    Reason.UNKNOWN: N_("Status code not known to this console version"),
}
