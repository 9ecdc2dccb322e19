"""The applicant screen's actions: queued in the outbox, the header counts them, roles decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static, TextArea

from prakerja_console.domain.roles import Role
from prakerja_console.services import Operator
from prakerja_console.services.outbox import ActionType, QueueStatus
from prakerja_console.ui.app import ConsoleApp
from prakerja_console.ui.screens.applicant import ApplicantScreen
from prakerja_console.ui.screens.note_dialog import NoteDialog
from prakerja_console.ui.screens.reveal_dialog import RevealDialog
from tests.services.small_mirror import BUDI, HOSTILE_FIRST_ID, SITI, SITI_NIK, USERNAME
from tests.ui.conftest import SIZE, MakeApp, settle, type_text

pytestmark = pytest.mark.anyio
REASON = "pendaftar di telepon, cek KTP"


async def open_detail(pilot: Pilot[Any], applicant_id: int) -> ApplicantScreen:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ConsoleApp)
    app.open_applicant(applicant_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ApplicantScreen)
    assert screen.detail is not None
    return screen


def header_link(app: ConsoleApp) -> str:
    return str(app.screen.query_one("#link", Static).render())


def footer_keys(app: ConsoleApp) -> set[str]:
    return {key.key for key in app.screen.query("KeyFooter FooterKey")}  # type: ignore[attr-defined]


async def test_resend_email_is_queued_and_the_header_counts_it(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, BUDI)
        assert "0 antre" in header_link(app)
        await pilot.press("e")
        await settle(pilot)
        assert "1 antre" in header_link(app)
        assert screen.detail is not None
        assert [a.type for a in screen.detail.actions] == [ActionType.RESEND_VERIFICATION_EMAIL]
        assert "antre" in str(screen.query_one("#audit", Static).render())
        notes = [n.message for n in app._notifications]
        assert any("Kirim ulang e-mail verifikasi" in message for message in notes)


async def test_resend_is_disabled_once_the_email_is_verified(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, SITI)
        assert app.screen.check_action("resend_email", ()) is None  # shown, greyed
        await pilot.press("e")
        await settle(pilot)
        assert app.services.facts().queued == 0


async def test_reverification_shows_the_check_as_queued(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, SITI)
        await pilot.press("v")
        await settle(pilot)
        checks = str(screen.query_one("#checks", Static).render())
        assert "menunggu jawaban" in checks
        assert "antre" in checks
        assert screen.check_action("reverify", ()) is None  # not twice


async def test_note_is_validated_in_the_modal_then_queued(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, SITI)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#confirm", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)  # empty: not saved, the dialog says why
        assert "kosong" in str(app.screen.query_one("#dialog-problem", Static).render())
        app.screen.query_one("#note-text", TextArea).text = "Sudah telepon balik."
        app.screen.query_one("#confirm", Button).press()
        await settle(pilot)
        assert app.screen is screen
        assert screen.detail is not None
        assert screen.detail.notes[0].body == "Sudah telepon balik."
        assert screen.detail.notes[0].queued
        assert "1 antre" in header_link(app)


async def test_reveal_needs_a_reason_records_it_and_masks_again_on_leaving(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, SITI)
        identity = screen.query_one("#identity", Static)
        assert SITI_NIK not in str(identity.render())
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RevealDialog)
        await type_text(pilot, "cek")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RevealDialog)  # too short a reason
        app.screen.query_one("#reveal-reason", Input).value = REASON
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert SITI_NIK in str(identity.render())
        audit = screen.query_one("#audit", Static).render()
        assert REASON in str(audit)
        assert USERNAME in str(audit)
        queue = app.services.sync.queue()
        assert (queue[0].type, queue[0].status) == (ActionType.REVEAL_PII, QueueStatus.PENDING)
        await pilot.press("f5")  # leaving the screen masks the value again
        await settle(pilot)
        await app.switch_mode("lookup")  # back to the stack left (F1 would close it)
        await settle(pilot)
        assert app.screen is screen
        assert screen.revealed == {}
        assert SITI_NIK not in str(identity.render())


async def test_roles_hide_what_they_may_never_do(make_app: MakeApp, mirror_copy: Path) -> None:
    officer = Operator("dewi.jabar", Role.OFFICER, "32")
    app = make_app(mirror_copy, operator=officer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, BUDI)
        assert screen.check_action("resend_email", ()) is False  # officers never resend
        assert "e" not in footer_keys(app)
        await pilot.press("e")
        await settle(pilot)
        assert app.services.facts().queued == 0


async def test_scope_greys_out_reveal_outside_the_officers_province(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    officer = Operator("dewi.jabar", Role.OFFICER, "32")
    app = make_app(mirror_copy, operator=officer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, HOSTILE_FIRST_ID)  # no province: nationwide only
        assert screen.check_action("reveal", ()) is None
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen  # no dialog
        siti = await open_detail(pilot, SITI)  # Jawa Barat: in scope
        assert siti.check_action("reveal", ()) is True
