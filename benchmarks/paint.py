"""The "paint" of a keystroke benchmark: the whole screen rendered as a terminal receives it.

``bench_tui`` and ``bench_tickets`` stop their clocks once a full frame is out, so
the time includes Textual's compositor and Rich's rendering, not just the data read.
"""

from __future__ import annotations

import io
from typing import Any


def frame_text(app: Any) -> str:
    """Render the whole screen of a running ``app`` to text with its escape sequences."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]
