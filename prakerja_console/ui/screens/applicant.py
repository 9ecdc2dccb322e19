"""Applicant detail: why stuck and what next first, then the journey, checks, waves,
tickets, notes and the audit trail; actions go to the outbox.

The detail is read in a worker and painted panel by panel (``applicant_panels``).
Actions the role may never do are hidden; actions that make no sense for this
applicant now (resending an e-mail that is verified) are shown disabled.
Revealed personal data lives only in this screen's memory and is masked again
as soon as the agent leaves the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message as TextualMessage
from textual.screen import ModalScreen
from textual.widgets import Static

from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.actions import Revealed
from prakerja_console.services.applicant import ApplicantDetail, PiiField
from prakerja_console.services.errors import ServiceError
from prakerja_console.services.outbox import ActionType
from prakerja_console.services.queueing import Receipt
from prakerja_console.services.status import ShellStatus
from prakerja_console.ui.host import host
from prakerja_console.ui.labels import ACTION_TYPE, REGISTRY_NAME
from prakerja_console.ui.safe import styled
from prakerja_console.ui.screens import applicant_panels as panels
from prakerja_console.ui.screens.base import ConsoleScreen
from prakerja_console.ui.screens.note_dialog import NoteDialog
from prakerja_console.ui.screens.reveal_dialog import RevealDialog
from prakerja_console.ui.screens.ticket_detail import start_ticket
from prakerja_console.ui.screens.worker_messages import Arrived, Failed

_PERMISSIONS = {
    "resend_email": Permission.RESEND_VERIFICATION_EMAIL,
    "reverify": Permission.REQUEST_REVERIFICATION,
    "note": Permission.ADD_NOTE,
    "reveal": Permission.REVEAL_PII,
    "new_ticket": Permission.WORK_TICKETS,
}


class DetailLoaded(Arrived[ApplicantDetail]):
    """The applicant's detail, read by a worker."""


class DetailFailed(Failed):
    """The applicant could not be read."""


class ActionQueued(TextualMessage):
    def __init__(self, receipt: Receipt, what: Message) -> None:
        super().__init__()
        self.receipt = receipt
        self.what = what


class ActionFailed(Failed):
    """An action was refused or could not be queued."""


class PiiRevealed(TextualMessage):
    def __init__(self, revealed: Revealed) -> None:
        super().__init__()
        self.revealed = revealed


class ApplicantScreen(ConsoleScreen):
    CSS_PATH = "applicant.tcss"
    is_main = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "resend_email",
            N_("resend e-mail"),
            id="applicant.resend_email",
            tooltip=N_("Send the verification e-mail again"),
        ),
        Binding(
            "v",
            "reverify",
            N_("re-verify"),
            id="applicant.reverify",
            tooltip=N_("Ask the registry to check the applicant again"),
        ),
        Binding(
            "n",
            "note",
            N_("note"),
            id="applicant.note",
            tooltip=N_("Add a note for the next agent"),
        ),
        Binding(
            "t",
            "new_ticket",
            N_("new ticket"),
            id="applicant.new_ticket",
            tooltip=N_("File a ticket about this applicant"),
        ),
        Binding(
            "r",
            "reveal",
            N_("reveal"),
            id="applicant.reveal",
            tooltip=N_("Show masked personal data (needs a reason; recorded)"),
        ),
        Binding(
            "escape", "back", N_("back"), id="applicant.back", tooltip=N_("Back to the results")
        ),
    ]

    def __init__(self, applicant_id: int) -> None:
        super().__init__()
        self.applicant_id = applicant_id
        self._detail: ApplicantDetail | None = None
        self._problem: Message | None = None
        self._revealed: dict[PiiField, str] = {}
        self._exchanged: tuple[object, ...] | None = None  # the sync facts last seen

    @property
    def detail(self) -> ApplicantDetail | None:
        return self._detail

    @property
    def revealed(self) -> dict[PiiField, str]:
        """What is unmasked right now (empty once the agent has left the screen)."""
        return dict(self._revealed)

    # -- widgets --------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="identity")
            yield Static(id="queued-actions")
            yield Static(id="why")
            with Horizontal(id="middle"):
                yield Static(id="journey", classes="panel")
                with Vertical(id="right"):
                    yield Static(id="checks", classes="panel")
                    yield Static(id="waves", classes="panel")
            with Horizontal(id="lower"):
                yield Static(id="tickets", classes="panel")
                yield Static(id="notes", classes="panel")
                yield Static(id="audit", classes="panel")

    def on_mount(self) -> None:
        self.watch(self.app, "shell_status", self._status_changed, init=True)
        self.restore()
        self._load()

    def restore(self) -> None:
        self._paint()
        self.focus_default()

    def focus_default(self) -> None:
        self.query_one("#detail", VerticalScroll).focus()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        self._load()

    def _status_changed(self, status: ShellStatus | None) -> None:
        """After a sync sent the queue or brought changes, show the applicant as they are
        now: a queued action that went out must not look queued for ever."""
        if status is None or not self.is_attached:
            return
        facts = status.facts
        exchanged = (facts.queued, facts.last_push_at, facts.last_pull_at)
        if self._exchanged is not None and exchanged != self._exchanged:
            self._load()
        self._exchanged = exchanged

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self) -> None:
        console = host(self)
        try:
            detail = console.services.applicants.detail(self.applicant_id, console.now())
        except ServiceError as error:
            self.post_message(DetailFailed(error.message))
            return
        self.post_message(DetailLoaded(detail))

    @on(DetailLoaded)
    def _loaded(self, event: DetailLoaded) -> None:
        self._detail = event.detail
        self._problem = None
        self._paint()
        self.refresh_bindings()

    @on(DetailFailed)
    def _load_failed(self, event: DetailFailed) -> None:
        self._problem = event.problem
        self._paint()
        self.refresh_bindings()

    # -- painting -----------------------------------------------------------------------

    def _paint(self) -> None:
        translator = host(self).translator
        _ = translator._
        detail = self._detail
        identity = self.query_one("#identity", Static)
        if detail is None:
            text = (
                translator.message(self._problem) if self._problem else _("Loading the applicant…")
            )
            identity.update(styled((text, "$error" if self._problem else "$text-muted")))
            return
        identity.update(panels.identity(translator, detail, self._revealed))
        queued = self.query_one("#queued-actions", Static)
        queued.display = bool(detail.actions)
        queued.border_title = _("Queued actions")
        queued.update(panels.queued(translator, detail))
        why = self.query_one("#why", Static)
        severity = detail.explanation.severity
        why.border_title = _(panels.SEVERITY_TITLE[severity])
        why.set_classes(f"severity-{severity.value}")
        why.update(panels.why(translator, detail))
        sections = (
            ("#journey", _("Journey"), panels.journey),
            ("#checks", _("Registry checks"), panels.checks),
            ("#waves", _("Waves"), panels.waves),
            ("#tickets", _("Tickets ({count})").format(count=len(detail.tickets)), panels.tickets),
            ("#notes", _("Notes ({count})").format(count=len(detail.notes)), panels.notes),
            ("#audit", _("Audit trail"), panels.audit),
        )
        for selector, title, render in sections:
            widget = self.query_one(selector, Static)
            widget.border_title = title
            widget.update(render(translator, detail))

    # -- what may be done ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        permission = _PERMISSIONS.get(action)
        if permission is None:
            return True
        operator = host(self).operator
        if operator is None or not operator.may(permission):
            return False  # the role never may: hide the key
        detail = self._detail
        if detail is None or not operator.may_touch(permission, detail.province_code):
            return None  # not here, not now: show it disabled
        if action == "resend_email":
            return detail.offers.resend_email or None
        if action == "reverify":
            return detail.offers.reverify is not None or None
        return True

    def _allowed(self, action: str) -> bool:
        return self.check_action(action, ()) is True

    def action_back(self) -> None:
        self.dismiss()

    def action_resend_email(self) -> None:
        detail = self._detail
        if detail is None or not self._allowed("resend_email"):
            return
        self._act(
            lambda: host(self).services.actions.resend_verification_email(
                detail.id, detail.version
            ),
            Message(ACTION_TYPE[ActionType.RESEND_VERIFICATION_EMAIL]),
        )

    def action_reverify(self) -> None:
        detail = self._detail
        if detail is None or detail.offers.reverify is None or not self._allowed("reverify"):
            return
        registry = detail.offers.reverify
        self._act(
            lambda: host(self).services.actions.request_reverification(
                detail.id, registry, detail.version
            ),
            Message(
                N_("Re-verification with {registry}"),
                {"registry": Message(REGISTRY_NAME[registry])},
            ),
        )

    def action_note(self) -> None:
        detail = self._detail
        if detail is None or not self._allowed("note"):
            return

        def save(text: str | None) -> None:
            if text:
                self._act(
                    lambda: host(self).services.actions.add_note(detail.id, text),
                    Message(N_("Note")),
                )

        self.app.push_screen(NoteDialog(), save)

    def action_new_ticket(self) -> None:
        detail = self._detail
        if detail is not None and self._allowed("new_ticket"):
            start_ticket(self, detail.id, detail.name)

    def action_reveal(self) -> None:
        detail = self._detail
        if detail is None or not self._allowed("reveal"):
            return
        fields = tuple(field for field in PiiField if detail.pii(field))

        def reveal(choice: tuple[PiiField, str] | None) -> None:
            if choice is not None:
                self._reveal(detail.id, *choice)

        self.app.push_screen(RevealDialog(fields), reveal)

    # -- running actions ---------------------------------------------------------------

    @work(thread=True, group="actions", exit_on_error=False)
    def _act(self, queue: Callable[[], Receipt], what: Message) -> None:
        try:
            receipt = queue()
        except ServiceError as error:
            self.post_message(ActionFailed(error.message))
            return
        self.post_message(ActionQueued(receipt, what))

    @work(thread=True, group="actions", exit_on_error=False)
    def _reveal(self, applicant_id: int, field: PiiField, reason: str) -> None:
        try:
            revealed = host(self).services.actions.reveal(applicant_id, field, reason)
        except ServiceError as error:
            self.post_message(ActionFailed(error.message))
            return
        self.post_message(PiiRevealed(revealed))

    @on(ActionQueued)
    def _queued(self, event: ActionQueued) -> None:
        console = host(self)
        text = console.translator._("Queued: {what} (no. {seq}). It is sent at the next sync.")
        what = console.translator.message(event.what)
        self.notify(text.format(what=what, seq=console.translator.number(event.receipt.seq)))
        console.refresh_status()
        self._load()

    @on(ActionFailed)
    def _failed(self, event: ActionFailed) -> None:
        self.notify(host(self).translator.message(event.problem), severity="error")

    @on(PiiRevealed)
    def _revealed_value(self, event: PiiRevealed) -> None:
        self._revealed[event.revealed.field] = event.revealed.value
        host(self).refresh_status()
        self._paint()
        self._load()

    # -- leaving --------------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        if not isinstance(self.app.screen, ModalScreen):
            self._mask_again()

    def on_unmount(self) -> None:
        self._mask_again()

    def _mask_again(self) -> None:
        if self._revealed:
            self._revealed.clear()
            if self.is_attached:
                self._paint()
