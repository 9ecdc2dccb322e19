"""The ticket screens driven by keys: filing, replying, notes, canned responses, status,
assignment by role, escalation, merging, conflicts, bad input, export."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static, TextArea

from prakerja_console.domain.roles import Role
from prakerja_console.domain.tickets import Status
from prakerja_console.services import Operator
from prakerja_console.services.ticket_views import EventKind, TicketKey
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.canned_picker import CannedPicker
from prakerja_console.ui.screens.choice_dialog import ChoiceDialog
from prakerja_console.ui.screens.compose_dialog import ComposeDialog
from prakerja_console.ui.screens.export_dialog import ExportDialog
from prakerja_console.ui.screens.number_dialog import NumberDialog
from prakerja_console.ui.screens.text_dialog import TextDialog
from prakerja_console.ui.screens.ticket_create_dialog import TicketCreateDialog
from prakerja_console.ui.screens.ticket_detail import TicketDetailScreen
from tests.services.small_mirror import SHARED_NIK, SITI
from tests.tickets.ui.helpers import (
    answer_pending,
    detail_of,
    opening,
    outbox_types,
    queue_of,
    showing,
    users,
)
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio

SUPERVISOR = Operator("budi.supervisor", Role.SUPERVISOR)
UNASSIGNED_TICKET = 2  # Budi's, new
RUDIS_TICKET = 56  # open, assigned to rudi.agent


def dialog(app: Any, kind: type[Any]) -> Any:
    screen = app.screen
    assert isinstance(screen, kind), screen
    return screen


def conversation(app: Any) -> list[tuple[EventKind, bool, str | None]]:
    detail = detail_of(app).detail
    assert detail is not None
    return [(event.kind, event.pending, event.body) for event in detail.events]


async def confirm(pilot: Pilot[Any]) -> None:
    pilot.app.screen.action_confirm()
    await settle(pilot)


# -- the queue ----------------------------------------------------------------------------


async def test_views_switch_with_brackets_and_the_filter_narrows_them(
    make_app: MakeApp, small_mirror: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await showing("all")(pilot)
        screen = queue_of(app)
        everything = len(screen.lines)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "kategori:nik")
        await settle(pilot)
        narrowed = screen.lines
        assert 0 < len(narrowed) < everything
        assert {line.category.value for line in narrowed} <= {
            "nik_not_found",
            "nik_kk_mismatch",
            "nik_already_used",
        }
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert len(screen.lines) == everything
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.view.value == "status"


async def test_enter_opens_the_highlighted_ticket(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await showing("mine")(pilot)
        first = queue_of(app).lines[0]
        await pilot.press("enter")
        await settle(pilot)
        assert detail_of(app).key.id == first.id


async def test_a_view_is_exported_whole(
    make_app: MakeApp, small_mirror: Path, tmp_path: Path
) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await showing("all")(pilot)
        await pilot.press("x")
        await settle(pilot)
        export = dialog(app, ExportDialog)
        export.query_one("#path", Input).value = str(tmp_path / "semua.csv")
        await confirm(pilot)
        with (tmp_path / "semua.csv").open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == 1 + 91  # the header, then every ticket, not one page


# -- filing ------------------------------------------------------------------------------------


async def test_a_blank_ticket_is_filed_checked_and_opened_as_queued(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy, operator=Operator("siti.agent", Role.AGENT))
    async with app.run_test(size=SIZE) as pilot:
        await showing("mine")(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = dialog(app, TicketCreateDialog)
        await confirm(pilot)  # nothing chosen yet
        problem = str(form.query_one("#dialog-problem", Static).render())
        assert problem == "Pilih kategori dari daftar."
        form.query_one("#category", Select).value = "account_access"
        await confirm(pilot)  # no subject yet
        assert "judul" in str(form.query_one("#dialog-problem", Static).render()).lower()
        form.query_one("#subject", Input).value = "Tidak bisa login"
        form.query_one("#description", TextArea).text = "Penelepon belum ingat NIK-nya"
        await confirm(pilot)
        await settle(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.ticket.id < 0
        assert shown.ticket.pending
        assert shown.ticket.applicant_id is None
        assert conversation(app)[-1] == (EventKind.NOTE, True, "Penelepon belum ingat NIK-nya")
    assert outbox_types(mirror_copy)[0][0] == "ticket.create"


async def test_t_on_the_applicant_files_a_ticket_about_them(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy, operator=Operator("siti.agent", Role.AGENT))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_applicant(SITI)
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)
        await pilot.press("t")
        await settle(pilot)
        form = dialog(app, TicketCreateDialog)
        form.query_one("#category", Select).value = "nik_kk_mismatch"
        form.query_one("#subject", Input).value = "Data NIK tidak cocok"
        await confirm(pilot)
        await settle(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.applicant is not None
        assert shown.applicant.id == SITI
        await pilot.press("o")  # the applicant panel links back to the applicant
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)


# -- writing --------------------------------------------------------------------------------------


async def test_a_reply_starts_from_a_canned_response_filled_for_the_applicant(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("r")
        await settle(pilot)
        compose = dialog(app, ComposeDialog)
        await pilot.press("ctrl+t")
        await settle(pilot)
        picker = dialog(app, CannedPicker)
        await type_text(pilot, "dukcapil")
        await settle(pilot)
        assert picker._shown[0].response.key == "nik_check_dukcapil"
        await pilot.press("enter")
        await settle(pilot)
        body = compose.query_one("#body", TextArea).text
        assert body.startswith("Halo Siti Rahayu,")
        assert "3201••••••••0001" in body
        assert "#1" in body
        await confirm(pilot)
        kind, pending, sent = conversation(app)[-1]
        assert (kind, pending) == (EventKind.REPLY, True)
        assert sent == body
    assert outbox_types(mirror_copy)[-1] == (
        "ticket.reply",
        {"ticket_id": 1, "ticket_ref": None, "body": body},
    )


async def test_a_note_is_internal_and_marked_so(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("n")
        await settle(pilot)
        compose = dialog(app, ComposeDialog)
        assert not compose.reply
        compose.query_one("#body", TextArea).text = "Sudah telepon balik, tidak diangkat"
        await confirm(pilot)
        assert conversation(app)[-1] == (
            EventKind.NOTE,
            True,
            "Sudah telepon balik, tidak diangkat",
        )
        notes = detail_of(app).query(".event.note")
        assert notes
        assert "note" in notes.last().classes


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Tulis pesannya dulu"),
        ("   \n  ", "Tulis pesannya dulu"),
        ("x" * 100_000, "100.000"),
    ],
)
async def test_an_empty_or_huge_reply_is_refused_in_the_editor(
    make_app: MakeApp, mirror_copy: Path, text: str, problem: str
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("r")
        await settle(pilot)
        compose = dialog(app, ComposeDialog)
        compose.query_one("#body", TextArea).text = text
        await confirm(pilot)
        assert isinstance(app.screen, ComposeDialog)  # still open
        assert problem in str(compose.query_one("#dialog-problem", Static).render())
    assert outbox_types(mirror_copy) == []


async def test_markup_and_escapes_in_a_reply_are_shown_literally(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    hostile = "[@click=app.quit]klik[/] \x1b[31mmerah \u202eterbalik"
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog(app, ComposeDialog).query_one("#body", TextArea).text = hostile
        await confirm(pilot)
        shown = str(detail_of(app).query(".event.reply").last().render())
        assert "[@click=app.quit]klik[/]" in shown
        assert "␛[31mmerah" in shown
        assert "\x1b" not in shown
        assert "\u202e" not in shown
        assert app.is_running  # the "link" did not quit


@pytest.mark.parametrize(
    ("language", "words"), [("id", "Kasus verifikasi #1 sedang ditinjau"), ("en", "#1 in review")]
)
async def test_the_linked_case_status_reads_as_words(
    make_app: MakeApp, small_mirror: Path, language: str, words: str
) -> None:
    """The side panel says the case's status as the applicant panel does, not its code."""
    app = make_app(small_mirror, language=language)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)  # linked to case 1, in review
        facts = str(detail_of(app).query_one("#facts", Static).render())
        assert words in facts
        assert "in_review" not in facts


# -- changing -------------------------------------------------------------------------------------


async def test_the_status_picker_offers_only_allowed_moves(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)  # open, an agent's
        await pilot.press("s")
        await settle(pilot)
        picker = dialog(app, ChoiceDialog)
        offered = [option.id for option in picker.query_one(OptionList)._options]
        assert offered == ["pending_applicant", "resolved"]  # escalating has its own key
        picker.query_one(OptionList).highlighted = 1
        await confirm(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.ticket.status.value == "resolved"
        assert shown.ticket.pending
    assert outbox_types(mirror_copy)[-1][1]["seen_status"] == "open"


async def _assign_choices(app: Any, pilot: Pilot[Any], ticket: int) -> list[str | None]:
    await opening(ticket)(pilot)
    await pilot.press("a")
    await settle(pilot)
    if not isinstance(app.screen, ChoiceDialog):
        return []
    return [option.id for option in app.screen.query_one(OptionList)._options]


async def test_an_agent_takes_a_free_ticket_but_cannot_hand_one_on(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    users(mirror_copy)
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        assert await _assign_choices(app, pilot, UNASSIGNED_TICKET) == ["siti.agent"]
        await confirm(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.ticket.assignee == "siti.agent"
        await pilot.press("escape")
        await settle(pilot)
        assert await _assign_choices(app, pilot, RUDIS_TICKET) == []  # a colleague's: refused


async def test_a_supervisor_hands_a_ticket_to_anyone_who_works_its_region(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    users(mirror_copy)
    app = make_app(mirror_copy, operator=SUPERVISOR)
    async with app.run_test(size=SIZE) as pilot:
        offered = await _assign_choices(app, pilot, RUDIS_TICKET)
        assert offered[:2] == ["budi.supervisor", "\x00nobody"]
        assert "siti.agent" in offered
        assert "dewi.jabar" not in offered  # ticket 56 is not in Jawa Barat


async def test_escalating_needs_a_reason(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("e")
        await settle(pilot)
        reason = dialog(app, TextDialog)
        await confirm(pilot)
        assert "supervisor" in str(reason.query_one("#dialog-problem", Static).render())
        reason.query_one("#text", TextArea).text = "x"
        await confirm(pilot)
        assert app.screen is reason  # a single letter tells the supervisor nothing
        assert "10" in str(reason.query_one("#dialog-problem", Static).render())
        reason.query_one("#text", TextArea).text = "Perlu keputusan soal data Dukcapil"
        await confirm(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.ticket.status.value == "escalated"
        assert [kind for kind, _pending, _body in conversation(app)][-2:] == [
            EventKind.ESCALATE,
            EventKind.STATUS,
        ]


async def test_a_duplicate_is_merged_into_the_ticket_work_continues_on(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from prakerja_console.domain.tickets import Category, Channel, Priority
        from prakerja_console.services.ticket_actions import TicketDraft

        duplicate = app.services.ticket_actions.create(
            TicketDraft(Category.NIK_KK_MISMATCH, Channel.EMAIL, Priority.NORMAL, "NIK lagi", SITI)
        )
        app.open_ticket(duplicate.key)
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialog(app, NumberDialog).query_one("#number", Input).value = "#1"
        await confirm(pilot)
        await settle(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert (shown.ticket.status.value, shown.ticket.merged_into) == ("closed", 1)
    merge = outbox_types(mirror_copy)[-1]
    assert merge[0] == "ticket.merge"
    assert merge[1]["into_id"] == 1


def _enabled(screen: TicketDetailScreen, action: str) -> bool | None:
    return screen.check_action(action, ())


async def test_an_agent_cannot_merge_an_escalated_ticket_away(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    """Merging closes the ticket: on an escalated one it is a supervisor's call."""
    app = make_app(mirror_copy, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        app.services.ticket_actions.escalate(shown.ticket, "Perlu keputusan soal data Dukcapil")
        detail_of(app).reload()
        await settle(pilot)
        assert _enabled(detail_of(app), "merge") is None  # shown disabled: a supervisor's key
        before = outbox_types(mirror_copy)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TicketDetailScreen)  # no merge dialog
        assert "only a supervisor can merge it" in [n.message for n in app._notifications][-1]
        assert outbox_types(mirror_copy) == before


async def test_a_supervisor_merges_an_escalated_ticket(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy, operator=SUPERVISOR)
    async with app.run_test(size=SIZE) as pilot:
        await opening(RUDIS_TICKET)(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        app.services.ticket_actions.escalate(shown.ticket, "Perlu keputusan soal data Dukcapil")
        detail_of(app).reload()
        await settle(pilot)
        assert _enabled(detail_of(app), "merge") is True
        await pilot.press("d")
        await settle(pilot)
        dialog(app, NumberDialog)


async def _blank_ticket(app: Any, pilot: Pilot[Any]) -> None:
    """File a ticket about nobody yet and open it."""
    from prakerja_console.domain.tickets import Category, Channel, Priority
    from prakerja_console.services.ticket_actions import TicketDraft

    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    blank = app.services.ticket_actions.create(
        TicketDraft(Category.OTHER, Channel.PHONE, Priority.NORMAL, "Penelepon tanpa NIK", None)
    )
    app.open_ticket(blank.key)
    await settle(pilot)


async def _type_in_number_dialog(app: Any, pilot: Pilot[Any], text: str) -> NumberDialog:
    number = dialog(app, NumberDialog)
    number.query_one("#number", Input).value = text
    await confirm(pilot)
    return number


def _problem(number: NumberDialog) -> str:
    return str(number.query_one("#dialog-problem", Static).render())


async def test_the_caller_is_named_by_their_nik(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await _blank_ticket(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        await _type_in_number_dialog(app, pilot, "3201 0141 0190 0001")
        await settle(pilot)
        shown = detail_of(app).detail
        assert shown is not None
        assert shown.ticket.applicant_id == SITI
    kind, payload = outbox_types(mirror_copy)[-1]
    assert (kind, payload["applicant_id"]) == ("ticket.set_applicant", SITI)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("3201014101900099", "No applicant with this NIK is in the mirror"),
        (SHARED_NIK, "More than one registration has this NIK"),
        ("8812", "type it with PK- in front: PK-0008812"),
        ("320101410190000", "A NIK has 16 digits; this one has 15"),
        ("siti@example.id", "Type the caller's NIK (16 digits) or registration id"),
        ("PK-0999999", "Applicant PK-0999999 is not in the mirror"),
    ],
)
async def test_a_caller_number_that_names_nobody_is_refused_in_the_dialog(
    make_app: MakeApp, mirror_copy: Path, typed: str, problem: str
) -> None:
    app = make_app(mirror_copy, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await _blank_ticket(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        number = await _type_in_number_dialog(app, pilot, typed)
        assert app.screen is number  # still open, with what was typed
        assert number.query_one("#number", Input).value == typed
        assert problem in _problem(number)
        assert "e.g. 8812" not in _problem(number)  # not the ticket-number wording


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("abc", "Type the number, e.g. 8812."),
        ("#424242", "Ticket 424242 is not in the mirror."),
        ("self", "A ticket cannot be merged into itself."),
    ],
)
async def test_every_merge_refusal_stays_in_the_dialog(
    make_app: MakeApp, mirror_copy: Path, typed: str, problem: str
) -> None:
    app = make_app(mirror_copy, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        await pilot.press("d")
        await settle(pilot)
        text = "1" if typed == "self" else typed
        number = await _type_in_number_dialog(app, pilot, text)
        await settle(pilot)
        assert app.screen is number
        assert number.query_one("#number", Input).value == text
        assert problem in _problem(number)
    assert all(kind != "ticket.merge" for kind, _payload in outbox_types(mirror_copy))


async def test_a_closed_ticket_lists_no_key_that_would_do_nothing(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    """Reply, note and assign are hidden on a closed ticket; reopening is a supervisor's key,
    shown disabled; any of them pressed says why instead of doing nothing."""
    app = make_app(mirror_copy, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)  # open, an agent's
        actions = app.services.ticket_actions
        for status in ("resolved", "closed"):
            shown = detail_of(app).detail
            assert shown is not None
            actions.set_status(shown.ticket, Status(status))
            detail_of(app).reload()
            await settle(pilot)
        screen = detail_of(app)
        assert screen.detail is not None
        assert screen.detail.ticket.status is Status.CLOSED
        listed = {
            active.binding.action: active.enabled for active in screen.active_bindings.values()
        }
        for hidden in ("reply", "note", "assign", "priority", "category", "escalate", "merge"):
            assert hidden not in listed, hidden
        assert listed["status"] is False  # shown disabled: only a supervisor reopens
        before = outbox_types(mirror_copy)
        for key, words in (("r", "reopened"), ("a", "reopened"), ("s", "Only a supervisor")):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key  # no dialog opened
            assert words in [n.message for n in app._notifications][-1], key
        assert outbox_types(mirror_copy) == before


async def test_a_supervisor_may_reopen_a_closed_ticket(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy, operator=SUPERVISOR)
    async with app.run_test(size=SIZE) as pilot:
        await opening(1)(pilot)
        actions = app.services.ticket_actions
        for status in ("resolved", "closed"):
            shown = detail_of(app).detail
            assert shown is not None
            actions.set_status(shown.ticket, Status(status))
            detail_of(app).reload()
            await settle(pilot)
        assert detail_of(app).check_action("status", ()) is True
        assert detail_of(app).check_action("reply", ()) is False


# -- conflicts ------------------------------------------------------------------------------------


async def _in_conflict(app: Any, pilot: Pilot[Any], mirror: Path) -> TicketDetailScreen:
    await opening(1)(pilot)
    await pilot.press("s")
    await settle(pilot)
    await confirm(pilot)  # waiting for the applicant
    answer_pending(mirror, "conflict", {"status": "resolved", "version": 2})
    screen = detail_of(app)
    screen.reload()
    await settle(pilot)
    detail = screen.detail
    assert detail is not None
    assert len(detail.conflicts) == 1
    return screen


async def test_taking_theirs_ends_the_conflict(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _in_conflict(app, pilot, mirror_copy)
        await pilot.press("t")
        await settle(pilot)
        assert screen.detail is not None
        assert screen.detail.conflicts == ()


async def test_merging_a_conflict_writes_my_intent_as_a_note(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _in_conflict(app, pilot, mirror_copy)
        await pilot.press("g")
        await settle(pilot)
        note = dialog(app, TextDialog)
        drafted = note.query_one("#text", TextArea).text
        assert drafted == "Maksud saya: Status tiket (Menunggu pendaftar)."
        await confirm(pilot)
        assert screen.detail is not None
        assert screen.detail.conflicts == ()
        assert conversation(app)[-1] == (EventKind.NOTE, True, drafted)


async def test_keeping_mine_queues_my_change_again(make_app: MakeApp, mirror_copy: Path) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await _in_conflict(app, pilot, mirror_copy)
        await pilot.press("k")
        await settle(pilot)
    kinds = [kind for kind, _payload in outbox_types(mirror_copy)]
    assert kinds == ["ticket.set_status", "ticket.set_status"]


async def test_the_open_ticket_command(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.commands.run(app, ":tiket 64") is None
        await settle(pilot)
        assert detail_of(app).key == TicketKey(64)
        assert app.commands.run(app, ":tiket abc") is not None
