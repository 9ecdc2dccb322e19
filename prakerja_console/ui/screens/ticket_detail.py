"""Ticket detail: the conversation and history, the applicant, the clocks, and every action.

The conversation is the ticket's append-only event list, oldest first: public
replies and internal notes as blocks that cannot be mistaken for each other
(their own colour, heading and mark), status changes, assignments and other
changes as one line each. What this console queued and the central has not
confirmed is marked as queued. Everything typed from outside is shown
literally.

Every action goes to the outbox after the ticket rules allow it. A conflict —
a colleague changed the same field first — is shown at the top with its three
ways out: keep mine (``k``), take theirs (``t``), or keep theirs and write what I
meant as an internal note (``g``). The screen re-reads the ticket every
:data:`POLL_SECONDS` while shown, and after each action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sanitize import clean_text
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import (
    TRANSITIONS,
    Actor,
    Category,
    Priority,
    Status,
    TicketRule,
    TicketRuleError,
    check_assignment,
    check_body,
    check_escalation_reason,
    check_merge,
    check_merge_source,
    check_transition,
    check_update,
)
from prakerja_console.domain.tickets_caller import read_caller
from prakerja_console.i18n import Translator
from prakerja_console.services.canned import CannedTemplate
from prakerja_console.services.errors import ServiceError
from prakerja_console.services.outbox import QueuedAction
from prakerja_console.services.queueing import Receipt
from prakerja_console.services.ticket_actions import Created, TicketDraft
from prakerja_console.services.ticket_views import EventKind, EventView, TicketKey, TicketSummary
from prakerja_console.services.tickets import TicketDetail, actor_of
from prakerja_console.ui.host import host
from prakerja_console.ui.labels import ACTION_TYPE
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens import ticket_panels as panels
from prakerja_console.ui.screens.base import ConsoleScreen
from prakerja_console.ui.screens.choice_dialog import ChoiceDialog
from prakerja_console.ui.screens.compose_dialog import ComposeDialog
from prakerja_console.ui.screens.number_dialog import NumberDialog
from prakerja_console.ui.screens.text_dialog import TextDialog
from prakerja_console.ui.screens.ticket_create_dialog import TicketCreateDialog
from prakerja_console.ui.screens.worker_messages import Arrived, Failed
from prakerja_console.ui.text import short_moment
from prakerja_console.ui.ticket_text import (
    event_body,
    event_heading,
    event_summary,
    queued_suffix,
)

POLL_SECONDS = 5.0
_NOBODY = "\x00nobody"  # the choice "give it up": no username can hold a NUL
# The keys that change a ticket: shown only to a logged-in operator, enabled while the
# ticket can change (check_action).
_CHANGES = ("status", "priority", "category", "assign", "escalate", "merge", "link", "identify")


def check_text(text: str) -> Message | None:
    """Why a reply or note cannot be sent as typed (the ticket rules' own words), or None."""
    try:
        check_body(text)
    except TicketRuleError as error:
        return error.message
    return None


def check_reason(text: str) -> Message | None:
    """Why an escalation reason cannot be sent as typed (the ticket rules' own words), or None."""
    try:
        check_escalation_reason(text)
    except TicketRuleError as error:
        return error.message
    return None


def read_number(text: str) -> int | Message:
    """A ticket, case or registration number as typed: ``8812``, ``#8812``, ``PK-0008812``."""
    digits = text.strip().upper().removeprefix("PK").lstrip("-# ")
    if not digits.isdigit() or not 0 < int(digits) < 10**12:
        return Message(N_("Type the number, e.g. 8812."))
    return int(digits)


def start_ticket(
    screen: Screen[None], applicant_id: int | None, applicant_name: str | None
) -> None:
    """Open the new-ticket form; file the ticket and open it when the form is accepted."""

    def filed(draft: TicketDraft | None) -> None:
        if draft is None:
            return
        console = host(screen)

        def file() -> None:
            try:
                created: Created = console.services.ticket_actions.create(draft)
            except ServiceError as error:
                problem = console.translator.message(error.message)
                screen.app.call_from_thread(screen.app.notify, problem, severity="error")
                return
            screen.app.call_from_thread(_opened, created)

        screen.run_worker(file, thread=True, group="ticket-create", exit_on_error=False)

    def _opened(created: Created) -> None:
        console = host(screen)
        console.refresh_status()
        screen.app.notify(
            console.translator._("Ticket filed; it is sent at the next sync (no. {seq}).").format(
                seq=console.translator.number(created.receipt.seq)
            )
        )
        screen.app.push_screen(TicketDetailScreen(created.key))

    screen.app.push_screen(TicketCreateDialog(applicant_id, applicant_name), filed)


class DetailLoaded(Arrived[TicketDetail]):
    """The ticket's detail, read by a worker."""


class DetailFailed(Failed):
    """The ticket could not be read."""


class ActionDone(TextualMessage):
    def __init__(self, what: Message) -> None:
        super().__init__()
        self.what = what


class ActionFailed(Failed):
    """An action was refused or could not be queued."""


def _binding(key: str, action: str, description: str, tooltip: str) -> Binding:
    return Binding(key, action, description, id=f"ticket.{action}", tooltip=tooltip)


class TicketDetailScreen(ConsoleScreen):
    CSS_PATH = "ticket_detail.tcss"
    is_main = False

    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("r", "reply", N_("reply"), N_("Write a public reply to the applicant")),
        _binding("n", "note", N_("note"), N_("Write an internal note for colleagues")),
        _binding("s", "status", N_("status"), N_("Move the ticket to another status")),
        _binding("p", "priority", N_("priority"), N_("Change the priority (moves the SLA)")),
        _binding("c", "category", N_("category"), N_("File the ticket under another category")),
        _binding("a", "assign", N_("assign"), N_("Take the ticket, give it up, or hand it on")),
        _binding(
            "e", "escalate", N_("escalate"), N_("Hand the ticket to a supervisor, saying why")
        ),
        _binding(
            "d", "merge", N_("merge"), N_("This is a duplicate: merge it into another ticket")
        ),
        _binding(
            "l", "link", N_("link case"), N_("Link the verification case about this applicant")
        ),
        _binding(
            "i", "identify", N_("applicant"), N_("Name the applicant of a ticket filed blank")
        ),
        _binding("o", "open_applicant", N_("open applicant"), N_("Open the applicant's detail")),
        _binding(
            "k", "keep_mine", N_("keep mine"), N_("Send my change again on the central's version")
        ),
        _binding("t", "take_theirs", N_("take theirs"), N_("Drop my change; the central's stands")),
        _binding(
            "g", "merge_note", N_("merge note"), N_("Keep theirs and write what I meant as a note")
        ),
        Binding("escape", "back", N_("back"), id="ticket.back", tooltip=N_("Back to the queue")),
    ]

    def __init__(self, key: TicketKey) -> None:
        super().__init__()
        self.key = key
        self._detail: TicketDetail | None = None
        self._problem: Message | None = None
        self._timer: Timer | None = None
        self._active = False
        self._painted: tuple[tuple[int, bool], ...] = ()

    @property
    def detail(self) -> TicketDetail | None:
        return self._detail

    # -- widgets ----------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        self._painted = ()
        with Vertical(id="ticket"):
            yield Static(id="heading")
            yield Static(id="clocks")
            yield Static(id="conflicts")
            with Horizontal(id="middle"):
                yield VerticalScroll(id="conversation")
                with Vertical(id="side"):
                    yield Static(id="applicant", classes="panel")
                    yield Static(id="facts", classes="panel")

    def on_mount(self) -> None:
        self.restore()

    def restore(self) -> None:
        self.call_after_refresh(self._paint)
        self.focus_default()

    def focus_default(self) -> None:
        self.query_one("#conversation", VerticalScroll).focus()

    # -- loading while shown -----------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._active = True
        self._load()

    def on_screen_suspend(self) -> None:
        self._active = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="ticket-detail", exit_on_error=False)
    def _load(self) -> None:
        try:
            detail = host(self).services.tickets.detail(self.key)
        except ServiceError as error:
            self.post_message(DetailFailed(error.message))
            return
        self.post_message(DetailLoaded(detail))

    def _rearm(self) -> None:
        if self._active and self.is_attached:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(POLL_SECONDS, self._load)

    @on(DetailLoaded)
    async def _loaded(self, event: DetailLoaded) -> None:
        self._detail = event.detail
        self.key = event.detail.ticket.key  # a ticket filed offline now has the central's id
        self._problem = None
        await self._paint()
        self.refresh_bindings()
        self._rearm()

    @on(DetailFailed)
    async def _failed(self, event: DetailFailed) -> None:
        self._problem = event.problem
        await self._paint()
        self.refresh_bindings()
        self._rearm()

    # -- painting ------------------------------------------------------------------------------------

    async def _paint(self) -> None:
        translator = host(self).translator
        _ = translator._
        detail = self._detail
        heading = self.query_one("#heading", Static)
        if detail is None:
            text = translator.message(self._problem) if self._problem else _("Loading the ticket…")
            heading.update(styled((text, "$error" if self._problem else "$text-muted")))
            return
        heading.update(panels.heading(translator, detail.ticket))
        self.query_one("#clocks", Static).update(panels.clocks(translator, detail))
        conflicts = self.query_one("#conflicts", Static)
        conflicts.display = bool(detail.actions)
        conflicts.border_title = _("Waiting for the central, or for you")
        conflicts.update(panels.actions(translator, detail))
        applicant = self.query_one("#applicant", Static)
        applicant.border_title = _("Applicant")
        applicant.update(panels.applicant(translator, detail))
        facts = self.query_one("#facts", Static)
        facts.border_title = _("Ticket")
        facts.update(panels.facts(translator, detail))
        await self._paint_conversation(detail)

    async def _paint_conversation(self, detail: TicketDetail) -> None:
        painted = tuple((event.id, event.pending) for event in detail.events)
        if painted == self._painted:
            return  # nothing new: keep the agent's scroll position
        self._painted = painted
        container = self.query_one("#conversation", VerticalScroll)
        await container.remove_children()
        zone = detail.ticket.zone
        widgets = [self._event_widget(event, zone) for event in detail.events]
        if not widgets:
            empty = host(self).translator._("No replies or notes yet.")
            widgets = [Static(empty, classes="event system", markup=False)]
        await container.mount_all(widgets)
        container.scroll_end(animate=False)

    def _event_widget(self, event: EventView, zone: TimeZoneName) -> Static:
        translator = host(self).translator
        pending = " pending" if event.pending else ""
        if event.kind in (EventKind.REPLY, EventKind.NOTE):
            kind = "reply" if event.kind is EventKind.REPLY else "note"
            block = Content("\n").join([event_heading(translator, event, zone), event_body(event)])
            return Static(block, classes=f"event {kind}{pending}")
        line = styled(
            event_summary(translator, event),
            ("  ·  ", "$text-muted"),
            safe(event.author, 40),
            ("  ·  " + short_moment(translator, event.at, zone), "$text-muted"),
            *queued_suffix(translator, event.pending),
        )
        return Static(line, classes=f"event system{pending}")

    # -- what may be done ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the ticket rules refuse are hidden (the ticket's state: closed, merged) or,
        when only the role stands in the way (an escalated ticket), shown disabled; pressing
        either says why (:meth:`on_key`)."""
        detail = self._detail
        operator = host(self).operator
        if action in ("keep_mine", "take_theirs", "merge_note"):
            return detail is not None and bool(detail.conflicts)
        if action == "open_applicant":
            return (detail is not None and detail.applicant is not None) or None
        if action in ("reply", "note", *_CHANGES):
            if operator is None:
                return False
            if detail is None:
                return None
            if action == "identify" and detail.ticket.applicant_id is not None:
                return False
            refusal = self._refusal(action)
            if refusal is None:
                return True
            return None if refusal.rule is TicketRule.SUPERVISOR_ONLY else False
        return True

    def _refusal(self, action: str) -> TicketRuleError | None:
        """Why the ticket rules refuse ``action`` on this ticket to this operator, or None."""
        detail = self._detail
        operator = host(self).operator
        if detail is None or operator is None or action not in ("reply", "note", *_CHANGES):
            return None
        ticket = detail.ticket
        actor = actor_of(operator)
        try:
            if action == "merge":
                check_merge_source(ticket, actor)
            elif action == "status":
                # A closed ticket's status still moves (a supervisor reopens it): ask the table.
                if not set(detail.next_statuses) - {Status.ESCALATED}:
                    for to in TRANSITIONS[ticket.status] or (Status.OPEN,):
                        if to is not Status.ESCALATED:
                            check_transition(ticket, to, actor)
            elif action == "escalate":
                if Status.ESCALATED not in detail.next_statuses:
                    check_transition(ticket, Status.ESCALATED, actor)
            else:
                check_update(ticket, actor)
        except TicketRuleError as error:
            return error
        return None

    def on_key(self, event: Key) -> None:
        """A ticket key the rules refuse says why instead of doing nothing."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            refusal = self._refusal(binding.action)
            if refusal is not None:
                event.stop()
                translator = host(self).translator
                self.notify(translator.message(refusal.message), severity="warning")
                return

    def _allowed(self, action: str) -> bool:
        return self.check_action(action, ()) is True

    def action_back(self) -> None:
        self.dismiss()

    def _ticket(self, action: str) -> TicketSummary | None:
        detail = self._detail
        return detail.ticket if detail is not None and self._allowed(action) else None

    def action_reply(self) -> None:
        self._write(reply=True)

    def action_note(self) -> None:
        self._write(reply=False)

    def _write(self, *, reply: bool) -> None:
        ticket = self._ticket("reply" if reply else "note")
        detail = self._detail
        if ticket is None or detail is None:
            return
        console = host(self)
        templates: tuple[CannedTemplate, ...] = ()
        values: dict[str, str] = {}
        if reply:
            try:
                templates = console.services.tickets.canned(detail, console.translator.language)
                values = console.services.tickets.reply_values(detail)
            except ServiceError as error:
                self.notify(console.translator.message(error.message), severity="error")

        def send(text: str | None) -> None:
            if text is None:
                return
            actions = console.services.ticket_actions
            if reply:
                self._act(lambda: actions.reply(ticket, text), Message(N_("Reply")))
            else:
                self._act(lambda: actions.note(ticket, text), Message(N_("Internal note")))

        self.app.push_screen(
            ComposeDialog(reply=reply, check=check_text, templates=templates, values=values), send
        )

    def _pick(
        self, title: str, choices: list[tuple[str, str]], then: Callable[[str], object]
    ) -> None:
        def picked(value: str | None) -> None:
            if value is not None:
                then(value)

        self.app.push_screen(ChoiceDialog(title, choices), picked)

    def action_status(self) -> None:
        ticket = self._ticket("status")
        detail = self._detail
        if ticket is None or detail is None:
            return
        _ = host(self).translator._
        actions = host(self).services.ticket_actions
        self._pick(
            N_("Move the ticket to"),
            [
                (status.value, _(status.label))
                for status in detail.next_statuses
                if status is not Status.ESCALATED
            ],
            lambda value: self._act(
                lambda: actions.set_status(ticket, Status(value)), Message(N_("Status change"))
            ),
        )

    def action_priority(self) -> None:
        ticket = self._ticket("priority")
        if ticket is None:
            return
        _ = host(self).translator._
        actions = host(self).services.ticket_actions
        self._pick(
            N_("Priority"),
            [
                (p.value, _(p.label))
                for p in Priority
                if p not in (Priority.UNKNOWN, ticket.priority)
            ],
            lambda value: self._act(
                lambda: actions.set_priority(ticket, Priority(value)),
                Message(N_("Priority change")),
            ),
        )

    def action_category(self) -> None:
        ticket = self._ticket("category")
        if ticket is None:
            return
        _ = host(self).translator._
        actions = host(self).services.ticket_actions
        self._pick(
            N_("Category"),
            [
                (c.value, _(c.label))
                for c in Category
                if c not in (Category.UNKNOWN, ticket.category)
            ],
            lambda value: self._act(
                lambda: actions.set_category(ticket, Category(value)),
                Message(N_("Category change")),
            ),
        )

    def action_assign(self) -> None:
        """Offer only what the assignment rule allows this operator on this ticket."""
        ticket = self._ticket("assign")
        detail = self._detail
        operator = host(self).operator
        if ticket is None or detail is None or operator is None:
            return
        console = host(self)
        _ = console.translator._
        candidates: list[tuple[str | None, str]] = [
            (operator.username, _("Take it myself")),
            (None, _("Give it up (nobody has it)")),
        ]
        if detail.may_assign_others:
            try:
                others = console.services.tickets.assignable(ticket)
            except ServiceError as error:
                self.notify(console.translator.message(error.message), severity="error")
                others = ()
            candidates += [
                (name, _("Hand to {name}").format(name=name))
                for name in others
                if name not in (operator.username, ticket.assignee)
            ]
        actor = actor_of(operator)
        allowed: list[tuple[str, str]] = []
        refusal_message: Message | None = None
        for assignee, label in candidates:
            try:
                check_assignment(ticket, actor, assignee)
            except TicketRuleError as error:
                refusal_message = refusal_message or error.message
                continue
            allowed.append((assignee or _NOBODY, label))
        if not allowed:
            if refusal_message is not None:
                self.notify(console.translator.message(refusal_message), severity="warning")
            return
        actions = console.services.ticket_actions
        self._pick(
            N_("Assign the ticket"),
            allowed,
            lambda value: self._act(
                lambda: actions.assign(ticket, None if value == _NOBODY else value),
                Message(N_("Assignment")),
            ),
        )

    def action_escalate(self) -> None:
        ticket = self._ticket("escalate")
        if ticket is None:
            return
        actions = host(self).services.ticket_actions

        def escalate(reason: str | None) -> None:
            if reason:
                self._act(lambda: actions.escalate(ticket, reason), Message(N_("Escalation")))

        self.app.push_screen(
            TextDialog(
                N_("Escalate to a supervisor"),
                N_("Why: what the supervisor has to decide. Details go in a note."),
                N_("Escalate"),
                check_reason,
            ),
            escalate,
        )

    def action_merge(self) -> None:
        ticket = self._ticket("merge")
        operator = host(self).operator
        if ticket is None or operator is None:
            return

        def merge(number: int | None) -> None:
            if number is not None:
                self._merge_into(ticket, number)

        self.app.push_screen(
            NumberDialog(
                N_("Merge this duplicate"),
                N_("The number of the ticket work continues on. This ticket is then closed."),
                N_("Merge"),
                N_("Ticket number, e.g. 8812"),
                self._merge_target(ticket, actor_of(operator)),
            ),
            merge,
        )

    def _merge_target(self, ticket: TicketSummary, actor: Actor) -> Callable[[str], int | Message]:
        """Read the survivor's number and check the merge while the dialog is open, so every
        refusal shows in it and the typed number stays (one indexed read of the mirror)."""
        console = host(self)

        def read(text: str) -> int | Message:
            number = read_number(text)
            if isinstance(number, Message):
                return number
            try:
                survivor = console.services.tickets.find(number)
            except ServiceError as error:
                return error.message
            if survivor is None:
                return Message(N_("Ticket {number} is not in the mirror."), {"number": str(number)})
            try:
                check_merge(ticket, survivor, actor)
            except TicketRuleError as error:
                return error.message
            return number

        return read

    @work(thread=True, group="ticket-actions", exit_on_error=False)
    def _merge_into(self, ticket: TicketSummary, number: int) -> None:
        services = host(self).services
        try:
            survivor = services.tickets.find(number)
            if survivor is None:
                self.post_message(
                    ActionFailed(
                        Message(
                            N_("Ticket {number} is not in the mirror."), {"number": str(number)}
                        )
                    )
                )
                return
            services.ticket_actions.merge(ticket, survivor)
        except ServiceError as error:
            self.post_message(ActionFailed(error.message))
            return
        self.post_message(ActionDone(Message(N_("Merge"))))

    def action_link(self) -> None:
        ticket = self._ticket("link")
        if ticket is None:
            return
        actions = host(self).services.ticket_actions

        def link(case_id: int | None) -> None:
            if case_id is not None:
                self._act(lambda: actions.link_case(ticket, case_id), Message(N_("Link to a case")))

        self.app.push_screen(
            NumberDialog(
                N_("Link a verification case"),
                N_("The number of the regional office's case about this applicant."),
                N_("Link"),
                N_("Case number"),
                read_number,
            ),
            link,
        )

    def action_identify(self) -> None:
        ticket = self._ticket("identify")
        if ticket is None:
            return
        actions = host(self).services.ticket_actions

        def identify(applicant_id: int | None) -> None:
            if applicant_id is not None:
                self._act(
                    lambda: actions.set_applicant(ticket, applicant_id),
                    Message(N_("Applicant identified")),
                )

        self.app.push_screen(
            NumberDialog(
                N_("Who is the caller?"),
                N_(
                    "Their NIK or registration id, as they read it out "
                    "(find them by e-mail or phone with F1 Lookup)."
                ),
                N_("Set applicant"),
                N_("NIK or PK-0001234"),
                self._caller_of(ticket),
            ),
            identify,
        )

    def _caller_of(self, ticket: TicketSummary) -> Callable[[str], int | Message]:
        """Read a NIK or registration id and find the one applicant it names, while the dialog
        is open, so a NIK nobody or several people have is refused there (one indexed read)."""
        console = host(self)

        def read(text: str) -> int | Message:
            typed = read_caller(text, console.now().date())
            if isinstance(typed, Message):
                return typed
            try:
                return console.services.ticket_actions.caller(ticket, typed)
            except ServiceError as error:
                return error.message

        return read

    def action_open_applicant(self) -> None:
        detail = self._detail
        if detail is not None and detail.applicant is not None:
            host(self).open_applicant(detail.applicant.id)

    # -- conflicts ------------------------------------------------------------------------------------

    def _conflict(self) -> QueuedAction | None:
        detail = self._detail
        return detail.conflicts[0] if detail is not None and detail.conflicts else None

    def action_keep_mine(self) -> None:
        conflict = self._conflict()
        if conflict is not None:
            actions = host(self).services.ticket_actions
            self._act(lambda: actions.keep_mine(conflict), Message(N_("Kept mine: sent again")))

    def action_take_theirs(self) -> None:
        conflict = self._conflict()
        if conflict is not None:
            actions = host(self).services.ticket_actions

            def take() -> None:
                actions.take_theirs(conflict)

            self._act(take, Message(N_("Took the central's version")))

    def action_merge_note(self) -> None:
        conflict = self._conflict()
        detail = self._detail
        if conflict is None or detail is None:
            return
        console = host(self)
        _ = console.translator._
        ticket = detail.ticket
        mine = _(ACTION_TYPE[conflict.type])
        draft = _("I wanted: {what} ({details}).").format(
            what=mine, details=_describe(console.translator, conflict)
        )
        context = styled(
            (_("The central's version stands."), "bold"),
            " ",
            _("Write what you meant, for colleagues:"),
        )

        def merge(text: str | None) -> None:
            if text:
                actions = console.services.ticket_actions
                self._act(
                    lambda: actions.merge_note(ticket, conflict, text),
                    Message(N_("Note with my intent")),
                )

        self.app.push_screen(
            TextDialog(
                N_("Keep theirs, note mine"),
                N_("This note is added to the ticket."),
                N_("Save note"),
                check_text,
                text=draft,
                context=context,
            ),
            merge,
        )

    # -- running actions ------------------------------------------------------------------------------

    @work(thread=True, group="ticket-actions", exit_on_error=False)
    def _act(self, queue: Callable[[], Receipt | None], what: Message) -> None:
        try:
            queue()
        except ServiceError as error:
            self.post_message(ActionFailed(error.message))
            return
        self.post_message(ActionDone(what))

    @on(ActionDone)
    def _done(self, event: ActionDone) -> None:
        console = host(self)
        text = console.translator._("Queued: {what}. It is sent at the next sync.")
        self.notify(text.format(what=console.translator.message(event.what)))
        console.refresh_status()
        self._load()

    @on(ActionFailed)
    def _action_failed(self, event: ActionFailed) -> None:
        self.notify(host(self).translator.message(event.problem), severity="error")


def _describe(translator: Translator, action: QueuedAction) -> str:
    """My change in a few words, for the note that keeps it after a conflict."""
    _ = translator._
    payload = action.payload
    for key, enum in (("status", Status), ("priority", Priority), ("category", Category)):
        if isinstance(payload.get(key), str):
            return _(enum.from_code(payload[key]).label)
    if "assignee" in payload:
        assignee = payload["assignee"]
        return clean_text(assignee, 60) if isinstance(assignee, str) else _("nobody")
    if isinstance(payload.get("reason"), str):
        return clean_text(payload["reason"], 200)
    if isinstance(payload.get("case_id"), int):
        return f"#{payload['case_id']}"
    if isinstance(payload.get("applicant_id"), int):
        return f"PK-{payload['applicant_id']:07d}"
    return action.type_code
