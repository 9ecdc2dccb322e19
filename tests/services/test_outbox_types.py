"""The screens' copy of the wire's action types stays the wire's, with the same merge fields.

``services.outbox`` spells the types out instead of deriving them from
``sync.protocol`` and ``store.effects``: importing those (pydantic, SQLModel)
would cost the console's first paint, which needs only the names. These tests
are what keeps the copy honest.
"""

from __future__ import annotations

from prakerja_console.services.outbox import MERGEABLE, ActionType
from prakerja_console.store.effects import ACTIONS
from prakerja_console.sync.protocol import MutationType


def test_every_mutation_type_and_only_those_is_an_action_type() -> None:
    copied = {
        member.name: member.value for member in ActionType if member is not ActionType.UNKNOWN
    }
    assert copied == {member.name: member.value for member in MutationType}


def test_mergeable_actions_are_those_the_store_resolves_by_merging() -> None:
    store = {kind: action.merge_field for kind, action in ACTIONS.items() if action.merge_field}
    assert {kind.value: field for kind, field in MERGEABLE.items()} == store


def test_the_console_handles_every_action_type_locally() -> None:
    assert set(ACTIONS) == {member.value for member in MutationType}
