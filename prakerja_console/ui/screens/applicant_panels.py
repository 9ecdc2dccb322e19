"""One render function per panel of the applicant screen: detail in, literal Content out.

Pure functions of the detail, the translator and what has been revealed, so the
screen's painting is trivial and each panel can be read (and tested) alone.
Outside text (names, notes, subjects, reasons, the central's messages) goes
through :func:`~prakerja_console.ui.safe.safe`; moments are shown in the
applicant's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

from prakerja_console.domain.applicant import CheckResult, EntryOutcome, Registry, latest_check
from prakerja_console.domain.funnel import Reason, Stage
from prakerja_console.domain.lookup_query import registration_label
from prakerja_console.domain.masking import (
    mask_birth_date,
    mask_email,
    mask_kk,
    mask_nik,
    mask_phone,
)
from prakerja_console.domain.phone import readable_phone
from prakerja_console.domain.regions import province
from prakerja_console.domain.stuck import Severity
from prakerja_console.domain.text import N_
from prakerja_console.i18n import Translator
from prakerja_console.services.applicant import ApplicantDetail, CheckView, PiiField
from prakerja_console.services.outbox import QueuedAction, QueueStatus
from prakerja_console.ui.labels import (
    ACTION_TYPE,
    AUDIT_ACTION,
    CASE_KIND,
    CASE_STATUS,
    CHECK_RESULT,
    ENTRY_OUTCOME,
    FIELD_NAME,
    QUEUE_STATUS,
    REGISTRY_NAME,
    SHORT_REASON,
)
from prakerja_console.ui.safe import safe, styled
from prakerja_console.ui.text import short_moment

Pieces = list[str | tuple[str, str] | Content]
QUEUED_STYLE = "$accent"

SEVERITY_TITLE = {
    Severity.OK: N_("Status"),
    Severity.WAITING: N_("Waiting · what next"),
    Severity.ACTION_NEEDED: N_("Why stuck · what next"),
    Severity.BLOCKED: N_("Stopped by the programme's rules"),
}
SEVERITY_MARK = {
    Severity.OK: ("✓ ", "$success"),
    Severity.WAITING: ("⏳ ", "$accent"),
    Severity.ACTION_NEEDED: ("⚠ ", "$warning"),
    Severity.BLOCKED: ("✗ ", "$error"),
}
_MASKS = {
    PiiField.NIK: mask_nik,
    PiiField.KK_NUMBER: mask_kk,
    PiiField.EMAIL: mask_email,
    PiiField.PHONE: mask_phone,
    PiiField.BIRTH_DATE: mask_birth_date,
}


def _queued(translator: Translator) -> tuple[str, str]:
    return (" ⏳ " + translator._("queued"), QUEUED_STYLE)


def pii(detail: ApplicantDetail, field: PiiField, revealed: Mapping[PiiField, str]) -> Content:
    """A personal-data value: masked, or shown (highlighted) after a reveal."""
    if field in revealed:
        value = revealed[field]
        shown = readable_phone(value) if field is PiiField.PHONE else value
        return safe(shown, 64, style="reverse $warning")
    return Content(_MASKS[field](detail.pii(field)) or "—")


def identity(
    translator: Translator, detail: ApplicantDetail, revealed: Mapping[PiiField, str]
) -> Content:
    """Name, id, NIK, sex, age, province and zone; then contact data, all masked."""
    _ = translator._
    found = province(detail.province_code or "")
    place = f"{found.name if found else _('province unknown')} ({detail.zone.value})"
    first: Pieces = [
        safe(detail.name, 60, style="bold"),
        " · ",
        registration_label(detail.id),
        " · NIK ",
        pii(detail, PiiField.NIK, revealed),
    ]
    if detail.sex is not None:
        first += [" · ", _(detail.sex.label)]
    if detail.age is not None:
        first += [" · ", _("{age} yrs").format(age=translator.number(detail.age))]
    first += [" · ", place]
    second: Pieces = [
        (_("E-mail") + " ", "$text-muted"),
        pii(detail, PiiField.EMAIL, revealed),
        ("  " + _("Phone") + " ", "$text-muted"),
        pii(detail, PiiField.PHONE, revealed),
        ("  " + _("Born") + " ", "$text-muted"),
        pii(detail, PiiField.BIRTH_DATE, revealed),
        ("  " + _("KK") + " ", "$text-muted"),
        pii(detail, PiiField.KK_NUMBER, revealed),
    ]
    return styled(*first, "\n", *second)


def why(translator: Translator, detail: ApplicantDetail) -> Content:
    """The explanation first, then the next step, then the keys that act on it."""
    _ = translator._
    explanation = detail.explanation
    pieces: Pieces = [
        SEVERITY_MARK[explanation.severity],
        (translator.message(explanation.headline, detail.zone), "bold"),
    ]
    if explanation.next_step is not None:
        pieces += ["\n→ ", translator.message(explanation.next_step, detail.zone)]
    if detail.nik_warning is not None and explanation.reason is not Reason.NIK_BIRTH_DIGITS_DIFFER:
        pieces += [
            "\n",
            ("⚠ ", "$warning"),
            translator.message(detail.nik_warning, detail.zone),
        ]
    return styled(*pieces)


def journey(translator: Translator, detail: ApplicantDetail) -> Content:
    """The funnel as a timeline: each stage reached with its time, where it stopped and why."""
    _ = translator._
    state = detail.state
    severity = detail.explanation.severity
    reason_words = _(SHORT_REASON.get(state.reason, state.reason.text))
    lines: list[Content] = []
    stopped = False
    for stage in Stage:
        if stage.rank <= state.stage.rank:
            when = short_moment(translator, state.reached_at(stage), detail.zone)
            lines.append(styled(("✓ ", "$success"), f"{_(stage.label):<22} {when}"))
            if stage is state.stage and state.side_state is not None:
                when = short_moment(translator, state.state_changed_at, detail.zone)
                lines.append(
                    styled(
                        ("✗ ", "$error"),
                        (f"{_(state.side_state.label):<22} {when}", "bold"),
                        f"\n    {reason_words}",
                    )
                )
                stopped = True
        elif not stopped and state.side_state is None and severity is not Severity.OK:
            mark = ("⏳ ", "$accent") if severity is Severity.WAITING else ("✗ ", "$warning")
            lines.append(styled(mark, (_(stage.label), "bold"), f" — {reason_words}"))
            stopped = True
        else:
            lines.append(styled(("· ", "$text-muted"), (_(stage.label), "$text-muted")))
    return Content("\n").join(lines)


def _check_line(translator: Translator, detail: ApplicantDetail, registry: Registry) -> Content:
    _ = translator._
    checks = [view.check for view in detail.checks]
    latest = latest_check(checks, registry)
    name = f"{_(REGISTRY_NAME[registry]):<9} "
    if latest is None:
        return styled(name, ("— " + _("not checked yet"), "$text-muted"))
    view: CheckView = next(item for item in detail.checks if item.check is latest)
    mark, words = CHECK_RESULT[latest.result]
    text = _(words)
    if latest.result is CheckResult.MISMATCH and latest.detail.fields:
        fields = ", ".join(
            _(FIELD_NAME.get(field, N_("other data"))) for field in latest.detail.fields
        )
        text += f" ({fields})"
    if latest.result is CheckResult.RECIPIENT and latest.detail.programme:
        text += " (" + latest.detail.programme + ")"
    style = {"✓": "$success", "✗": "$error", "⏳": "$accent"}.get(mark, "$warning")
    when = short_moment(translator, latest.checked_at or latest.requested_at, detail.zone)
    pieces: Pieces = [name, (mark + " ", style), safe(text, 60), ("  " + when, "$text-muted")]
    if view.queued:
        pieces.append(_queued(translator))
    return styled(*pieces)


def checks(translator: Translator, detail: ApplicantDetail) -> Content:
    """Dukcapil, Dapodik and DTKS with their answers and times, then eligibility in words."""
    lines = [
        _check_line(translator, detail, registry)
        for registry in (Registry.DUKCAPIL, Registry.DAPODIK, Registry.DTKS)
    ]
    lines.append(eligibility(translator, detail))
    return Content("\n").join(lines)


def eligibility(translator: Translator, detail: ApplicantDetail) -> Content:
    _ = translator._
    found = detail.eligibility
    if found is None:
        return styled((_("Eligibility: no wave to judge against yet."), "$text-muted"))
    if detail.state.stage.rank >= Stage.ACCEPTED.rank:
        return styled(
            (_("Eligibility") + ": ", "bold"),
            _("already accepted into the programme (one card per NIK)."),
        )
    assessment = found.assessment
    head = _("Eligibility (wave {wave}):").format(wave=found.wave.number) + " "
    if assessment.rejections:
        reasons = "; ".join(
            translator.message(item.message, detail.zone) for item in assessment.rejections
        )
        return styled((head, "bold"), (_("not eligible"), "$error"), f" — {reasons}")
    pieces: Pieces = [(head, "bold")]
    if detail.state.stage.rank < Stage.NIK_VERIFIED.rank:
        pieces.append((_("eligible once the NIK is verified"), "$warning"))
    else:
        pieces.append((_("eligible"), "$success"))
    if assessment.unconfirmed:
        waiting = ", ".join(_(REGISTRY_NAME[registry]) for registry in assessment.unconfirmed)
        pieces.append(" · " + _("still to be confirmed by {registries}").format(registries=waiting))
    for warning in assessment.warnings:
        pieces += [
            "\n",
            ("⚠ ", "$warning"),
            translator.message(warning.message, detail.zone),
        ]
    return styled(*pieces)


def waves(translator: Translator, detail: ApplicantDetail) -> Content:
    """Each wave joined: when, and what came of it (accepted, not accepted, carried over)."""
    _ = translator._
    if not detail.entries:
        return styled((_("Has not joined a wave."), "$text-muted"))
    lines = []
    for entry in detail.entries:
        number = entry.wave_number if entry.wave_number is not None else "?"
        outcome = _(ENTRY_OUTCOME[entry.outcome])
        pieces: Pieces = [
            (_("Wave {number}").format(number=number), "bold"),
            f" · {short_moment(translator, entry.joined_at, detail.zone)} · ",
            (outcome, "$success" if entry.outcome is EntryOutcome.ACCEPTED else ""),
        ]
        if entry.outcome is not EntryOutcome.PENDING:
            pieces.append(("\n    " + _(entry.reason.text), "$text-muted"))
        lines.append(styled(*pieces))
    return Content("\n").join(lines)


def tickets(translator: Translator, detail: ApplicantDetail) -> Content:
    """The applicant's tickets and verification cases, newest first."""
    _ = translator._
    lines: list[Content] = []
    for ticket in detail.tickets:
        pieces: Pieces = [
            (f"#{ticket.id} ", "bold"),
            _(ticket.category.short_label),
            " · ",
            _(ticket.status.label),
            " · ",
            _(ticket.priority.label),
            "\n  ",
            safe(ticket.subject, 80, style="$text-muted"),
        ]
        if ticket.queued:
            pieces.append(_queued(translator))
        lines.append(styled(*pieces))
    lines.extend(
        styled(
            (_("Case") + ": ", "bold"),
            _(CASE_KIND.get(case.kind, N_("verification case"))),
            " · ",
            _(CASE_STATUS.get(case.status, N_("unknown status"))),
            " · ",
            safe(case.assignee or "—", 30),
        )
        for case in detail.cases
    )
    if not lines:
        return styled((_("No tickets."), "$text-muted"))
    return Content("\n").join(lines)


def notes(translator: Translator, detail: ApplicantDetail) -> Content:
    _ = translator._
    if not detail.notes:
        return styled((_("No notes."), "$text-muted"))
    lines = []
    for note in detail.notes:
        pieces: Pieces = [
            (short_moment(translator, note.at, detail.zone) + " ", "$text-muted"),
            safe(note.author, 30, style="bold"),
            ": ",
            safe(note.body, 300),
        ]
        if note.queued:
            pieces.append(_queued(translator))
        lines.append(styled(*pieces))
    return Content("\n").join(lines)


def audit(translator: Translator, detail: ApplicantDetail) -> Content:
    _ = translator._
    if not detail.audit:
        return styled((_("Nothing recorded yet."), "$text-muted"))
    lines = []
    for entry in detail.audit:
        words = _(AUDIT_ACTION.get(entry.action, N_("acted on the record")))
        pieces: Pieces = [
            (short_moment(translator, entry.at, detail.zone) + " ", "$text-muted"),
            safe(entry.actor, 30, style="bold"),
            f" {words}",
        ]
        if entry.field:
            pieces += [" ", _(FIELD_NAME.get(entry.field, N_("other data")))]
        if entry.reason:
            pieces += [" — ", safe(entry.reason, 120, style="italic")]
        if entry.queued:
            pieces.append(_queued(translator))
        lines.append(styled(*pieces))
    return Content("\n").join(lines)


def action_line(translator: Translator, action: QueuedAction) -> Content:
    """A queued action with its state, and the central's reason when it refused."""
    _ = translator._
    mark, style = {
        QueueStatus.PENDING: ("⏳", QUEUED_STYLE),
        QueueStatus.CONFLICT: ("⚠", "$warning"),
        QueueStatus.REJECTED: ("✗", "$error"),
    }.get(action.status, ("✓", "$success"))
    pieces: Pieces = [
        (f"{mark} ", style),
        (_(ACTION_TYPE[action.type]), "bold"),
        " · ",
        (_(QUEUE_STATUS[action.status]), style),
    ]
    if action.status is QueueStatus.REJECTED:
        pieces += [" — ", refusal(translator, action)]
    elif action.status is QueueStatus.CONFLICT:
        pieces += [" — ", _("changed at the central meanwhile; choose on the Sync screen (F5)")]
    return styled(*pieces)


def refusal(translator: Translator, action: QueuedAction) -> Content:
    """Why the central refused: its message (translated when it is one of ours), literal."""
    if action.message:
        return safe(translator._(action.message), 160)
    if action.reason_code:
        return safe(action.reason_code, 60)
    return Content(translator._("no reason given"))


def queued(translator: Translator, detail: ApplicantDetail) -> Content:
    return Content("\n").join(action_line(translator, action) for action in detail.actions)
