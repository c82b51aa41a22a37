"""Roles and what each may do, enforced by the domain layer on every write and case-level read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    MANAGER = "manager"
    ANALYST = "analyst"
    ADMIN = "admin"


class Permission(StrEnum):
    PUBLISH = "publish figures"
    ROLLBACK = "roll back a load"
    SET_TARGETS = "set targets and tolerances"
    REBASE = "record an SPC rebase"
    RECORD_ACTION = "record an action against an exception"
    IMPORT_BENCHMARKS = "import DfE benchmarks"
    CHANGE_SETTINGS = "change the authority and neighbour model"
    VIEW_CASES = "see case lists"
    PUBLISH_PUBLIC = "mark measures and recommendations public"
    READ_AUDIT = "read the audit log"
    MANAGE_USERS = "manage user accounts"
    UPDATE_PLAN = "add progress updates and change action status"
    IMPORT_PLAN = "import and export improvement plans"
    IMPORT_AUDITS = "import case audits"
    VIEW_AUDITS = "see case audits"


_ANALYST = {
    Permission.PUBLISH,
    Permission.ROLLBACK,
    Permission.SET_TARGETS,
    Permission.REBASE,
    Permission.RECORD_ACTION,
    Permission.IMPORT_BENCHMARKS,
    Permission.CHANGE_SETTINGS,
    Permission.VIEW_CASES,
    Permission.UPDATE_PLAN,
    Permission.IMPORT_PLAN,
    Permission.PUBLISH_PUBLIC,
    Permission.IMPORT_AUDITS,
    Permission.VIEW_AUDITS,
}
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(),
    # Managers act on exceptions and see the cases (and case audits) of their own teams.
    Role.MANAGER: frozenset(
        {
            Permission.VIEW_CASES,
            Permission.VIEW_AUDITS,
            Permission.RECORD_ACTION,
            Permission.UPDATE_PLAN,
        }
    ),
    Role.ANALYST: frozenset(_ANALYST),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a name, a role, and for a manager the teams whose cases they may see."""

    name: str
    role: Role
    teams: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def sees_all_teams(self) -> bool:
        return self.role in (Role.ANALYST, Role.ADMIN)


class PermissionDenied(Exception):
    """The actor's role does not allow the operation."""

    def __init__(self, actor: Actor, permission: Permission):
        self.actor, self.permission = actor, permission
        super().__init__(
            f"permission denied: {actor.name} ({actor.role.value}) may not {permission.value}"
        )


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied unless the actor's role grants the permission."""
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)


# With no accounts configured the app and command line run as one local analyst (demo mode).
LOCAL_ANALYST = Actor("local analyst", Role.ANALYST)
# A browser whose sign-in has ended (or never began) while accounts exist: permitted nothing.
NOBODY = Actor("nobody (not signed in)", Role.VIEWER)
