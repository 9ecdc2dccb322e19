"""A dialog must say how it reads its fields: the base refuses to be built without it."""

from __future__ import annotations

import inspect

import pytest

from prakerja_console.domain.text import Message
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.screens.note_dialog import NoteDialog


def test_a_dialog_without_result_cannot_be_built() -> None:
    class Forgetful(ConsoleDialog[str]):
        title_text = "Forgetful"

    with pytest.raises(TypeError, match="abstract method"):
        Forgetful()  # type: ignore[abstract]


def test_a_dialog_with_result_is_a_screen_like_any_other() -> None:
    class Fixed(ConsoleDialog[str]):
        def result(self) -> str | Message:
            return "ok"

    assert Fixed().result() == "ok"
    assert not inspect.isabstract(NoteDialog)
