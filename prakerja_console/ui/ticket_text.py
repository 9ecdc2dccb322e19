"""How tickets read on screen: SLA countdowns in colour, and every history event in words.

Pure functions of a view and the translator, returning literal ``Content``:
outside text (subjects, bodies, names, the central's codes) goes through
:func:`~prakerja_console.ui.safe.safe`, so a reply containing ``[@click=…]`` or an
escape sequence shows as the characters the applicant typed. Moments are shown
in the applicant's time zone.
"""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content

from prakerja_console.domain.business_calendar import OFFICE_HOURS
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sla import SlaState, SlaStatus
from prakerja_console.domain.text import N_
from prakerja_console.domain.tickets import Category, Priority, Status
from prakerja_console.i18n import Translator
from prakerja_console.services.ticket_views import EventKind, EventView, SlaReading
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.text import short_moment

SLA_STYLE = {
    SlaStatus.OK: "",
    SlaStatus.DUE_SOON: "$warning",
    SlaStatus.BREACHED: "$error",
    SlaStatus.PAUSED: "$text-muted",
}
STATUS_STYLE = {
    Status.NEW: "$accent",
    Status.OPEN: "",
    Status.PENDING_APPLICANT: "$text-muted",
    Status.ESCALATED: "$warning",
    Status.RESOLVED: "$success",
    Status.CLOSED: "$text-muted",
    Status.UNKNOWN: "$error",
}
PRIORITY_STYLE = {
    Priority.URGENT: "$error",
    Priority.HIGH: "$warning",
    Priority.NORMAL: "",
    Priority.LOW: "$text-muted",
    Priority.UNKNOWN: "$error",
}
QUEUED_MARK = "⏳"
BODY_LIMIT = 4_000
_WORKING_DAY_MINUTES = int(
    OFFICE_HOURS.day_length.total_seconds() // 60
)  # characters of a reply or note shown; the rest is marked with …


def span(translator: Translator, value: timedelta) -> str:
    """Business time as an agent says it: ``2 hk 3 j`` (working days of the office's
    hours), ``1 j 20 m``, ``45 m``."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, minutes = divmod(minutes, _WORKING_DAY_MINUTES)
    hours, minutes = divmod(minutes, 60)
    if days:
        return translator._("{days} wd {hours} h").format(days=translator.number(days), hours=hours)
    if hours:
        return translator._("{hours} h {minutes} m").format(hours=hours, minutes=minutes)
    return translator._("{minutes} m").format(minutes=minutes)


def sla_words(translator: Translator, state: SlaState) -> tuple[str, str]:
    """The countdown and its style: time left, ``⚠`` when due soon, overdue time, paused."""
    _ = translator._
    status = state.status
    if status is SlaStatus.BREACHED:
        return f"✗ +{span(translator, state.overdue)}", SLA_STYLE[status]
    if status is SlaStatus.PAUSED:
        if state.remaining:
            left = _("{time} left").format(time=span(translator, state.remaining))
            return f"⏸ {_('paused')} · {left}", SLA_STYLE[status]
        return "⏸ " + _("paused"), SLA_STYLE[status]
    text = span(translator, state.remaining)
    return (f"⚠ {text}" if status is SlaStatus.DUE_SOON else text), SLA_STYLE[status]


def answered_words(translator: Translator, state: SlaState) -> tuple[str, str]:
    """A stopped first-response clock: answered in time, or how late."""
    _ = translator._
    if state.status is SlaStatus.BREACHED:
        late = _("answered late")
        return f"✗ {late} (+{span(translator, state.overdue)})", SLA_STYLE[SlaStatus.BREACHED]
    return "✓ " + _("answered in time"), "$success"


def sla_cell(translator: Translator, reading: SlaReading | None) -> Content:
    if reading is None:
        return Content("—")
    return styled(sla_words(translator, reading.state))


def status_cell(translator: Translator, status: Status) -> Content:
    return styled((translator._(status.label), STATUS_STYLE[status]))


def priority_cell(translator: Translator, priority: Priority) -> Content:
    return styled((translator._(priority.label), PRIORITY_STYLE[priority]))


def ticket_number(number: int | None, translator: Translator) -> str:
    """``#8812``, or "new" for a ticket the central has not numbered yet."""
    return f"#{number}" if number is not None else translator._("new")


def _label(enum: type[Status] | type[Priority] | type[Category], code: object) -> str:
    return enum.from_code(code if isinstance(code, str) else None).label


def _change(
    translator: Translator,
    event: EventView,
    title: str,
    enum: type[Status] | type[Priority] | type[Category],
) -> Content:
    _ = translator._
    return styled(
        (_(title) + ": ", "bold"),
        _(_label(enum, event.data.get("from"))),
        " → ",
        (_(_label(enum, event.data.get("to"))), "bold"),
    )


def _assignment(translator: Translator, event: EventView) -> Content:
    _ = translator._
    to = event.data.get("to")
    if isinstance(to, str) and to:
        return styled((_("Assigned to") + " ", "bold"), safe(to, 60))
    return styled((_("Unassigned"), "bold"))


def _merge(translator: Translator, event: EventView) -> Content:
    _ = translator._
    into = event.data.get("into")
    if isinstance(into, int):
        return styled(
            (
                _("Merged into ticket {number}").format(
                    number=ticket_number(into if into > 0 else None, translator)
                ),
                "bold",
            )
        )
    came = event.data.get("from")
    number = ticket_number(came if isinstance(came, int) and came > 0 else None, translator)
    return styled((_("Ticket {number} was merged into this one").format(number=number), "bold"))


def event_summary(translator: Translator, event: EventView) -> Content:
    """One line for a history event (status, assignment, priority …)."""
    _ = translator._
    kind = event.kind
    if kind is EventKind.STATUS:
        return _change(translator, event, N_("Status"), Status)
    if kind is EventKind.PRIORITY:
        return _change(translator, event, N_("Priority"), Priority)
    if kind is EventKind.CATEGORY:
        return _change(translator, event, N_("Category"), Category)
    if kind is EventKind.ASSIGN:
        return _assignment(translator, event)
    if kind is EventKind.MERGE:
        return _merge(translator, event)
    if kind is EventKind.LINK:
        case = event.data.get("case")
        return styled(
            (
                _("Linked to verification case {case}").format(
                    case=f"#{case}" if isinstance(case, int) else "?"
                ),
                "bold",
            )
        )
    if kind is EventKind.APPLICANT:
        applicant = event.data.get("applicant")
        shown = f"PK-{applicant:07d}" if isinstance(applicant, int) else "?"
        return styled((_("Applicant identified: {applicant}").format(applicant=shown), "bold"))
    if kind is EventKind.ESCALATE:
        return styled((_("Escalated") + ": ", "bold $warning"), safe(event.body or "", 500))
    return styled(
        (_("An entry this console does not know") + ": ", "bold"), safe(event.kind_code, 40)
    )


def event_heading(translator: Translator, event: EventView, zone: TimeZoneName) -> Content:
    """Who wrote a reply or note, when, and whether it is still queued here."""
    _ = translator._
    kind = (
        ("↩ " + _("Reply to the applicant"), "bold $success")
        if event.kind is EventKind.REPLY
        else ("🔒 " + _("Internal note"), "bold $warning")
    )
    return styled(
        kind,
        ("  ·  ", "$text-muted"),
        safe(event.author, 40),
        ("  ·  " + short_moment(translator, event.at, zone), "$text-muted"),
        *queued_suffix(translator, event.pending),
    )


def queued_suffix(translator: Translator, pending: bool) -> tuple[tuple[str, str], ...]:
    if not pending:
        return ()
    return ((f"  {QUEUED_MARK} " + translator._("queued"), "$accent"),)


def event_body(event: EventView) -> Content:
    """A reply's or note's text, literally, line breaks kept."""
    return safe(event.body or "", BODY_LIMIT, multiline=True)
