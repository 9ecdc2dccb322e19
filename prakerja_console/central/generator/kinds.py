"""Where an applicant ends up: the eleven final states the exact counts are made of.

A scenario fixes cumulative funnel counts and side states; their differences are
the sizes of these kinds (e.g. ``email_verified − nik_verified`` applicants are
stuck between e-mail and NIK verification). Each kind has one stage and side
state, and the reasons that may explain it; which reason an applicant gets is
drawn by the scenario's weights (see :mod:`.scenario`), the kind itself exactly.
"""

from __future__ import annotations

from enum import IntEnum

from prakerja_console.domain.funnel import Reason, SideState, Stage


class Kind(IntEnum):
    REGISTERED = 0  # e-mail not verified
    EMAIL_VERIFIED = 1  # stuck before NIK verification
    NIK_VERIFIED = 2  # eligible, has not joined a wave
    PENDING = 3  # joined a wave, selection not announced
    NOT_ACCEPTED = 4
    REJECTED = 5
    AWAITING = 6  # accepted, first training not bought yet
    REVOKED = 7
    TRAINING = 8
    COMPLETED = 9
    PAID = 10

    @property
    def stage(self) -> Stage:
        return _STAGE[self]

    @property
    def side_state(self) -> SideState | None:
        return _SIDE.get(self)

    @property
    def wave_bound(self) -> bool:
        """Whether applicants of this kind joined a wave (and so need one)."""
        return self >= Kind.PENDING

    @property
    def accepted(self) -> bool:
        """Whether the kind was accepted into a wave (it counts against the quota)."""
        return self >= Kind.AWAITING

    @property
    def decided(self) -> bool:
        """Whether a wave's announcement decided it (the wave must be announced)."""
        return self >= Kind.NOT_ACCEPTED


_STAGE = {
    Kind.REGISTERED: Stage.REGISTERED,
    Kind.EMAIL_VERIFIED: Stage.EMAIL_VERIFIED,
    Kind.NIK_VERIFIED: Stage.NIK_VERIFIED,
    Kind.PENDING: Stage.JOINED_BATCH,
    Kind.NOT_ACCEPTED: Stage.JOINED_BATCH,
    Kind.REJECTED: Stage.JOINED_BATCH,
    Kind.AWAITING: Stage.ACCEPTED,
    Kind.REVOKED: Stage.ACCEPTED,
    Kind.TRAINING: Stage.TRAINING,
    Kind.COMPLETED: Stage.COMPLETED,
    Kind.PAID: Stage.INCENTIVE_PAID,
}
_SIDE = {
    Kind.NOT_ACCEPTED: SideState.NOT_ACCEPTED,
    Kind.REJECTED: SideState.REJECTED,
    Kind.REVOKED: SideState.REVOKED,
}


def kind_of(stage: Stage, side_state: SideState | None) -> Kind | None:
    """The kind with this stage and side state, or None when the pair is not a final state."""
    for kind in Kind:
        if kind.stage is stage and kind.side_state is side_state:
            return kind
    return None


# The reasons that may explain each kind. PENDING's reason follows the wave's
# status (open: joined_batch; closed: selection_pending), not a weight.
REASONS: dict[Kind, tuple[Reason, ...]] = {
    Kind.REGISTERED: (Reason.EMAIL_PENDING, Reason.EMAIL_BOUNCED),
    Kind.EMAIL_VERIFIED: (
        Reason.NIK_NOT_SUBMITTED,
        Reason.NIK_PENDING,
        Reason.NIK_NOT_FOUND,
        Reason.NIK_REGISTRY_MISMATCH,
        Reason.NIK_KK_MISMATCH,
        Reason.NIK_ALREADY_USED,
        Reason.KTP_PHOTO_REJECTED,
    ),
    Kind.NIK_VERIFIED: (Reason.NOT_JOINED,),
    Kind.PENDING: (Reason.JOINED_BATCH, Reason.SELECTION_PENDING),
    Kind.NOT_ACCEPTED: (Reason.NOT_SELECTED, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED),
    Kind.REJECTED: (
        Reason.UNDER_AGE,
        Reason.STUDENT,
        Reason.EXCLUDED_OCCUPATION,
        Reason.ALREADY_RECIPIENT,
        Reason.KK_LIMIT,
        Reason.BLACKLISTED,
        Reason.SOCIAL_ASSISTANCE_EXCLUDED,
        Reason.ACCOUNT_BLOCKED,
    ),
    Kind.AWAITING: (Reason.AWAITING_FIRST_PURCHASE,),
    Kind.REVOKED: (Reason.REVOKED_NO_PURCHASE,),
    Kind.TRAINING: (Reason.TRAINING_IN_PROGRESS, Reason.CERTIFICATE_PENDING),
    Kind.COMPLETED: (
        Reason.TRAINING_COMPLETED,
        Reason.BANK_ACCOUNT_MISSING,
        Reason.INCENTIVE_FAILED_PHONE_CHANGED,
        Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE,
        Reason.INCENTIVE_FAILED_NAME_MISMATCH,
        Reason.INCENTIVE_RETRY_SCHEDULED,
    ),
    Kind.PAID: (Reason.INCENTIVE_PAID,),
}

# Reasons a scenario weighs in its ``[mix.<kind>]`` tables, and the default weights.
DEFAULT_REASON_WEIGHTS: dict[Kind, dict[Reason, float]] = {
    Kind.REGISTERED: {Reason.EMAIL_PENDING: 92, Reason.EMAIL_BOUNCED: 8},
    Kind.EMAIL_VERIFIED: {
        Reason.NIK_NOT_SUBMITTED: 38,
        Reason.NIK_PENDING: 18,
        Reason.NIK_NOT_FOUND: 14,
        Reason.NIK_REGISTRY_MISMATCH: 11,
        Reason.NIK_KK_MISMATCH: 8,
        Reason.NIK_ALREADY_USED: 3,
        Reason.KTP_PHOTO_REJECTED: 8,
    },
    Kind.NOT_ACCEPTED: {Reason.NOT_SELECTED: 90, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: 10},
    Kind.REJECTED: {
        Reason.UNDER_AGE: 12,
        Reason.STUDENT: 24,
        Reason.EXCLUDED_OCCUPATION: 14,
        Reason.ALREADY_RECIPIENT: 8,
        Reason.KK_LIMIT: 6,
        Reason.BLACKLISTED: 3,
        Reason.SOCIAL_ASSISTANCE_EXCLUDED: 25,
        Reason.ACCOUNT_BLOCKED: 8,
    },
    Kind.TRAINING: {Reason.TRAINING_IN_PROGRESS: 80, Reason.CERTIFICATE_PENDING: 20},
    Kind.COMPLETED: {
        Reason.TRAINING_COMPLETED: 50,
        Reason.BANK_ACCOUNT_MISSING: 12,
        Reason.INCENTIVE_FAILED_PHONE_CHANGED: 12,
        Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE: 10,
        Reason.INCENTIVE_FAILED_NAME_MISMATCH: 6,
        Reason.INCENTIVE_RETRY_SCHEDULED: 10,
    },
}

# Reasons that need a wave policy: only drawn in waves whose ``dtks_policy`` matches.
POLICY_REASONS: dict[Reason, str] = {
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: "deprioritise",
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: "exclude",
}
