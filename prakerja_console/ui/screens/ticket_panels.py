"""One render function per part of the ticket detail: detail in, literal Content out.

Pure functions of the detail and the translator, like the applicant screen's
panels. Outside text (subjects, names, authors, the central's messages) goes
through :func:`~prakerja_console.ui.safe.safe`; moments are shown in the
applicant's time zone.
"""

from __future__ import annotations

from textual.content import Content

from prakerja_console.domain.masking import mask_email, mask_nik
from prakerja_console.domain.regions import province
from prakerja_console.domain.tickets import Category, Priority, Status
from prakerja_console.i18n import Translator
from prakerja_console.services.outbox import QueuedAction, QueueStatus
from prakerja_console.services.ticket_views import TicketSummary
from prakerja_console.services.tickets import TicketDetail
from prakerja_console.ui.labels import ACTION_TYPE, CASE_STATUS, stage_words
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.screens.applicant_panels import refusal
from prakerja_console.ui.ticket_text import (
    answered_words,
    priority_cell,
    queued_suffix,
    sla_words,
    status_cell,
    ticket_number,
)


def heading(translator: Translator, ticket: TicketSummary) -> Content:
    """Number, subject, status, priority, category, channel and who has it."""
    _ = translator._
    return styled(
        (ticket_number(ticket.number, translator) + "  ", "bold $accent"),
        safe(ticket.subject, 100, style="bold"),
        *queued_suffix(translator, ticket.pending),
        "\n",
        status_cell(translator, ticket.status),
        ("  ·  ", "$text-muted"),
        priority_cell(translator, ticket.priority),
        ("  ·  ", "$text-muted"),
        _(ticket.category.label),
        ("  ·  ", "$text-muted"),
        _(ticket.channel.label),
        ("  ·  ", "$text-muted"),
        safe(ticket.assignee, 40) if ticket.assignee else (_("nobody has it"), "$warning"),
    )


def clocks(translator: Translator, detail: TicketDetail) -> Content:
    """Both SLA clocks (an answered first response says whether it was in time)."""
    _ = translator._
    ticket = detail.ticket
    if ticket.merged_into is not None:
        number = ticket_number(ticket.merged_into if ticket.merged_into > 0 else None, translator)
        return styled(
            (
                _("Merged into ticket {number}; work continues there.").format(number=number),
                "$text-muted",
            )
        )
    clocks = detail.clocks
    if clocks is None:
        return styled((_("The SLA clocks have stopped: the ticket is finished."), "$text-muted"))
    first = (
        answered_words(translator, clocks.first_response)
        if ticket.first_responded_at is not None
        else sla_words(translator, clocks.first_response)
    )
    pieces: list[str | tuple[str, str] | Content] = [
        (_("First response") + ": ", "bold"),
        first,
        "    ",
        (_("Resolution") + ": ", "bold"),
        sla_words(translator, clocks.resolution),
    ]
    due = ticket.sla.due if ticket.sla is not None else None
    if due is not None:
        pieces += [
            "    ",
            (_("due") + ": ", "$text-muted"),
            translator.moment(due, ticket.zone),
        ]
    return styled(*pieces)


def actions(translator: Translator, detail: TicketDetail) -> Content:
    """Queued, refused and conflicting actions on this ticket, each with what to do."""
    _ = translator._
    lines: list[Content] = []
    for action in detail.actions:
        what = _(ACTION_TYPE[action.type])
        if action.status is QueueStatus.CONFLICT:
            changed = theirs(translator, action)
            lines.append(
                styled(
                    ("⚡ ", "$warning"),
                    (what + ": ", "bold"),
                    _("a colleague changed this first"),
                    changed,
                    (
                        "  —  " + _("k keeps mine, t takes theirs, g writes mine as a note"),
                        "$accent",
                    ),
                )
            )
        elif action.status is QueueStatus.REJECTED:
            lines.append(
                styled(("✗ ", "$error"), (what + ": ", "bold"), refusal(translator, action))
            )
        else:
            lines.append(
                styled(
                    ("⏳ ", "$accent"),
                    what,
                    ("  " + _("queued, sent at the next sync"), "$text-muted"),
                )
            )
    return Content("\n").join(lines)


def theirs(translator: Translator, action: QueuedAction) -> Content:
    """What the central holds now, for the field my action changed."""
    _ = translator._
    current = action.current or {}
    for field, enum in (("status", Status), ("priority", Priority), ("category", Category)):
        if f"seen_{field}" in action.payload and isinstance(current.get(field), str):
            label = enum.from_code(current[field]).label
            return styled(" (", (_(label), "bold"), ")")
    if "seen_assignee" in action.payload:
        holder = current.get("assignee")
        return styled(" (", safe(holder, 40) if isinstance(holder, str) else _("nobody"), ")")
    return Content("")


def applicant(translator: Translator, detail: TicketDetail) -> Content:
    """The applicant panel: masked identity, province, where they are stuck."""
    _ = translator._
    applicant = detail.applicant
    if applicant is None:
        if detail.ticket.applicant_id is not None:
            return styled(
                (
                    _("Applicant {id} is not in this mirror.").format(
                        id=f"PK-{detail.ticket.applicant_id:07d}"
                    ),
                    "$text-muted",
                )
            )
        return styled(
            (
                _(
                    "Not identified yet: press i when the caller gives a NIK or registration number."
                ),
                "$text-muted",
            )
        )
    found = province(applicant.province_code or "")
    return styled(
        safe(applicant.name, 60, style="bold"),
        ("\n" + f"PK-{applicant.id:07d}", "$text-muted"),
        "\n" + _("NIK") + " ",
        mask_nik(applicant.nik) or "—",
        "\n" + _("E-mail") + " ",
        mask_email(applicant.email),
        "\n" + (found.name if found else "—"),
        "\n",
        (_(stage_words(applicant.stage, applicant.side_state, applicant.reason)), "$warning"),
        (
            "\n" + _("Wave") + f" {applicant.wave_number}"
            if applicant.wave_number is not None
            else ""
        ),
        ("\n\n" + _("o opens the applicant"), "$accent"),
    )


def _case_status(translator: Translator, code: str) -> str | Content:
    """A case's status in words, as the applicant panel says it; a code this version does
    not know is shown as it came, after "unknown status"."""
    label = CASE_STATUS.get(code)
    if label is not None:
        return translator._(label)
    return styled(translator._("unknown status") + " ", safe(code, 20))


def facts(translator: Translator, detail: TicketDetail) -> Content:
    """Who filed it and when, the raw category code if unknown here, the linked case."""
    _ = translator._
    ticket = detail.ticket
    zone = ticket.zone
    lines: list[str | tuple[str, str] | Content] = [
        (_("Filed") + ": ", "$text-muted"),
        translator.moment(ticket.created_at, zone),
        ("\n" + _("by") + " ", "$text-muted"),
        safe(ticket.created_by, 40),
    ]
    if ticket.codes.category != ticket.category.value:
        lines += [
            "\n",
            (_("Category code from the central") + ": ", "$text-muted"),
            safe(ticket.codes.category, 40),
        ]
    if detail.case is not None:
        lines += [
            ("\n" + _("Verification case") + " ", "$text-muted"),
            f"#{detail.case.id} ",
            _case_status(translator, detail.case.status),
        ]
    if detail.earlier_events:
        lines += [
            (
                "\n"
                + _("{count} earlier entries not shown").format(
                    count=translator.number(detail.earlier_events)
                ),
                "$text-muted",
            )
        ]
    return styled(*lines)
