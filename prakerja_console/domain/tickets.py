"""Call-centre tickets: their vocabularies and the rules for changing them.

The console checks these rules before it queues an action (so an agent learns at
once why something is refused) and the central checks them again when the action
arrives; both call the same functions, so the rule lives here only.

Category, channel, priority and status travel over the wire as plain strings. A
central newer than this console may send a value it does not know; ``from_code``
maps it to the enum's ``UNKNOWN`` member, which is shown as unknown and refuses
every change, rather than crashing or guessing.

Decisions recorded here (the issue left them open):

* A **closed** ticket is final for the statistics; only a supervisor may reopen it
  (``Permission.APPROVE_OVERRIDE``). An agent whose applicant calls back about a
  closed case opens a new ticket instead.
* An **escalated** ticket belongs to the supervisors: only they hand it back
  (escalated → open) or resolve it.
* A ticket is closed either after it was resolved, or by **merging** it into
  another ticket (:func:`check_merge`), which closes it with ``merged_into`` set;
  a merged ticket never changes again: work continues on the one it was merged into.
  Merging closes the ticket, so it needs the permission resolving it would need
  from its status: an escalated ticket is merged only by a supervisor (otherwise
  an agent could make an escalation vanish unseen).
* An agent may **take** an unassigned ticket or give up their own; taking a ticket
  from a colleague is assigning it to someone else, which needs a supervisor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, Self

from prakerja_console.domain.roles import Permission, Role, allowed, in_scope
from prakerja_console.domain.text import N_, Message

BODY_MAX_CHARS = 20_000
ESCALATION_REASON_MIN_CHARS = 10
ESCALATION_REASON_MAX_CHARS = 500
SUBJECT_MAX_CHARS = 200
_UNKNOWN = "unknown"


class _WireEnum(StrEnum):
    """A wire vocabulary whose unknown values read as the ``UNKNOWN`` member."""

    @classmethod
    def from_code(cls, code: str | None) -> Self:
        """Read a wire value; unknown or missing values become ``UNKNOWN``."""
        try:
            return cls(code or "")
        except ValueError:
            return cls(_UNKNOWN)


class Category(_WireEnum):
    """What the applicant complains about: the complaints that really reached the call centre."""

    EMAIL_NOT_RECEIVED = "email_not_received"
    NIK_NOT_FOUND = "nik_not_found"
    NIK_KK_MISMATCH = "nik_kk_mismatch"
    NIK_ALREADY_USED = "nik_already_used"
    KTP_PHOTO_UPLOAD = "ktp_photo_upload"
    SELECTION_STATUS = "selection_status"  # not selected, or a status they do not understand
    ACCOUNT_BLOCKED = "account_blocked"  # suspected fraud, proxies
    VOUCHER_PURCHASE = "voucher_purchase"
    CERTIFICATE_MISSING = "certificate_missing"
    INCENTIVE_FAILED = "incentive_failed"  # payment or e-wallet linking failed
    SURVEY_INCENTIVE = "survey_incentive"
    REVOCATION = "revocation"
    ACCOUNT_ACCESS = "account_access"
    OTHER = "other"
    UNKNOWN = _UNKNOWN

    @property
    def label(self) -> str:
        """The full name (a catalogue id), for forms and the ticket header."""
        return _CATEGORY_LABELS[self][0]

    @property
    def short_label(self) -> str:
        """A name that fits the ticket list's narrow column (a catalogue id)."""
        return _CATEGORY_LABELS[self][1]


_CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.EMAIL_NOT_RECEIVED: (
        N_("Verification e-mail not received"),
        N_("Verification e-mail"),
    ),
    Category.NIK_NOT_FOUND: (N_("NIK not found"), N_("NIK not found")),
    Category.NIK_KK_MISMATCH: (N_("NIK and KK number do not match"), N_("NIK–KK mismatch")),
    Category.NIK_ALREADY_USED: (N_("NIK already used by another account"), N_("NIK already used")),
    Category.KTP_PHOTO_UPLOAD: (N_("KTP photo upload"), N_("KTP photo")),
    Category.SELECTION_STATUS: (
        N_("Not selected or status unclear"),
        N_("Selection status"),
    ),
    Category.ACCOUNT_BLOCKED: (N_("Account blocked"), N_("Account blocked")),
    Category.VOUCHER_PURCHASE: (N_("Voucher or training purchase"), N_("Voucher/purchase")),
    Category.CERTIFICATE_MISSING: (N_("Certificate missing"), N_("Certificate")),
    Category.INCENTIVE_FAILED: (
        N_("Incentive payment or e-wallet linking failed"),
        N_("Incentive failed"),
    ),
    Category.SURVEY_INCENTIVE: (N_("Survey incentive"), N_("Survey incentive")),
    Category.REVOCATION: (N_("Card revoked"), N_("Revocation")),
    Category.ACCOUNT_ACCESS: (N_("Cannot get into the account"), N_("Account access")),
    Category.OTHER: (N_("Other"), N_("Other")),
    Category.UNKNOWN: (N_("Category not known to this console version"), N_("Unknown")),
}


class Channel(_WireEnum):
    """How the complaint reached us."""

    PHONE = "phone"
    EMAIL = "email"
    WALK_IN = "walk_in"
    SOCIAL_MEDIA = "social_media"
    UNKNOWN = _UNKNOWN

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS: dict[Channel, str] = {
    Channel.PHONE: N_("Phone"),
    Channel.EMAIL: N_("E-mail"),
    Channel.WALK_IN: N_("Walk-in"),
    Channel.SOCIAL_MEDIA: N_("Social media"),
    Channel.UNKNOWN: N_("Unknown"),
}


class Priority(_WireEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
    UNKNOWN = _UNKNOWN

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]

    @property
    def rank(self) -> int:
        """Sort key, most urgent highest; an unknown priority sorts as normal."""
        return _PRIORITY_RANKS[self]


_PRIORITY_LABELS: dict[Priority, str] = {
    Priority.LOW: N_("Low"),
    Priority.NORMAL: N_("Normal"),
    Priority.HIGH: N_("High"),
    Priority.URGENT: N_("Urgent"),
    Priority.UNKNOWN: N_("Unknown"),
}
_PRIORITY_RANKS: dict[Priority, int] = {
    Priority.LOW: 0,
    Priority.NORMAL: 1,
    Priority.UNKNOWN: 1,
    Priority.HIGH: 2,
    Priority.URGENT: 3,
}


class Status(_WireEnum):
    """Where a ticket is in its life, in the order it usually goes."""

    NEW = "new"
    OPEN = "open"
    PENDING_APPLICANT = "pending_applicant"  # waiting for the applicant to answer
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"
    UNKNOWN = _UNKNOWN

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_active(self) -> bool:
        """Still being worked on (counts in the backlog)."""
        return self in _ACTIVE


_STATUS_LABELS: dict[Status, str] = {
    Status.NEW: N_("New"),
    Status.OPEN: N_("Open"),
    Status.PENDING_APPLICANT: N_("Waiting for applicant"),
    Status.ESCALATED: N_("Escalated"),
    Status.RESOLVED: N_("Resolved"),
    Status.CLOSED: N_("Closed"),
    Status.UNKNOWN: N_("Status not known to this console version"),
}
_ACTIVE = frozenset({Status.NEW, Status.OPEN, Status.PENDING_APPLICANT, Status.ESCALATED})

_WORK = Permission.WORK_TICKETS
_SUPERVISE = Permission.APPROVE_OVERRIDE

TRANSITIONS: Mapping[Status, Mapping[Status, Permission]] = {
    Status.NEW: {Status.OPEN: _WORK, Status.RESOLVED: _WORK},
    Status.OPEN: {
        Status.PENDING_APPLICANT: _WORK,
        Status.ESCALATED: _WORK,
        Status.RESOLVED: _WORK,
    },
    Status.PENDING_APPLICANT: {
        Status.OPEN: _WORK,  # the applicant answered
        Status.ESCALATED: _WORK,
        Status.RESOLVED: _WORK,
    },
    Status.ESCALATED: {Status.OPEN: _SUPERVISE, Status.RESOLVED: _SUPERVISE},
    Status.RESOLVED: {Status.OPEN: _WORK, Status.CLOSED: _WORK},  # reopen, or close for good
    Status.CLOSED: {Status.OPEN: _SUPERVISE},
    Status.UNKNOWN: {},
}
"""from → {to: the permission that change needs}. Every change not listed is refused.

Closing an active ticket by merging it is not a status change of its own: see
:func:`check_merge`.
"""


class TicketRule(StrEnum):
    """Why a ticket action was refused: a stable code for the central's answer and tests."""

    NOT_PERMITTED = "not_permitted"
    OUT_OF_SCOPE = "out_of_scope"
    UNKNOWN_STATE = "unknown_state"
    SAME_STATUS = "same_status"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    SUPERVISOR_ONLY = "supervisor_only"
    MERGED = "merged"
    CLOSED = "closed"
    ASSIGNMENT_UNCHANGED = "assignment_unchanged"
    REASON_REQUIRED = "reason_required"
    REASON_TOO_SHORT = "reason_too_short"
    TOO_LONG = "too_long"
    EMPTY_BODY = "empty_body"
    MERGE_INTO_ITSELF = "merge_into_itself"
    MERGE_OTHER_APPLICANT = "merge_other_applicant"
    ASSIGNEE_REQUIRED = "assignee_required"
    UNKNOWN_VALUE = "unknown_value"
    SUBJECT_REQUIRED = "subject_required"
    UNCHANGED = "unchanged"
    APPLICANT_ALREADY_SET = "applicant_already_set"
    CASE_OTHER_APPLICANT = "case_other_applicant"


class TicketRuleError(Exception):
    """A ticket action the rules refuse, with what to tell the person who tried it."""

    def __init__(self, rule: TicketRule, message: Message) -> None:
        super().__init__(message.render())
        self.rule = rule
        self.message = message


class TicketView(Protocol):
    """What the rules read of a ticket; the wire's ``TicketData`` and its tables fit it."""

    @property
    def id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def assignee(self) -> str | None: ...
    @property
    def applicant_id(self) -> int | None: ...
    @property
    def merged_into(self) -> int | None: ...
    @property
    def province_code(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: their username, role and scope (a province code, None = nationwide)."""

    username: str
    role: Role
    scope: str | None = None


# Why a change *to* a status is refused when the table has no such edge (only these
# targets can be refused by the table; a test walks every pair).
_NOT_FROM_HERE: dict[Status, str] = {
    Status.NEW: N_("A ticket cannot go back to new."),
    Status.PENDING_APPLICANT: N_("Only an open ticket can be set to wait for the applicant."),
    Status.ESCALATED: N_(
        "Only an open ticket, or one waiting for the applicant, can be escalated."
    ),
    Status.CLOSED: N_(
        "Only a resolved ticket can be closed. Resolve it first, or merge it into another ticket."
    ),
}
# Why a change *from* a status needs a supervisor.
_SUPERVISOR_ONLY: dict[Status, str] = {
    Status.ESCALATED: N_(
        "This ticket is escalated: only a supervisor can hand it back or resolve it."
    ),
    Status.CLOSED: N_(
        "Only a supervisor can reopen a closed ticket. Open a new ticket for the applicant instead."
    ),
}


def _number(ticket_id: int | None) -> str:
    """A ticket number as text, so the translator does not group its digits (#8812, not #8.812)."""
    return "" if ticket_id is None else str(ticket_id)


def _refuse(rule: TicketRule, template: str, **params: object) -> TicketRuleError:
    return TicketRuleError(rule, Message(template, params))


def _check_may_work(ticket: TicketView, actor: Actor) -> None:
    if not allowed(actor.role, _WORK):
        raise _refuse(TicketRule.NOT_PERMITTED, N_("Your role cannot work on tickets."))
    if not in_scope(actor.scope, ticket.province_code):
        raise _refuse(
            TicketRule.OUT_OF_SCOPE,
            N_("Ticket #{ticket} belongs to another region than yours."),
            ticket=_number(ticket.id),
        )


def _check_changeable(ticket: TicketView) -> Status:
    """The ticket's status, if the ticket may change at all; merged and unknown ones may not."""
    if ticket.merged_into is not None:
        raise _refuse(
            TicketRule.MERGED,
            N_("This ticket was merged into ticket #{target}; continue there."),
            target=_number(ticket.merged_into),
        )
    status = Status.from_code(ticket.status)
    if status is Status.UNKNOWN:
        raise _refuse(
            TicketRule.UNKNOWN_STATE,
            N_(
                "This ticket has a status this console version does not know, so it cannot be "
                "changed here. Update the console."
            ),
        )
    return status


def check_transition(ticket: TicketView, to: Status, actor: Actor) -> None:
    """Refuse a status change the table (:data:`TRANSITIONS`) or the actor's role forbids."""
    _check_may_work(ticket, actor)
    current = _check_changeable(ticket)
    if to is Status.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_STATE, N_("Choose one of the statuses listed."))
    if to is current:
        raise _refuse(TicketRule.SAME_STATUS, N_("The ticket already has this status."))
    needed = TRANSITIONS[current].get(to)
    if needed is None:
        if current is Status.CLOSED:
            raise _refuse(
                TicketRule.TRANSITION_NOT_ALLOWED,
                N_("A closed ticket can only be reopened, by a supervisor."),
            )
        raise _refuse(TicketRule.TRANSITION_NOT_ALLOWED, _NOT_FROM_HERE[to])
    if not allowed(actor.role, needed):
        raise _refuse(TicketRule.SUPERVISOR_ONLY, _SUPERVISOR_ONLY[current])


def next_statuses(ticket: TicketView, actor: Actor) -> list[Status]:
    """The statuses ``actor`` may move the ticket to now, for the UI's action keys."""
    targets = TRANSITIONS[Status.from_code(ticket.status)]
    possible = []
    for to in targets:
        try:
            check_transition(ticket, to, actor)
        except TicketRuleError:
            continue
        possible.append(to)
    return possible


def check_assignment(ticket: TicketView, actor: Actor, assignee: str | None) -> None:
    """Refuse an assignment the actor may not make; ``assignee=None`` unassigns.

    Anyone who works tickets may take an unassigned ticket or give up their own;
    every other assignment (to a colleague, or away from one) needs
    ``Permission.ASSIGN_TICKETS_TO_OTHERS``.
    """
    _check_may_work(ticket, actor)
    status = _check_changeable(ticket)
    if status is Status.CLOSED:
        raise _refuse(
            TicketRule.CLOSED, N_("This ticket is closed; reopen it before assigning it.")
        )
    if assignee is not None and not assignee.strip():
        raise _refuse(TicketRule.ASSIGNEE_REQUIRED, N_("Choose who the ticket is assigned to."))
    if assignee == ticket.assignee:
        raise _refuse(
            TicketRule.ASSIGNMENT_UNCHANGED,
            N_("The ticket is already assigned that way.")
            if assignee is not None
            else N_("The ticket is not assigned to anyone."),
        )
    taking_free_ticket = assignee == actor.username and ticket.assignee is None
    giving_up_own = assignee is None and ticket.assignee == actor.username
    if not (taking_free_ticket or giving_up_own) and not allowed(
        actor.role, Permission.ASSIGN_TICKETS_TO_OTHERS
    ):
        raise _refuse(
            TicketRule.SUPERVISOR_ONLY,
            N_(
                "You can take an unassigned ticket or give up your own; "
                "only a supervisor assigns tickets to others."
            ),
        )


def check_escalation(ticket: TicketView, actor: Actor, reason: str) -> None:
    """Refuse an escalation that the status table forbids or that gives no usable reason."""
    check_transition(ticket, Status.ESCALATED, actor)
    check_escalation_reason(reason)


def check_escalation_reason(reason: str) -> None:
    """Refuse a reason a supervisor could not act on: blank, a few letters, or an essay.

    The supervisor decides from this line alone, so it must say something: at least
    :data:`ESCALATION_REASON_MIN_CHARS` characters without the surrounding blanks, as
    a reason for revealing personal data must (``domain.action_text``).
    """
    stripped = reason.strip()
    if len(stripped) < ESCALATION_REASON_MIN_CHARS:
        raise _refuse(
            TicketRule.REASON_TOO_SHORT if stripped else TicketRule.REASON_REQUIRED,
            N_(
                "Say in at least {minimum} characters why the ticket is escalated, so the "
                'supervisor knows what to decide, e.g. "applicant disputes the rejection".'
            ),
            minimum=ESCALATION_REASON_MIN_CHARS,
        )
    if len(stripped) > ESCALATION_REASON_MAX_CHARS:
        raise _refuse(
            TicketRule.TOO_LONG,
            N_(
                "The escalation reason is {length} characters long; keep it to {limit}. "
                "Put the details in a note."
            ),
            length=len(stripped),
            limit=ESCALATION_REASON_MAX_CHARS,
        )


def check_merge_source(source: TicketView, actor: Actor) -> None:
    """Refuse merging ``source`` into any ticket at all; the UI asks before a target is typed.

    Merging closes the ticket, so it needs what resolving it needs from its status
    (an escalated ticket: a supervisor).
    """
    _check_may_work(source, actor)
    status = _check_changeable(source)
    if status is Status.CLOSED:
        raise _refuse(TicketRule.CLOSED, N_("This ticket is already closed."))
    if not allowed(actor.role, TRANSITIONS[status].get(Status.RESOLVED, _WORK)):
        raise _refuse(
            TicketRule.SUPERVISOR_ONLY,
            N_("This ticket is escalated: only a supervisor can merge it into another ticket."),
        )


def check_merge(source: TicketView, target: TicketView, actor: Actor) -> None:
    """Refuse merging ``source`` into ``target`` (which closes ``source``) when it is wrong.

    Both must be changeable and in the actor's scope, the target not closed, and both
    about the same applicant unless the source has none (a caller who did not give a
    NIK yet). Merging closes ``source``, so the actor needs the permission resolving
    it needs: only a supervisor merges an escalated ticket.
    """
    _check_may_work(source, actor)
    _check_may_work(target, actor)
    if source is target or (source.id is not None and source.id == target.id):
        raise _refuse(TicketRule.MERGE_INTO_ITSELF, N_("A ticket cannot be merged into itself."))
    check_merge_source(source, actor)
    if target.merged_into is not None:
        raise _refuse(
            TicketRule.MERGED,
            N_("Ticket #{target} was itself merged into ticket #{final}; merge into that one."),
            target=_number(target.id),
            final=_number(target.merged_into),
        )
    if _check_changeable(target) is Status.CLOSED:
        raise _refuse(
            TicketRule.CLOSED,
            N_("Ticket #{target} is closed; choose a ticket that is not closed."),
            target=_number(target.id),
        )
    if source.applicant_id is not None and source.applicant_id != target.applicant_id:
        raise _refuse(
            TicketRule.MERGE_OTHER_APPLICANT,
            N_("Ticket #{target} is about another applicant; only merge tickets of one person."),
            target=_number(target.id),
        )


def check_body(text: str) -> None:
    """Refuse an empty or over-long reply or note. The text itself is kept exactly as typed.

    Nothing is stripped or sanitised here: the UI renders bodies literally.
    """
    if not text.strip():
        raise _refuse(TicketRule.EMPTY_BODY, N_("Write something before sending."))
    if len(text) > BODY_MAX_CHARS:
        raise _refuse(
            TicketRule.TOO_LONG,
            N_(
                "The text is {length} characters long; the limit is {limit}. "
                "Shorten it or send it in two parts."
            ),
            length=len(text),
            limit=BODY_MAX_CHARS,
        )


# ---------------------------------------------------------------------------
# Filing a ticket, writing on it, and changing its other fields
# ---------------------------------------------------------------------------


def check_new_ticket(
    category: Category, channel: Channel, priority: Priority, subject: str
) -> None:
    """Refuse a ticket that cannot be filed as given.

    Every choice must be one this version knows (an unknown category would get an
    SLA target nobody could explain), and the subject must say what it is about.
    """
    if category is Category.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_VALUE, N_("Choose a category from the list."))
    if channel is Channel.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_VALUE, N_("Choose how the complaint reached us."))
    if priority is Priority.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_VALUE, N_("Choose a priority from the list."))
    stripped = subject.strip()
    if not stripped:
        raise _refuse(
            TicketRule.SUBJECT_REQUIRED, N_("Give the ticket a short subject, e.g. the complaint.")
        )
    if len(stripped) > SUBJECT_MAX_CHARS:
        raise _refuse(
            TicketRule.TOO_LONG,
            N_("The subject is {length} characters long; keep it to {limit}."),
            length=len(stripped),
            limit=SUBJECT_MAX_CHARS,
        )


def check_update(ticket: TicketView, actor: Actor) -> None:
    """Refuse any change to a ticket that is merged, closed, out of scope or unreadable.

    Shared by replies, notes and the changes that are not status changes
    (priority, category, linked case, applicant): a closed ticket is final until
    a supervisor reopens it.
    """
    _check_may_work(ticket, actor)
    if _check_changeable(ticket) is Status.CLOSED:
        raise _refuse(
            TicketRule.CLOSED,
            N_("This ticket is closed; it has to be reopened before it can change."),
        )


def check_conversation(ticket: TicketView, actor: Actor, text: str) -> None:
    """Refuse a public reply or internal note (see :func:`check_update` and :func:`check_body`)."""
    check_update(ticket, actor)
    check_body(text)


def check_priority(ticket: TicketView, actor: Actor, current: Priority, to: Priority) -> None:
    check_update(ticket, actor)
    if to is Priority.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_VALUE, N_("Choose a priority from the list."))
    if to is current:
        raise _refuse(TicketRule.UNCHANGED, N_("The ticket already has this priority."))


def check_category(ticket: TicketView, actor: Actor, current: Category, to: Category) -> None:
    check_update(ticket, actor)
    if to is Category.UNKNOWN:
        raise _refuse(TicketRule.UNKNOWN_VALUE, N_("Choose a category from the list."))
    if to is current:
        raise _refuse(TicketRule.UNCHANGED, N_("The ticket already has this category."))


def check_set_applicant(
    ticket: TicketView, actor: Actor, applicant_id: int, applicant_province: str | None
) -> None:
    """Refuse naming the applicant of a ticket that was opened before the caller was identified.

    Only a ticket about no one yet gets an applicant (another person's complaint is
    another ticket), and the applicant must be in the actor's scope and, when the
    ticket already belongs to a province, in that province: the ticket must not
    move away from the office that works on it.
    """
    check_update(ticket, actor)
    if ticket.applicant_id == applicant_id:
        raise _refuse(TicketRule.UNCHANGED, N_("The ticket is already about this applicant."))
    if ticket.applicant_id is not None:
        raise _refuse(
            TicketRule.APPLICANT_ALREADY_SET,
            N_("This ticket is already about an applicant; open a new ticket for another person."),
        )
    if not in_scope(actor.scope, applicant_province) or (
        ticket.province_code is not None and applicant_province != ticket.province_code
    ):
        raise _refuse(
            TicketRule.OUT_OF_SCOPE,
            N_("This applicant belongs to another region than the ticket."),
        )


def check_link_case(
    ticket: TicketView,
    actor: Actor,
    linked_case: int | None,
    case_id: int,
    case_applicant_id: int,
) -> None:
    """Refuse linking a verification case that is not about the ticket's applicant."""
    check_update(ticket, actor)
    if linked_case == case_id:
        raise _refuse(TicketRule.UNCHANGED, N_("The ticket is already linked to this case."))
    if ticket.applicant_id != case_applicant_id:
        raise _refuse(
            TicketRule.CASE_OTHER_APPLICANT,
            N_(
                "Verification case {case} is about another applicant than this ticket; "
                "link only cases of the same person."
            ),
            case=_number(case_id),
        )
