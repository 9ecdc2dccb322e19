"""A metaclass for screens with abstract methods.

Textual's screens have a metaclass of their own, which ``abc.ABCMeta`` cannot
sit beside, so this one combines the two: a screen class that leaves an
abstract method unwritten cannot be built.
"""

from __future__ import annotations

from abc import ABCMeta
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.message_pump import _MessagePumpMeta as _ScreenMeta
else:
    _ScreenMeta = type(Screen)  # whatever Textual names it, at run time


class AbstractScreenMeta(_ScreenMeta, ABCMeta):
    """Textual's screen metaclass, plus the abstract-method check of ``abc``."""
