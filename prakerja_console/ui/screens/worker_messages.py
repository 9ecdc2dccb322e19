"""What a screen's worker threads post back to it: a result arrived, or a read failed.

Each screen subclasses these under names of its own (``DetailLoaded``,
``SearchDone`` …), so its handlers stay distinct while the shapes are written once.
A ``generation`` numbers a screen's searches: a page or a failure of an older
search than the one shown is dropped, never painted over fresher results.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.message import Message as TextualMessage

from prakerja_console.domain.text import Message

T = TypeVar("T")


class Arrived(TextualMessage, Generic[T]):
    """What the screen asked a worker to read (a detail: everything it shows)."""

    def __init__(self, detail: T) -> None:
        super().__init__()
        self.detail = detail


class Failed(TextualMessage):
    """A worker's read or action failed; ``problem`` says why in plain words."""

    def __init__(self, problem: Message) -> None:
        super().__init__()
        self.problem = problem


class PageArrived(TextualMessage, Generic[T]):
    """A page of results for the search of ``generation``; ``append`` adds it below."""

    def __init__(self, generation: int, page: T, append: bool) -> None:
        super().__init__()
        self.generation = generation
        self.page = page
        self.append = append


class PageFailed(TextualMessage):
    """The search of ``generation`` failed."""

    def __init__(self, generation: int, problem: Message) -> None:
        super().__init__()
        self.generation = generation
        self.problem = problem
