"""The header on a narrow terminal: the link, the sync age and the queue keep their room."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from prakerja_console.services.status import LinkState
from prakerja_console.ui.app import ConsoleApp, LinkChanged
from tests.services.small_mirror import SITI
from tests.ui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.anyio
NARROW = (80, 24)


def drawn(app: ConsoleApp, selector: str) -> str:
    """The widget's text, asserting the whole of it fits in the room it was given."""
    widget = app.screen.query_one(selector, Static)
    content = widget.render()
    assert app.screen.region.contains_region(widget.region)
    assert widget.content_size.width >= content.cell_length, str(content)  # type: ignore[union-attr]
    return str(content)


async def test_online_header_at_80_columns_shows_sync_age_and_queue(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.services.actions.add_note(SITI, "dari tes")  # an action waiting to be sent
        app.post_message(LinkChanged(LinkState(available=True, online=True)))
        await settle(pilot)
        assert drawn(app, "#link") == "● Online · sinkron 3 dtk lalu · 1 antre"
        assert drawn(app, "#clock") == "14:05 WIB"  # the date gives way first


async def test_header_while_syncing_at_80_columns_keeps_the_queue(
    make_app: MakeApp, mirror_copy: Path
) -> None:
    app = make_app(mirror_copy)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.post_message(LinkChanged(LinkState(available=True, online=True, syncing=True)))
        await settle(pilot)
        assert drawn(app, "#link") == "● Online · menyinkronkan… · 0 antre"


async def test_a_wide_header_shows_everything(make_app: MakeApp, small_mirror: Path) -> None:
    app = make_app(small_mirror)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert drawn(app, "#who") == "siti.agent (agen) · Nasional"
        assert drawn(app, "#clock") == "Sab 28 Nov 2026 14:05 WIB"
