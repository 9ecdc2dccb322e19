"""Who may do what. The console hides what a role cannot do; the central refuses it.

Both sides call :func:`allowed` so the rule lives in one place.
"""

from __future__ import annotations

from enum import StrEnum

from prakerja_console.domain.text import N_


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    OFFICER = "officer"  # regional labour office (Disnaker), scoped to one province

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.AGENT: N_("agent"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.OFFICER: N_("regional officer"),
}


class Permission(StrEnum):
    VIEW_APPLICANT = "view_applicant"
    REVEAL_PII = "reveal_pii"
    RESEND_VERIFICATION_EMAIL = "resend_verification_email"
    REQUEST_REVERIFICATION = "request_reverification"
    ADD_NOTE = "add_note"
    WORK_TICKETS = "work_tickets"
    ASSIGN_TICKETS_TO_OTHERS = "assign_tickets_to_others"
    DECIDE_VERIFICATION_CASE = "decide_verification_case"
    APPROVE_OVERRIDE = "approve_override"
    VIEW_DASHBOARDS = "view_dashboards"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(
        {
            Permission.VIEW_APPLICANT,
            Permission.REVEAL_PII,
            Permission.RESEND_VERIFICATION_EMAIL,
            Permission.REQUEST_REVERIFICATION,
            Permission.ADD_NOTE,
            Permission.WORK_TICKETS,
        }
    ),
    Role.SUPERVISOR: frozenset(Permission),
    Role.OFFICER: frozenset(
        {
            Permission.VIEW_APPLICANT,
            Permission.REVEAL_PII,
            Permission.REQUEST_REVERIFICATION,
            Permission.ADD_NOTE,
            Permission.WORK_TICKETS,
            Permission.DECIDE_VERIFICATION_CASE,
            Permission.VIEW_DASHBOARDS,
        }
    ),
}


def allowed(role: Role, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission``."""
    return permission in _GRANTS[role]


def in_scope(user_scope: str | None, province_code: str | None) -> bool:
    """Whether a user scoped to ``user_scope`` (None = nationwide) may touch a record.

    A record with no province (not yet known) is visible only to nationwide users.
    """
    return user_scope is None or (province_code is not None and province_code == user_scope)
