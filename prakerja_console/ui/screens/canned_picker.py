"""Pick a canned response by typing a few letters of its title (fuzzy, as the palette does).

Titles are our own file's text, matched with Textual's fuzzy matcher; the
highlighted response's filled-in text is previewed below the list, so the agent
sees exactly what will be inserted, placeholders still to fill included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.fuzzy import Matcher
from textual.types import CSSPathType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from prakerja_console.domain.text import N_, Message
from prakerja_console.services.canned import CannedTemplate, fill
from prakerja_console.ui.host import host
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.dialog import ConsoleDialog
from prakerja_console.ui.widgets.safe_input import SafeInput

PREVIEW_LIMIT = 600


class CannedPicker(ConsoleDialog[CannedTemplate]):
    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "canned_picker.tcss"]
    title_text = N_("Canned responses")
    confirm_text = N_("Insert")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False, id="canned.down", tooltip=N_("Next response")),
        Binding("up", "move(-1)", show=False, id="canned.up", tooltip=N_("Previous response")),
    ]

    def __init__(self, templates: Sequence[CannedTemplate], values: Mapping[str, str]) -> None:
        super().__init__()
        self._templates = tuple(templates)
        self._values = dict(values)
        self._shown: list[CannedTemplate] = list(self._templates)

    def compose_fields(self) -> ComposeResult:
        console = host(self)
        _ = console.translator._
        field = SafeInput(placeholder=_("Type to search the titles…"), id="canned-search")
        field.cursor_blink = console.cursor_blink
        yield field
        yield OptionList(id="canned-list")
        yield Static(id="canned-preview", classes="dialog-help")

    def on_mount(self) -> None:
        self._refill("")
        self.query_one("#canned-search", Input).focus()

    def _option(self, template: CannedTemplate, matcher: Matcher | None) -> Option:
        title = template.response.title
        shown = matcher.highlight(title) if matcher is not None else Content(title)
        return Option(styled((f"[{template.language.upper()}] ", "$text-muted"), shown))

    def _refill(self, query: str) -> None:
        options = self.query_one("#canned-list", OptionList)
        if query.strip():
            matcher = Matcher(query.strip())
            scored = [
                (matcher.match(t.response.title), index, t)
                for index, t in enumerate(self._templates)
            ]
            ranked = sorted(
                (item for item in scored if item[0] > 0), key=lambda item: (-item[0], item[1])
            )
            self._shown = [template for _score, _index, template in ranked]
        else:
            matcher = None
            self._shown = list(self._templates)
        options.clear_options()
        options.add_options([self._option(template, matcher) for template in self._shown])
        if self._shown:
            options.highlighted = 0
        self._preview()

    @on(Input.Changed, "#canned-search")
    def _typed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    @on(Input.Submitted, "#canned-search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    @on(OptionList.OptionHighlighted, "#canned-list")
    def _highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self._preview()

    @on(OptionList.OptionSelected, "#canned-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_confirm()

    def action_move(self, step: int) -> None:
        options = self.query_one("#canned-list", OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    def _current(self) -> CannedTemplate | None:
        index = self.query_one("#canned-list", OptionList).highlighted
        return self._shown[index] if index is not None and 0 <= index < len(self._shown) else None

    def _preview(self) -> None:
        chosen = self._current()
        preview = self.query_one("#canned-preview", Static)
        if chosen is None:
            preview.update(styled((host(self).translator._("No response matches."), "$text-muted")))
            return
        preview.update(safe(fill(chosen, self._values), PREVIEW_LIMIT, multiline=True))

    def result(self) -> CannedTemplate | Message:
        chosen = self._current()
        return chosen if chosen is not None else Message(N_("No response matches."))
