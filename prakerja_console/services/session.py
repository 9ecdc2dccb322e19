"""Who is using the console: the user the mirror was logged in as, their role and scope."""

from __future__ import annotations

from dataclasses import dataclass

from prakerja_console.domain.regions import TimeZoneName, province, time_zone_of
from prakerja_console.domain.roles import Permission, Role, allowed, in_scope


@dataclass(frozen=True, slots=True)
class Operator:
    """The logged-in user. ``scope`` is a province code, or None for nationwide."""

    username: str
    role: Role
    scope: str | None = None

    def may(self, permission: Permission) -> bool:
        """Whether the role holds ``permission`` at all (hide what it never may do)."""
        return allowed(self.role, permission)

    def may_touch(self, permission: Permission, province_code: str | None) -> bool:
        """Whether the role holds ``permission`` for a record of ``province_code``."""
        return self.may(permission) and in_scope(self.scope, province_code)

    @property
    def scope_name(self) -> str | None:
        """The scope province's name (None: nationwide; the code itself if unknown)."""
        if self.scope is None:
            return None
        found = province(self.scope)
        return found.name if found else self.scope

    @property
    def zone(self) -> TimeZoneName:
        """The time zone the header shows: the scope province's, WIB for nationwide."""
        return time_zone_of(self.scope)


def operator_from(username: str | None, role: str | None, scope: str | None) -> Operator | None:
    """The operator the mirror records, or None when nobody (valid) is logged in."""
    if not username or role not in {member.value for member in Role}:
        return None
    return Operator(username=username, role=Role(role), scope=scope)
